// How good power predictions are on laps with measured energies: mean absolute and RMS error per metre
// (kW) for tractive and braking power, and the error of each lap's traction and braking energy (%) when
// the predicted power is integrated over the lap's speed profile; plus the baseline that always predicts
// the training laps' mean power.

import type { LapRows } from './dataset.ts';
import type { PowerModelMetrics } from './saved-model.ts';

/** `predict(lap)` gives bins × 2 predicted powers, kW (traction, braking). */
export function powerMetrics(laps: readonly LapRows[], predict: (lap: LapRows) => ArrayLike<number>): PowerModelMetrics {
  const T = 2;
  const abs = [0, 0];
  const sq = [0, 0];
  let n = 0;
  const lapEnergyErrorPct: PowerModelMetrics['lapEnergyErrorPct'] = [];
  for (const lap of laps) {
    const p = predict(lap);
    if (p.length !== lap.bins * T) throw new RangeError(`lap ${lap.lap}: ${p.length} predictions for ${lap.bins} bins`);
    const energyJ = [0, 0];
    for (let j = 0; j < lap.bins; j++) {
      for (let t = 0; t < T; t++) {
        const e = p[j * T + t] - lap.y[j * T + t];
        abs[t] += Math.abs(e);
        sq[t] += e * e;
        energyJ[t] += p[j * T + t] * 1000 * lap.dtS[j];
      }
      n++;
    }
    lapEnergyErrorPct.push({
      lap: lap.lap,
      tractionPct: (100 * (energyJ[0] - lap.tractionJ)) / lap.tractionJ,
      brakingPct: (100 * (energyJ[1] - lap.brakingJ)) / lap.brakingJ,
    });
  }
  const mean = (k: 'tractionPct' | 'brakingPct') => lapEnergyErrorPct.reduce((s, l) => s + Math.abs(l[k]), 0) / Math.max(1, lapEnergyErrorPct.length);
  return {
    maeKw: abs.map((s) => s / Math.max(1, n)),
    rmseKw: sq.map((s) => Math.sqrt(s / Math.max(1, n))),
    lapEnergyErrorPct,
    meanAbsLapEnergyErrorPct: [mean('tractionPct'), mean('brakingPct')],
  };
}

/** Mean of each target over the laps' bins, kW. */
export function meanTargetsKw(laps: readonly LapRows[]): [number, number] {
  let a = 0;
  let b = 0;
  let n = 0;
  for (const l of laps) {
    for (let j = 0; j < l.bins; j++) {
      a += l.y[2 * j];
      b += l.y[2 * j + 1];
      n++;
    }
  }
  return [a / Math.max(1, n), b / Math.max(1, n)];
}

/** The baseline: every metre gets the training laps' mean power. */
export function baselineMetrics(train: readonly LapRows[], heldOut: readonly LapRows[]): PowerModelMetrics {
  const [tr, br] = meanTargetsKw(train);
  return powerMetrics(heldOut, (lap) => {
    const out = new Float64Array(lap.bins * 2);
    for (let j = 0; j < lap.bins; j++) {
      out[2 * j] = tr;
      out[2 * j + 1] = br;
    }
    return out;
  });
}
