// Where the energy model's vehicle parameters came from, in words: a preset, or saved with the session
// (naming the preset when the saved values are exactly one of them).

import type { VehicleSource } from '../../../workers/energy/energy.worker.ts';
import { ENERGY_PRESETS, type EnergyPresetName } from '../../../workers/energy/presets.ts';
import { VEHICLE_PARAM_LIMITS, type EnergyVehicleParams } from '../../../workers/energy/vehicle-params.ts';

export const PRESET_LABELS: Record<EnergyPresetName, string> = { demo: 'Demo car', 'gr86-cup': 'GR86 Cup' };

export const PRESET_NAMES = Object.keys(ENERGY_PRESETS) as EnergyPresetName[];

const FIELDS = Object.keys(VEHICLE_PARAM_LIMITS) as (keyof EnergyVehicleParams)[];

/** The preset whose values these are (within rounding), or null. */
export function presetMatching(p: EnergyVehicleParams): EnergyPresetName | null {
  return PRESET_NAMES.find((n) => FIELDS.every((f) => Math.abs(ENERGY_PRESETS[n][f] - p[f]) <= 1e-9 * Math.max(1, Math.abs(p[f])))) ?? null;
}

/** 'saved with the session' or 'preset GR86 Cup'. */
export function vehicleSourceText(source: VehicleSource, params: EnergyVehicleParams): string {
  if (source !== 'stored') return `preset ${PRESET_LABELS[source]}`;
  const same = presetMatching(params);
  return same ? `saved with the session (= preset ${PRESET_LABELS[same]})` : 'saved with the session';
}
