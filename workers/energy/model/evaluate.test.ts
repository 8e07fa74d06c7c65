import { describe, expect, it } from 'vitest';
import type { LapRows } from './dataset.ts';
import { baselineMetrics, meanTargetsKw, powerMetrics } from './evaluate.ts';

/** A 2 m lap: measured (traction, braking) kW per bin, 0.1 s per bin, energies to match. */
function lap(n: number, y: number[]): LapRows {
  const dtS = Float64Array.of(0.1, 0.1);
  const yy = Float32Array.from(y);
  return { lap: n, lapTimeS: 0.2, bins: 2, x: new Float32Array(0), y: yy, dtS, speedMs: Float32Array.of(10, 10), tractionJ: (y[0] + y[2]) * 100, brakingJ: (y[1] + y[3]) * 100 };
}

describe('power metrics', () => {
  it('give MAE and RMSE per target in kW and the lap energy error in %', () => {
    const l = lap(3, [100, 0, 0, 200]);
    const m = powerMetrics([l], () => [110, 0, 0, 170]); // errors: traction +10, 0; braking 0, −30
    expect(m.maeKw).toEqual([5, 15]);
    expect(m.rmseKw[0]).toBeCloseTo(Math.sqrt(50), 12);
    expect(m.rmseKw[1]).toBeCloseTo(Math.sqrt(450), 12);
    expect(m.lapEnergyErrorPct[0].lap).toBe(3);
    expect(m.lapEnergyErrorPct[0].tractionPct).toBeCloseTo(10, 9);
    expect(m.lapEnergyErrorPct[0].brakingPct).toBeCloseTo(-15, 9);
    expect(m.meanAbsLapEnergyErrorPct[1]).toBeCloseTo(15, 9);
    expect(() => powerMetrics([l], () => [1, 2])).toThrow(/2 predictions for 2 bins/);
  });

  it('compare with the baseline that predicts the training mean everywhere', () => {
    const train = [lap(1, [100, 0, 0, 200]), lap(2, [60, 0, 0, 40])];
    expect(meanTargetsKw(train)).toEqual([40, 60]);
    const b = baselineMetrics(train, [lap(3, [40, 60, 40, 60])]);
    expect(b.maeKw).toEqual([0, 0]);
  });
});
