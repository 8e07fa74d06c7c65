// Real circuits from /work/shared/data/real (see its SOURCES.md); skipped with a message when absent.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asyncBufferFromFile, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { buildTrackModel } from './build.ts';
import { fuseGpsLaps, type GpsLap } from './io/gps-laps.ts';
import { readTrackFile } from './io/read-track-file.ts';
import { closedPolylineLengthM } from './polyline.ts';
import { createLocalFrame, projectToLocal } from './projection.ts';
import { buildTrackIndex, projectOnTrack } from './projector.ts';
import type { TrackModel } from './types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REAL = path.resolve(repoRoot, '../shared/data/real');
const exists = fs.existsSync(path.join(REAL, 'tracks'));
if (!exists) console.warn(`real-track tests skipped: ${REAL} not found`);

const read = (rel: string) => readTrackFile(path.basename(rel), new Uint8Array(fs.readFileSync(path.join(REAL, rel))));
const report = (label: string, values: Record<string, unknown>) => console.info(`[real tracks] ${label}: ${JSON.stringify(values)}`);

/** Length of the closed polyline of a local-metre source, computed here from the file. */
function polylineLength(rel: string): number {
  const rows = fs
    .readFileSync(path.join(REAL, rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split(',').map(Number));
  return closedPolylineLengthM(
    rows.map((r) => r[0]),
    rows.map((r) => r[1]),
  );
}

/** Median of a list of numbers. */
function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Grid indices [i, k] of segments that cross each other (at least 20 m apart along the line). */
function selfCrossings(m: TrackModel): number[] {
  const { xM, yM } = m.grid;
  const n = xM.length;
  const hits: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    for (let k = i + 20; k < n - 1 && k < i + n - 20; k++) {
      const l = k + 1;
      const d1 = (xM[j] - xM[i]) * (yM[k] - yM[i]) - (yM[j] - yM[i]) * (xM[k] - xM[i]);
      const d2 = (xM[j] - xM[i]) * (yM[l] - yM[i]) - (yM[j] - yM[i]) * (xM[l] - xM[i]);
      if (d1 * d2 > 0) continue;
      const d3 = (xM[l] - xM[k]) * (yM[i] - yM[k]) - (yM[l] - yM[k]) * (xM[i] - xM[k]);
      const d4 = (xM[l] - xM[k]) * (yM[j] - yM[k]) - (yM[l] - yM[k]) * (xM[j] - xM[k]);
      if (d3 * d4 <= 0 && Math.hypot(xM[k] - xM[i], yM[k] - yM[i]) < 3) hits.push(i, k);
    }
  }
  return hits;
}

