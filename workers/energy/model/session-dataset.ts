// The power-demand dataset of an analysed session: the track model's per-metre features with each
// analysed lap's speed profile and measured powers (what the energy worker hands to the model worker).

import type { TrackModel } from '../../geometry/types.ts';
import type { LapEnergy } from '../lap-energy.ts';
import { powerDataset, type PowerDataset } from './dataset.ts';
import { trackFeatures } from './features.ts';

export function sessionPowerDataset(model: TrackModel, laps: readonly LapEnergy[], derivativeHalfWindowM?: number): PowerDataset {
  const track = trackFeatures(model.grid, model.corners);
  return powerDataset(track, laps.map((l) => ({ lap: l.lap, lapTimeS: l.lapTimeS, perMetre: l.perMetre })), derivativeHalfWindowM);
}
