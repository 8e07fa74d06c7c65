import { describe, expect, it } from 'vitest';
import { sortByTime, TimeSeriesBuffer } from './series-sort.ts';
import { seededRandom } from './test-support.ts';

function reference(t: number[], v: number[]): [number[], number[]] {
  const idx = t.map((_, i) => i).sort((a, b) => t[a] - t[b] || a - b);
  return [idx.map((i) => t[i]), idx.map((i) => v[i])];
}

describe('sortByTime', () => {
  it('sorts stably for shuffled, reversed, sorted and duplicate-heavy inputs', () => {
    const rnd = seededRandom(11);
    const cases: number[][] = [
      Array.from({ length: 1000 }, () => Math.floor(rnd() * 300)),
      Array.from({ length: 777 }, (_, i) => 777 - i),
      Array.from({ length: 500 }, (_, i) => i),
      Array.from({ length: 5000 }, () => rnd()),
      Array.from({ length: 3 }, (_, i) => 3 - i),
      [5, 5, 5, 4, 4, 6, 1, 1, 1],
    ];
    for (const t of cases) {
      const v = t.map((_, i) => i);
      const [rt, rv] = reference(t, v);
      const ft = Float64Array.from(t), fv = Float64Array.from(v);
      sortByTime(ft, fv);
      expect(Array.from(ft)).toEqual(rt);
      expect(Array.from(fv)).toEqual(rv);
    }
  });

  it('buffers grow and sort their filled part only', () => {
    const b = new TimeSeriesBuffer(2);
    for (let i = 10; i > 0; i--) b.push(i, i * 10);
    b.sortByTime();
    expect(Array.from(b.t.subarray(0, b.n))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Array.from(b.v.subarray(0, b.n))).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });
});
