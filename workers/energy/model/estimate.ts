// Energy of a lap that was not driven: the power-demand model's tractive and braking power at each metre
// for a given speed profile on a track, integrated over the time the profile spends in each metre.

import { featureRows, speedFeatures, type SpeedProfile, type TrackFeatures } from './features.ts';
import { predictKw, type PowerDemandModel } from './mlp.ts';

export interface LapEnergyEstimate {
  /** Traction energy, and all retarding wheel work (brakes + engine braking), J. */
  tractionJ: number;
  brakingJ: number;
  /** Lap time at the speed profile, s. */
  timeS: number;
  perMetre: {
    /** Per bin [j, j + 1) m: predicted powers (W), the time spent (s) and the energies (J). */
    tractionW: Float64Array;
    brakingW: Float64Array;
    timeS: Float64Array;
    tractionJ: Float64Array;
    brakingJ: Float64Array;
  };
}

/**
 * Estimates a lap's traction and braking energy from the track's per-metre features and a target speed
 * profile (speeds at the grid points 0…bins, m/s) with a trained power-demand model.
 */
export function estimateLapEnergy(trackFeatures: TrackFeatures, speedProfile: SpeedProfile, model: PowerDemandModel): LapEnergyEstimate {
  const speed = speedFeatures(speedProfile, trackFeatures, model.derivativeHalfWindowM);
  const kw = predictKw(model, featureRows(trackFeatures, speed));
  const bins = trackFeatures.bins;
  const tractionW = new Float64Array(bins);
  const brakingW = new Float64Array(bins);
  const tractionJ = new Float64Array(bins);
  const brakingJ = new Float64Array(bins);
  let tr = 0;
  let br = 0;
  let time = 0;
  for (let j = 0; j < bins; j++) {
    tractionW[j] = kw[2 * j] * 1000;
    brakingW[j] = kw[2 * j + 1] * 1000;
    tractionJ[j] = tractionW[j] * speed.dtS[j];
    brakingJ[j] = brakingW[j] * speed.dtS[j];
    tr += tractionJ[j];
    br += brakingJ[j];
    time += speed.dtS[j];
  }
  return { tractionJ: tr, brakingJ: br, timeS: time, perMetre: { tractionW, brakingW, timeS: speed.dtS, tractionJ, brakingJ } };
}
