import { describe, expect, it } from 'vitest';
import { factorCyclicBand, solveCyclicBand } from './cyclic-banded.ts';
import { seededRandom } from './synthetic.ts';

function dense(n: number, bands: Float64Array[]): number[][] {
  const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    a[i][i] += bands[0][i];
    for (let k = 1; k < bands.length; k++) {
      const j = (i + k) % n;
      a[i][j] += bands[k][i];
      a[j][i] += bands[k][i];
    }
  }
  return a;
}

describe('cyclic banded SPD solver', () => {
  it.each([
    [7, 1],
    [12, 2],
    [40, 2],
    [33, 3],
  ])('n=%i band=%i matches A·x = b', (n, p) => {
    const rand = seededRandom(n * 10 + p);
    const bands = Array.from({ length: p + 1 }, (_v, k) => Float64Array.from({ length: n }, () => (k === 0 ? 0 : rand() - 0.5)));
    // Diagonally dominant → SPD.
    for (let i = 0; i < n; i++) bands[0][i] = 2 * p + 1 + rand();
    const a = dense(n, bands);
    const x0 = Float64Array.from({ length: n }, () => rand() * 10 - 5);
    const b = Float64Array.from(a.map((row) => row.reduce((s, v, j) => s + v * x0[j], 0)));
    const x = solveCyclicBand(factorCyclicBand({ n, bands }), b);
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(x0[i], 10);
  });

  it('refuses a system too small for its band', () => {
    expect(() => factorCyclicBand({ n: 5, bands: [new Float64Array(5).fill(4), new Float64Array(5), new Float64Array(5)] })).toThrow(
      RangeError,
    );
  });
});
