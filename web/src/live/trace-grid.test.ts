import { describe, expect, it } from 'vitest';
import { rollingData } from './trace-grid.ts';

describe('rollingData', () => {
  it('samples each car on one grid ending at now, in epoch seconds, with null for no value', () => {
    const reader = { valueAt: (car: string, _c: string, tMs: number) => (car === 'a' ? tMs / 1000 : tMs > 9000 ? 1 : NaN) };
    const [xs, a, b] = rollingData(reader, ['a', 'b'], 'speedKmh', 10_000, 2000, 5);
    expect(xs).toEqual([8, 8.5, 9, 9.5, 10]);
    expect(a).toEqual([8, 8.5, 9, 9.5, 10]);
    expect(b).toEqual([null, null, null, 1, 1]);
  });
});
