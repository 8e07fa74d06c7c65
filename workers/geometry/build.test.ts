import { describe, expect, it } from 'vitest';
import { IngestError } from '../ingest/errors.ts';
import { buildTrackModel, modelFrame } from './build.ts';
import { createLocalFrame, geodeticToLocal, localToGeodetic } from './projection.ts';
import { sampleTurtle, turtlePath } from './synthetic.ts';
import type { TrackSource } from './types.ts';

const PATH = turtlePath([
  { straightM: 300 },
  { arcRadiusM: 40, turnDeg: 180 },
  { straightM: 300 },
  { arcRadiusM: 40, turnDeg: 180 },
]);

function geoSource(): TrackSource {
  const { xM, yM } = sampleTurtle(PATH, 3);
  const frame = createLocalFrame(52.0786, -1.0169);
  const latDeg = new Float64Array(xM.length);
  const lonDeg = new Float64Array(xM.length);
  for (let i = 0; i < xM.length; i++) {
    const g = localToGeodetic(frame, xM[i] + 123, yM[i] - 456);
    latDeg[i] = g.latDeg;
    lonDeg[i] = g.lonDeg;
  }
  return { name: 'oval', sourceFormat: 'synthetic', sourceFile: 'oval.json', points: { frame: 'wgs84', latDeg, lonDeg } };
}

describe('buildTrackModel', () => {
  it('geographic input: local frame around the track, length exact, two hairpins, three sectors, raster', () => {
    const m = buildTrackModel(geoSource());
    expect(m.frame).not.toBeNull();
    expect(Math.abs(m.grid.lengthM - PATH.lengthM)).toBeLessThan(0.02);
    expect(m.corners.map((c) => c.direction)).toEqual(['left', 'left']);
    expect(m.corners.every((c) => Math.abs(c.turningAngleDeg - 180) < 3)).toBe(true);
    expect(m.sectors.map((s) => Math.round(s.endM - s.startM))).toEqual(Array(3).fill(Math.round(PATH.lengthM / 3)));
    expect(m.raster.cellIndex.some((v) => v >= 0)).toBe(true);
    expect(m.grid.widthLeftM).toBeNull();
    expect(m.grid.elevationM).toBeNull();
    // The frame round-trips the grid back to the input's latitude/longitude.
    const frame = modelFrame(m)!;
    const g0 = localToGeodetic(frame, m.grid.xM[0], m.grid.yM[0]);
    const src = geoSource().points as { latDeg: Float64Array; lonDeg: Float64Array };
    const p = geodeticToLocal(frame, src.latDeg[0], src.lonDeg[0]);
    expect(Math.hypot(p.xM - m.grid.xM[0], p.yM - m.grid.yM[0])).toBeLessThan(0.01);
    expect(Math.abs(g0.latDeg - src.latDeg[0])).toBeLessThan(1e-7);
  });

  it('start/finish and timing lines given as latitude/longitude set distance 0 and the sectors', () => {
    const frame = createLocalFrame(52.0786, -1.0169);
    const at = (s: number) => {
      const { xM, yM } = sampleTurtle(PATH, 1, 0); // exact stations every ~1 m
      const i = Math.round(s) % xM.length;
      const g = localToGeodetic(frame, xM[i] + 123, yM[i] - 456);
      return { frame: 'wgs84' as const, latDeg: g.latDeg, lonDeg: g.lonDeg };
    };
    const m = buildTrackModel(geoSource(), { startFinish: at(150), timingLines: [at(500), at(900)] });
    expect(m.sectors.map((s) => Math.round(s.startM))).toEqual([0, 350, 750]);
    // The first corner now starts 150 m after the line instead of 300 m.
    expect(Math.abs(m.corners[0].entryM - 150)).toBeLessThan(3);
  });

  it('reverse drives the other way: corners turn right, widths swap sides', () => {
    const { xM, yM } = sampleTurtle(PATH, 3);
    const m = buildTrackModel(
      {
        name: 'w',
        sourceFormat: 'csv',
        sourceFile: 'w.csv',
        points: { frame: 'local', xM, yM },
        widthLeftM: new Float64Array(xM.length).fill(4),
        widthRightM: new Float64Array(xM.length).fill(7),
      },
      { reverse: true },
    );
    expect(m.corners.map((c) => c.direction)).toEqual(['right', 'right']);
    expect(m.grid.widthLeftM![10]).toBeCloseTo(7, 9);
    expect(m.grid.widthRightM![10]).toBeCloseTo(4, 9);
    expect(m.frame).toBeNull();
  });

  it('too few points is an IngestError naming the file', () => {
    const src: TrackSource = {
      name: 'tiny',
      sourceFormat: 'csv',
      sourceFile: 'tiny.csv',
      points: { frame: 'local', xM: Float64Array.from([0, 1, 2]), yM: Float64Array.from([0, 1, 0]) },
    };
    expect(() => buildTrackModel(src)).toThrow(IngestError);
    expect(() => buildTrackModel(src)).toThrow(/tiny\.csv/);
  });
});
