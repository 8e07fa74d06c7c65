import { describe, expect, it } from 'vitest';
import { buildTrackModel } from '../build.ts';
import { ringLonLat } from './fixtures.ts';
import { isZaggyaiTrack, readZaggyai } from './zaggyai.ts';

describe('zaggyai track JSON reader', () => {
  it('lat/lon ×1e-7 integers, elevation in mm with 0 = missing, start_finish', () => {
    const ring = ringLonLat(120, 250, 200);
    const pts = ring.map((p, i) => ({ lat: Math.round(p[1] * 1e7), lon: Math.round(p[0] * 1e7), elev: i === 3 ? 0 : Math.round(p[2] * 1000) }));
    const doc = { name: 'Ring Park', short_name: 'Main', start_finish: pts[40], pts: [...pts, pts[0]] };
    expect(isZaggyaiTrack(doc)).toBe(true);
    const src = readZaggyai(doc, 'ring.json');
    expect(src.name).toBe('Ring Park (Main)');
    expect(src.points.frame === 'wgs84' && src.points.latDeg[1]).toBeCloseTo(ring[1][1], 7);
    expect(Number.isNaN(src.elevationM![3])).toBe(true);
    expect(src.elevationM![4]).toBeCloseTo(ring[4][2], 3);
    const m = buildTrackModel(src);
    // 1e-7° rounding is ~1 cm; the length stays within a few cm.
    expect(Math.abs(m.grid.lengthM - 2 * Math.PI * 250)).toBeLessThan(0.05);
    expect(m.grid.elevationM).not.toBeNull();
    // Distance 0 at point 40 (a third of the way round).
    expect(Math.atan2(m.grid.yM[0], m.grid.xM[0])).toBeCloseTo((2 * Math.PI * 40) / 120, 3);
  });

  it('rejects other JSON', () => {
    expect(isZaggyaiTrack({ type: 'FeatureCollection' })).toBe(false);
    expect(() => readZaggyai({ pts: [{ lat: 'a' }] }, 'x.json')).toThrow();
  });
});
