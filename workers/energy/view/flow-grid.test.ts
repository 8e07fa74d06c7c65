import { describe, expect, it } from 'vitest';
import type { PerMetreEnergy } from '../lap-energy.ts';
import { BIN_COMPONENTS, type BinComponent } from '../kernels.ts';
import { differenceSeries, flowSeries, flowTotals } from './flow-grid.ts';

/** A 4 m "lap": 0.1 s per metre; traction 2 kJ, 0, 0, 0; brakes 0, 0, 1 + 0.5 kJ front/rear, engine braking 0.5 kJ in bin 3. */
function perMetre(scale = 1): PerMetreEnergy {
  const values = {} as Record<BinComponent, Float64Array>;
  for (const c of BIN_COMPONENTS) values[c] = new Float64Array(4);
  values.timeS.fill(0.1);
  values.tractionJ[0] = 2000 * scale;
  values.brakeFrontJ[2] = 1000 * scale;
  values.brakeRearJ[2] = 500 * scale;
  values.engineBrakeJ[3] = 500 * scale;
  const wheelJ = Float64Array.from([2000, 0, -1500, -500].map((v) => v * scale));
  return {
    lengthM: 4,
    bins: 4,
    distanceM: Float64Array.from([0, 1, 2, 3, 4]),
    timeS: Float64Array.from([0, 0.1, 0.2, 0.3, 0.4]),
    speedMs: Float64Array.from([10, 10, 10, 10, 10]),
    kineticJ: new Float64Array(5),
    values,
    wheelJ,
    vectorXJ: wheelJ,
    vectorYJ: new Float64Array(4),
  };
}

describe('flow series', () => {
  it('turn per-metre energies into powers (energy ÷ time), braking = brakes + engine braking', () => {
    const s = flowSeries(perMetre());
    expect(Array.from(s.tractionKw)).toEqual([20, 0, 0, 0]);
    expect(Array.from(s.brakingKw)).toEqual([0, 0, 15, 5]);
    expect(Array.from(s.netKw)).toEqual([20, 0, -15, -5]);
    expect(Array.from(s.speedKmh)).toEqual([36, 36, 36, 36]);
    expect(flowTotals(perMetre(), 0.4)).toEqual({ lapTimeS: 0.4, tractionKJ: 2, brakingKJ: 2, netKJ: 0 });
  });

  it('difference A − B per metre', () => {
    const d = differenceSeries(flowSeries(perMetre(2)), flowSeries(perMetre()));
    expect(Array.from(d.netKw)).toEqual([20, 0, -15, -5]);
    expect(Array.from(d.speedKmh)).toEqual([0, 0, 0, 0]);
  });
});
