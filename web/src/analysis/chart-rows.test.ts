import { describe, expect, it } from 'vitest';
import { axisLabel, CHART_ROWS, toSeries } from './chart-rows.ts';

describe('lap-compare chart rows', () => {
  it('labels every axis with its unit', () => {
    for (const row of CHART_ROWS) expect(axisLabel(row)).toMatch(/^[A-Z][\w-]+ \(.+\)$/);
    expect(axisLabel({ label: 'Gear', unit: '' })).toBe('Gear (—)');
    expect(axisLabel({ label: 'Speed', unit: 'km/h' })).toBe('Speed (km/h)');
    expect(CHART_ROWS.map((r) => r.id)).toEqual(['speed', 'throttle', 'brake', 'gear', 'steering', 'delta']);
  });
  it('keeps finite arrays as they are and turns gaps into null', () => {
    const ok = Float64Array.of(1, 2, 3);
    expect(toSeries(ok, 3)).toBe(ok);
    expect(toSeries(Float64Array.of(1, NaN, 3), 3)).toEqual([1, null, 3]);
    expect(toSeries(null, 2)).toEqual([null, null]);
  });
});
