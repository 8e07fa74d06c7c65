// The vehicle parameters that apply to a session: those saved with it (setting key 'vehicle'),
// else the preset its vehicle id suggests, else the GR86 Cup preset — and where they came from.

import type { SessionMeta } from '../model/session.ts';
import { ENERGY_PRESETS, presetForSession, type EnergyPresetName } from './presets.ts';
import { checkVehicleParams, type EnergyVehicleParams } from './vehicle-params.ts';

export const VEHICLE_SETTING_KEY = 'vehicle';

export interface SessionVehicle {
  params: EnergyVehicleParams;
  /** 'stored' (edited for this session), or the preset it came from. */
  source: 'stored' | EnergyPresetName;
}

/** `stored` is what the store holds under VEHICLE_SETTING_KEY (undefined when nothing was saved). */
export function sessionVehicle(meta: SessionMeta, stored: unknown, preset?: EnergyPresetName): SessionVehicle {
  if (preset) return { params: ENERGY_PRESETS[preset], source: preset };
  if (stored !== undefined) return { params: checkVehicleParams(stored as EnergyVehicleParams), source: 'stored' };
  const suggested = presetForSession(meta) ?? 'gr86-cup';
  return { params: ENERGY_PRESETS[suggested], source: suggested };
}
