import { describe, expect, it } from 'vitest';
import { integrateAlongLine } from './dead-reckoning.ts';

describe('dead reckoning along the reference line', () => {
  it('turns metres driven on a line offset inside a bend into reference-line metres exactly (ds = dp / (1 − κn))', () => {
    // a circle of radius 50 m (κ = 1/50 everywhere), driven 5 m inside it: 1 m driven = 1 / 0.9 m of reference line
    const L = 2 * Math.PI * 50;
    const kappa = new Float64Array(Math.ceil(L)).fill(1 / 50);
    const n = 200;
    const dPath = new Float64Array(n).fill(0.9);
    const line = new Float64Array(n).fill(5);
    const at = Float64Array.from({ length: n }, (_, j) => j);
    const S = integrateAlongLine(dPath, at, line, at, kappa, L);
    expect(S[n - 1]).toBeCloseTo(n - 1, 9);
    // a gap in the distance driven takes the GPS's step instead
    dPath[50] = NaN;
    const sRaw = Float64Array.from({ length: n }, (_, j) => j + (j >= 50 ? 7 : 0));
    expect(integrateAlongLine(dPath, sRaw, line, at, kappa, L)[n - 1]).toBeCloseTo(n - 1 + 7, 9);
  });
});
