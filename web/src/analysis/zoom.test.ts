import { describe, expect, it } from 'vitest';
import { clampRange, cornerWindow, MIN_SPAN_M, panBy, pinchRange, zoomAround } from './zoom.ts';

const L = 4000;

describe('chart zoom window', () => {
  it('keeps windows inside the lap and at least the minimum span', () => {
    expect(clampRange({ minM: -100, maxM: 300 }, L)).toEqual({ minM: 0, maxM: 400 });
    expect(clampRange({ minM: 3900, maxM: 4100 }, L)).toEqual({ minM: 3800, maxM: 4000 });
    expect(clampRange({ minM: 100, maxM: 101 }, L).maxM - 100).toBe(MIN_SPAN_M);
    expect(clampRange({ minM: -10, maxM: 9000 }, L)).toEqual({ minM: 0, maxM: L });
  });
  it('zooms about a point that stays put', () => {
    const r = zoomAround({ minM: 1000, maxM: 2000 }, 1200, 0.5, L);
    expect(r).toEqual({ minM: 1100, maxM: 1600 });
    expect((1200 - r.minM) / (r.maxM - r.minM)).toBeCloseTo(0.2);
  });
  it('pans without leaving the lap', () => {
    expect(panBy({ minM: 100, maxM: 300 }, -500, L)).toEqual({ minM: 0, maxM: 200 });
    expect(panBy({ minM: 100, maxM: 300 }, 50, L)).toEqual({ minM: 150, maxM: 350 });
  });
  it('pinches: the distances under the fingers follow them', () => {
    const start = { minM: 1000, maxM: 2000 };
    // fingers at 25 % and 75 % (1250 m, 1750 m) spread to 0 % and 100 %
    const r = pinchRange(start, 400, [100, 300], [0, 400], L);
    expect(r.minM).toBeCloseTo(1250);
    expect(r.maxM).toBeCloseTo(1750);
    // both fingers move 100 px right (a quarter of the width): a pan of −250 m
    const p = pinchRange(start, 400, [100, 300], [200, 400], L);
    expect(p.minM).toBeCloseTo(750);
    expect(p.maxM).toBeCloseTo(1750);
  });
  it('frames a corner with 50 m either side, and the longer part of one across the line', () => {
    expect(cornerWindow({ entryM: 500, exitM: 700 }, L)).toEqual({ minM: 450, maxM: 750 });
    expect(cornerWindow({ entryM: 3800, exitM: 50 }, L)).toEqual({ minM: 3750, maxM: L });
    expect(cornerWindow({ entryM: 3990, exitM: 120 }, L)).toEqual({ minM: 0, maxM: 170 });
  });
});
