import { describe, expect, it } from 'vitest';
import { IngestError } from '../../ingest/errors.ts';
import { buildTrackModel } from '../build.ts';
import { ringLonLat, writeDbf, writeShp } from './fixtures.ts';
import { dbfName, isShapefile, readShapefile } from './shapefile.ts';

const RING = ringLonLat(80, 150, 100);
const GEOGCS = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

describe('shapefile track reader', () => {
  it('PolyLineZ in two parts + .dbf name + .prj: one loop with elevation', () => {
    const pts = RING.map((p) => [p[0], p[1], p[2]] as [number, number, number]);
    const shp = writeShp([{ type: 13, parts: [pts.slice(0, 41), pts.slice(40)] }]);
    expect(isShapefile(shp)).toBe(true);
    const src = readShapefile({ shp, dbf: writeDbf('NAME', ['Ring Raceway']), prj: GEOGCS }, 'ring.shp');
    expect(src.name).toBe('Ring Raceway');
    expect(src.sourceFormat).toBe('shapefile');
    expect(src.points.frame).toBe('wgs84');
    expect(src.elevationM![3]).toBeCloseTo(RING[3][2], 9);
    const m = buildTrackModel(src);
    expect(Math.abs(m.grid.lengthM - 2 * Math.PI * 150)).toBeLessThan(0.02);
  });

  it('Polygon: the clockwise outer ring is kept, the counter-clockwise hole dropped', () => {
    const outerCw = RING.map((p) => [p[0], p[1]] as [number, number]).reverse();
    const hole = ringLonLat(12, 30).map((p) => [p[0], p[1]] as [number, number]);
    const src = readShapefile({ shp: writeShp([{ type: 5, parts: [outerCw, hole] }]) }, 'poly.shp');
    expect(src.points.frame === 'wgs84' && src.points.latDeg.length).toBe(80);
  });

  it('projected coordinates: metres, or feet scaled by the .prj unit; no .prj gives a warning', () => {
    const local = Array.from({ length: 60 }, (_v, i) => {
      const a = (2 * Math.PI * i) / 60;
      return [500000 + 100 * Math.cos(a), 5200000 + 100 * Math.sin(a)] as [number, number];
    });
    const shp = writeShp([{ type: 3, parts: [local] }]);
    const m = readShapefile({ shp }, 'utm.shp');
    expect(m.points.frame).toBe('local');
    expect(m.warnings?.[0]).toMatch(/no \.prj/);
    const prjFeet = 'PROJCS["NAD83 / feet",GEOGCS["NAD83",UNIT["degree",0.0174532925199433]],UNIT["US survey foot",0.3048006096012192]]';
    const f = readShapefile({ shp, prj: prjFeet }, 'feet.shp');
    const len = buildTrackModel(f).grid.lengthM;
    expect(Math.abs(len - 2 * Math.PI * 100 * 0.3048006096012192)).toBeLessThan(0.01);
  });

  it('point records are taken in order', () => {
    const shp = writeShp(RING.map((p) => ({ type: 1 as const, parts: [[[p[0], p[1]] as [number, number]]] })));
    const src = readShapefile({ shp }, 'points.shp');
    expect(src.points.frame === 'wgs84' && src.points.lonDeg[7]).toBe(RING[7][0]);
  });

  it('bad magic, truncation and unsupported types are IngestErrors', () => {
    const shp = writeShp([{ type: 3, parts: [RING.map((p) => [p[0], p[1]] as [number, number])] }]);
    const bad = shp.slice();
    bad[3] = 0;
    expect(() => readShapefile({ shp: bad }, 'x.shp')).toThrow(/file code 9994/);
    try {
      readShapefile({ shp: shp.subarray(0, shp.length - 40) }, 'cut.shp');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).code).toBe('truncated');
    }
    const patch = shp.slice();
    new DataView(patch.buffer).setInt32(108, 31, true); // MultiPatch
    expect(() => readShapefile({ shp: patch }, 'mp.shp')).toThrow(/MultiPatch/);
  });

  it('dbfName reads a NAME-like character field', () => {
    expect(dbfName(writeDbf('TRACK', ['Oval']))).toBe('Oval');
    expect(dbfName(writeDbf('LENGTH', ['1234']))).toBeUndefined();
  });
});
