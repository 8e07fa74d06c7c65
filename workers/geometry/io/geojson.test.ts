import { describe, expect, it } from 'vitest';
import { IngestError } from '../../ingest/errors.ts';
import { buildTrackModel } from '../build.ts';
import { ringLonLat } from './fixtures.ts';
import { readGeoJson } from './geojson.ts';

const RING = ringLonLat(120, 300);
const EXACT = 2 * Math.PI * 300;

describe('GeoJSON track reader', () => {
  it('FeatureCollection with a LineString and a start/finish Point', () => {
    const doc = {
      type: 'FeatureCollection',
      name: 'ring',
      features: [
        { type: 'Feature', properties: { Name: 'Test Ring' }, geometry: { type: 'LineString', coordinates: [...RING, RING[0]] } },
        { type: 'Feature', properties: { name: 'Start/Finish' }, geometry: { type: 'Point', coordinates: RING[30].slice(0, 2) } },
      ],
    };
    const src = readGeoJson(doc, 'ring.geojson');
    expect(src.name).toBe('Test Ring');
    expect(src.points.frame).toBe('wgs84');
    expect(src.startFinish).toEqual({ frame: 'wgs84', lonDeg: RING[30][0], latDeg: RING[30][1] });
    expect(src.elevationM![1]).toBeCloseTo(RING[1][2], 9);
    const m = buildTrackModel(src);
    expect(Math.abs(m.grid.lengthM - EXACT)).toBeLessThan(0.02);
    // Distance 0 is at point 30 (a quarter of the way round).
    const p30 = m.grid.xM[0] ** 2 + m.grid.yM[0] ** 2;
    expect(Math.sqrt(p30)).toBeCloseTo(300, 1);
    expect(m.grid.yM[0]).toBeCloseTo(300, 0);
  });

  it('MultiLineString pieces (one reversed) are chained into one loop', () => {
    const a = RING.slice(0, 50);
    const b = RING.slice(49, 90).reverse();
    const c = [...RING.slice(89), RING[0]];
    const src = readGeoJson({ type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: [b, a, c] } }, 'x.json');
    expect(src.warnings).toBeUndefined();
    expect(Math.abs(buildTrackModel(src).grid.lengthM - EXACT)).toBeLessThan(0.02);
  });

  it('Polygon: the outer ring is the line; a bare geometry works', () => {
    const hole = ringLonLat(20, 50).map((p) => p.slice(0, 2));
    const src = readGeoJson({ type: 'Polygon', coordinates: [RING.map((p) => p.slice(0, 2)), hole] }, 'p.json');
    expect(src.points.frame === 'wgs84' && src.points.latDeg.length).toBe(120);
  });

  it('bad input is an IngestError with a reason', () => {
    expect(() => readGeoJson({ type: 'LineString', coordinates: [[1, 2], ['a', 3]] }, 'b.json')).toThrow(/position 1/);
    expect(() => readGeoJson({ type: 'LineString', coordinates: [[200, 2], [1, 3]] }, 'b.json')).toThrow(IngestError);
    expect(() => readGeoJson({ type: 'FeatureCollection', features: [] }, 'e.json')).toThrow(/no LineString/);
    expect(() => readGeoJson([1, 2], 'arr.json')).toThrow(IngestError);
  });
});
