// Savitzky–Golay on uneven samples: exact for quadratics, zero phase, tolerant of NaNs and short signals.

import { describe, expect, it } from 'vitest';
import { savitzkyGolayDerivative, savitzkyGolaySmooth } from './derivative.ts';

describe('Savitzky–Golay derivative and smoothing (uneven sampling)', () => {
  const t = new Float64Array(200);
  for (let i = 1; i < t.length; i++) t[i] = t[i - 1] + 0.03 + 0.02 * ((i * 7919) % 13) / 13; // jittered 30–50 ms

  it('is exact for a quadratic, including at the ends', () => {
    const y = t.map((x) => 3 + 2 * x - 0.7 * x * x);
    const d = savitzkyGolayDerivative(t, y, { windowS: 0.5 });
    const s = savitzkyGolaySmooth(t, y, { windowS: 0.5 });
    for (let i = 0; i < t.length; i++) {
      expect(d[i]).toBeCloseTo(2 - 1.4 * t[i], 9);
      expect(s[i]).toBeCloseTo(y[i], 9);
    }
  });

  it('adds no lag to a sine (zero phase)', () => {
    const w = 2 * Math.PI * 0.3;
    const y = t.map((x) => Math.sin(w * x));
    const d = savitzkyGolayDerivative(t, y, { windowS: 0.5 });
    const errorWithLag = (lag: number) => {
      let e = 0;
      for (let i = 10; i < t.length - 10; i++) e = Math.max(e, Math.abs(d[i] - w * Math.cos(w * (t[i] - lag))));
      return e;
    };
    expect(errorWithLag(0)).toBeLessThan(0.04 * w); // amplitude: the local fit flattens the sine slightly
    expect(errorWithLag(0)).toBeLessThan(errorWithLag(0.01));
    expect(errorWithLag(0)).toBeLessThan(errorWithLag(-0.01));
  });

  it('skips NaN samples, widens to minPoints and falls back to a slope with two samples', () => {
    const y = t.map((x) => 5 * x);
    y[50] = Number.NaN;
    const d = savitzkyGolayDerivative(t, y, { windowS: 0.05, minPoints: 5 });
    for (let i = 0; i < t.length; i++) expect(d[i]).toBeCloseTo(5, 9);
    expect(Array.from(savitzkyGolayDerivative(Float64Array.of(0, 1), Float64Array.of(1, 4)))).toEqual([3, 3]);
    expect(Array.from(savitzkyGolayDerivative(Float64Array.of(0), Float64Array.of(1)))).toEqual([0]);
  });
});