describe.skipIf(!exists)('real tracks', () => {
  it('TUMFTM Austin (COTA) centre line: length within 0.2 % of its polyline, 20 ± 3 turns', () => {
    const poly = polylineLength('tracks/tumftm/Austin_track.csv');
    const m = buildTrackModel(read('tracks/tumftm/Austin_track.csv'));
    const err = m.grid.lengthM / poly - 1;
    report('Austin', {
      polylineM: +poly.toFixed(2),
      lengthM: +m.grid.lengthM.toFixed(2),
      errorPct: +(err * 100).toFixed(3),
      corners: m.corners.length,
      chicanes: m.chicanes.length,
      smoothingLengthM: +m.smoothing.smoothingLengthM.toFixed(2),
    });
    expect(Math.abs(err)).toBeLessThan(0.002);
    expect(Math.abs(m.corners.length - 20)).toBeLessThanOrEqual(3);
    // COTA runs anticlockwise: more left than right turns; T1 is the uphill left hairpin ~0.6 km from the line.
    expect(m.corners.filter((c) => c.direction === 'left').length).toBeGreaterThan(m.corners.length / 2);
    expect(m.corners[0].direction).toBe('left');
    expect(m.corners[0].cornerClass).toBe('hairpin');
    expect(m.corners[0].apexM).toBeGreaterThan(500);
    expect(m.corners[0].apexM).toBeLessThan(800);
    // Widths from the file (5–15 m each side) reach the grid and the raster.
    expect(Math.min(...m.grid.widthLeftM!)).toBeGreaterThan(3);
    expect(Math.max(...m.grid.widthLeftM!)).toBeLessThan(20);
    expect(m.raster.cellIndex.filter((v) => v >= 0).length / m.grid.lengthM).toBeGreaterThan(10);
  });

  it('TUMFTM Suzuka (figure-eight): length within 0.2 %, one crossing, continuous projection across it', () => {
    const poly = polylineLength('tracks/tumftm/Suzuka_track.csv');
    const m = buildTrackModel(read('tracks/tumftm/Suzuka_track.csv'));
    const crossings = selfCrossings(m);
    report('Suzuka', {
      polylineM: +poly.toFixed(2),
      lengthM: +m.grid.lengthM.toFixed(2),
      errorPct: +((m.grid.lengthM / poly - 1) * 100).toFixed(3),
      corners: m.corners.length,
      chicanes: m.chicanes.map((c) => c.name),
      crossingAtM: crossings.slice(0, 2),
    });
    expect(Math.abs(m.grid.lengthM / poly - 1)).toBeLessThan(0.002);
    expect(Math.abs(m.corners.length - 18)).toBeLessThanOrEqual(3);
    expect(crossings).toHaveLength(2);
    // Drive the line 2 m to the right with hints: the distance only ever moves forward, also over the bridge.
    const index = buildTrackIndex(m.grid);
    let prev = 0;
    for (let i = 0; i < m.grid.xM.length; i += 3) {
      const h = m.grid.headingRad[i];
      const p = projectOnTrack(index, m.grid.xM[i] + 2 * Math.sin(h), m.grid.yM[i] - 2 * Math.cos(h), { hintDistanceM: prev });
      expect(Math.abs(p.distanceM - m.grid.distanceM[i])).toBeLessThan(0.5);
      expect(p.lateralM).toBeCloseTo(-2, 1);
      prev = p.distanceM;
    }
  });

  it('zaggyai Barber outline: within 3 % of the lap distance the GR86 logged there', () => {
    const csv = fs.readFileSync(path.join(REAL, 'grcup/barber/R1_barber_car002_wide_4p6hz.csv'), 'utf8').split('\n');
    const header = csv[0].split(',');
    const col = header.indexOf('Laptrigger_lapdist_dls');
    let lapDistM = 0;
    for (const line of csv.slice(1)) {
      const v = Number(line.split(',')[col]);
      if (line && Number.isFinite(v)) lapDistM = Math.max(lapDistM, v);
    }
    const m = buildTrackModel(read('tracks/zaggyai/barber_BMP_Main.json'));
    const err = m.grid.lengthM / lapDistM - 1;
    report('Barber', { lapDistanceM: lapDistM, lengthM: +m.grid.lengthM.toFixed(1), errorPct: +(err * 100).toFixed(2), corners: m.corners.length });
    expect(lapDistM).toBeGreaterThan(3600);
    expect(Math.abs(err)).toBeLessThan(0.03);
    expect(m.grid.elevationM).not.toBeNull();
    expect(Math.abs(m.grid.elevationM![0] - 205)).toBeLessThan(3); // start/finish elevation in the file: 205 m
  });

  it('bacinger COTA GeoJSON: ≈ 5520 m (its polyline), within 0.5 %', () => {
    const m = buildTrackModel(read('tracks/bacinger/us-2012_COTA.geojson'));
    report('bacinger COTA', { lengthM: +m.grid.lengthM.toFixed(1), corners: m.corners.length, smoothingLengthM: +m.smoothing.smoothingLengthM.toFixed(2) });
    expect(Math.abs(m.grid.lengthM / 5520 - 1)).toBeLessThan(0.005);
    expect(Math.abs(m.corners.length - 20)).toBeLessThanOrEqual(3);
  });

  it('Indianapolis: GPS laps of car 47 fuse to within 3 % of its logged lap distance; the zaggyai "Runoffs" outline is another layout', async () => {
    const file = await asyncBufferFromFile(path.join(REAL, 'grcup/indianapolis/indianapolis_r1_cars47_7_fullrate.parquet'));
    let rows: unknown[][] = [];
    await parquetRead({
      file,
      compressors,
      columns: ['telemetry_name', 'telemetry_value', 'lap', 'vehicle_id', 'timestamp'],
      rowFormat: 'array',
      onComplete: (r: unknown[][]) => {
        rows = r;
      },
    });
    const byTime = new Map<number, { lap: number; lat?: number; lon?: number }>();
    const maxDist = new Map<number, number>();
    for (const [name, value, lapRaw, vid, ts] of rows as [string, number, bigint, string, Date][]) {
      if (vid !== 'GR86-025-47') continue;
      const lap = Number(lapRaw);
      if (lap === 32768) continue;
      if (name === 'lap_distance') maxDist.set(lap, Math.max(maxDist.get(lap) ?? 0, value));
      if (name !== 'latitude' && name !== 'longitude') continue;
      const t = ts.getTime();
      const r = byTime.get(t) ?? { lap };
      // SOURCES.md: latitude/longitude in this file were divided by 60 by mistake.
      if (name === 'latitude') r.lat = value * 60;
      else r.lon = value * 60;
      byTime.set(t, r);
    }
    const laps = new Map<number, { lat: number[]; lon: number[] }>();
    for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
      const r = byTime.get(t)!;
      if (r.lat === undefined || r.lon === undefined) continue;
      const l = laps.get(r.lap) ?? { lat: [], lon: [] };
      l.lat.push(r.lat);
      l.lon.push(r.lon);
      laps.set(r.lap, l);
    }
    const gpsLaps: GpsLap[] = [...laps.entries()].map(([label, l]) => ({ latDeg: l.lat, lonDeg: l.lon, label }));
    const { source, report: fusion } = fuseGpsLaps(gpsLaps, { name: 'Indianapolis (GR Cup)' });
    const fused = buildTrackModel(source);
    const racingLaps = [...maxDist.entries()].filter(([lap]) => fusion.used.includes(lap)).map(([, d]) => d);
    const lapDistM = medianOf(racingLaps);
    const errFused = fused.grid.lengthM / lapDistM - 1;

    const outline = buildTrackModel(read('tracks/zaggyai/indianapolis_Runoffs_road_course.json'), { frameOrigin: fused.frame! });
    const errOutline = outline.grid.lengthM / lapDistM - 1;
    // How far the outline strays from the driven line.
    const index = buildTrackIndex(fused.grid);
    const off: number[] = [];
    for (let i = 0; i < outline.grid.xM.length; i += 5) off.push(Math.abs(projectOnTrack(index, outline.grid.xM[i], outline.grid.yM[i]).lateralM));
    off.sort((a, b) => a - b);
    const within10 = off.filter((d) => d < 10).length / off.length;
    report('Indianapolis', {
      lapDistanceM: lapDistM,
      fusedLengthM: +fused.grid.lengthM.toFixed(1),
      fusedErrorPct: +(errFused * 100).toFixed(2),
      lapsUsed: fusion.used.length,
      lapsRejected: fusion.rejected.map((r) => `${r.lap}: ${r.reason}`),
      fusedCorners: fused.corners.length,
      outlineName: outline.name,
      outlineLengthM: +outline.grid.lengthM.toFixed(1),
      outlineErrorPct: +(errOutline * 100).toFixed(2),
      outlineMedianOffM: +off[off.length >> 1].toFixed(1),
      outlineMaxOffM: +off[off.length - 1].toFixed(1),
      outlineShareWithin10m: +within10.toFixed(3),
    });
    expect(fusion.used.length).toBeGreaterThan(20);
    expect(Math.abs(errFused)).toBeLessThan(0.03);
    expect(Math.abs(fused.corners.length - 14)).toBeLessThanOrEqual(3); // the GR Cup Indy road course has 14 turns
    // The outline ("Indianapolis SCCA Runoffs") follows the driven course over most of the lap but takes a
    // different, longer infield route: > 100 m away from the GR Cup line in one section, ~5-6 % longer.
    expect(outline.name).toMatch(/Runoffs/);
    expect(off[off.length >> 1]).toBeLessThan(6);
    expect(off[off.length - 1]).toBeGreaterThan(100);
    expect(errOutline).toBeGreaterThan(0.03);
    // Its own spline length still matches its polyline.
    expect(Math.abs(outline.grid.lengthM / outline.smoothing.inputPolylineLengthM - 1)).toBeLessThan(0.002);
  });

  it('Barber GR86 GPS laps (4.6 Hz) fuse to within 3 % of the logged lap distance and onto the zaggyai outline', () => {
    const csv = fs.readFileSync(path.join(REAL, 'grcup/barber/R1_barber_car002_wide_4p6hz.csv'), 'utf8').trim().split('\n');
    const h = csv[0].split(',');
    const [cLap, cLat, cLon, cDist] = ['lap', 'VBOX_Lat_Min', 'VBOX_Long_Minutes', 'Laptrigger_lapdist_dls'].map((c) => h.indexOf(c));
    const laps = new Map<number, { lat: number[]; lon: number[] }>();
    const maxDist = new Map<number, number>();
    for (const line of csv.slice(1)) {
      const c = line.split(',');
      const lap = Number(c[cLap]);
      if (c[cDist] !== '') maxDist.set(lap, Math.max(maxDist.get(lap) ?? 0, Number(c[cDist])));
      const lat = Number(c[cLat]);
      const lon = Number(c[cLon]);
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || c[cLat] === '') continue;
      const l = laps.get(lap) ?? { lat: [], lon: [] };
      l.lat.push(lat);
      l.lon.push(lon);
      laps.set(lap, l);
    }
    const { source, report: fusion } = fuseGpsLaps([...laps.entries()].map(([label, l]) => ({ latDeg: l.lat, lonDeg: l.lon, label })));
    const fused = buildTrackModel(source);
    const lapDistM = medianOf([...maxDist.entries()].filter(([lap]) => fusion.used.includes(lap)).map(([, d]) => d));
    const outline = buildTrackModel(read('tracks/zaggyai/barber_BMP_Main.json'), { frameOrigin: fused.frame! });
    const index = buildTrackIndex(fused.grid);
    const off: number[] = [];
    for (let i = 0; i < outline.grid.xM.length; i += 5) off.push(Math.abs(projectOnTrack(index, outline.grid.xM[i], outline.grid.yM[i]).lateralM));
    off.sort((a, b) => a - b);
    report('Barber GPS', {
      lapDistanceM: lapDistM,
      fusedLengthM: +fused.grid.lengthM.toFixed(1),
      errorPct: +((fused.grid.lengthM / lapDistM - 1) * 100).toFixed(2),
      lapsUsed: fusion.used.length,
      lapsRejected: fusion.rejected.length,
      corners: fused.corners.length,
      outlineMedianOffM: +off[off.length >> 1].toFixed(2),
      outlineP95OffM: +off[Math.floor(off.length * 0.95)].toFixed(1),
    });
    expect(Math.abs(fused.grid.lengthM / lapDistM - 1)).toBeLessThan(0.03);
    expect(off[off.length >> 1]).toBeLessThan(4);
    expect(off[Math.floor(off.length * 0.95)]).toBeLessThan(15);
    // The frame origin is shared, so the two models line up in the same metres.
    const f = createLocalFrame(fused.frame!.originLatDeg, fused.frame!.originLonDeg);
    const src = source.points.frame === 'wgs84' ? projectToLocal(f, source.points.latDeg, source.points.lonDeg) : null;
    expect(src && Math.hypot(src.xM[0] - fused.grid.xM[0], src.yM[0] - fused.grid.yM[0])).toBeLessThan(10);
  });
});
