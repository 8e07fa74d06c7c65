// etm track / laps / delta / corners, run in-process on a synthetic session written as a wide CSV: the
// JSON contract (keys with units), text output with units, in-memory files, and usage errors.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalFrame, localToGeodetic } from '../../workers/geometry/projection.ts';
import { turtleAt } from '../../workers/geometry/synthetic.ts';
import { STADIUM, STADIUM_ORIGIN, syntheticRun } from '../../workers/laps/test-fixtures.ts';
import type { Session } from '../../workers/model/session.ts';
import { openStore } from '../open-store.ts';
import { runEtm } from '../test-support.ts';

const etm = runEtm;

/** The session as a wide CSV: one row per sample time of any channel, blanks where a channel has none. */
function wideCsv(s: Session): string {
  const cols: [string, string][] = [['lat', 'lat [deg]'], ['lon', 'lon [deg]'], ['speed', 'speed [m/s]'], ['lap', 'lap'], ['brake_front', 'pbrake_f [bar]'], ['throttle', 'aps [%]']];
  const rows = new Map<number, string[]>();
  cols.forEach(([name], k) => {
    const c = s.channels.find((x) => x.name === name)!;
    c.timeS.forEach((t, i) => {
      const key = Math.round(t * 1000);
      const row = rows.get(key) ?? rows.set(key, cols.map(() => '')).get(key)!;
      row[k] = String(c.values[i]);
    });
  });
  const lines = [`time_s,${cols.map(([, h]) => h).join(',')}`];
  for (const [ms, row] of [...rows].sort((a, b) => a[0] - b[0])) lines.push(`${(ms / 1000).toFixed(3)},${row.join(',')}`);
  return `${lines.join('\n')}\n`;
}

function stadiumGeoJson(): string {
  const frame = createLocalFrame(STADIUM_ORIGIN.latDeg, STADIUM_ORIGIN.lonDeg);
  const coords: number[][] = [];
  for (let s = 0; s < STADIUM.lengthM; s += 2) {
    const p = turtleAt(STADIUM, s);
    const g = localToGeodetic(frame, p.xM, p.yM);
    coords.push([g.lonDeg, g.latDeg]);
  }
  return JSON.stringify({ type: 'Feature', properties: { name: 'Stadium' }, geometry: { type: 'LineString', coordinates: coords } });
}

let dir: string;
let db: string;
let csv: string;
let id: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'etm-laps-'));
  db = join(dir, 'store.duckdb');
  csv = join(dir, 'stadium.csv');
  writeFileSync(csv, wideCsv(syntheticRun({ laps: 4, gpsNoiseM: 0.2, slowLap: { lap: 4, factor: 0.97 } }).session));
  const r = await etm('import', csv, '--db', db, '--json');
  expect(r.code, r.stderr).toBe(0);
  id = JSON.parse(r.stdout).imports[0].sessions[0].id;
});

afterEach(() => vi.restoreAllMocks());

describe('etm laps, track, delta, corners', () => {
  it('lists laps with times, sectors and flags, for a stored session and for a file read in memory', async () => {
    const r = await etm('laps', id, '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ session: id, timing: 'lap-counter', track: { from_session: true } });
    const complete = j.laps.filter((l: { lap_time_s: number | null }) => l.lap_time_s !== null);
    expect(complete.map((l: { lap: number }) => l.lap)).toEqual([2, 3, 4, 5]);
    for (const l of complete) {
      expect(l.sectors_s).toHaveLength(3);
      expect(l.lap_time_s).toBeGreaterThan(28);
      expect(l.start_time).toBeNull(); // a CSV with relative time has no wall clock
      expect(l.start_time_s).toBeGreaterThan(0);
    }
    expect(j.laps[0].flags).toEqual(['partial', 'out-lap']);
    expect(j.reference_lap.lap).not.toBe(4);
    expect(j.theoretical_best.sectors_s).toBeLessThanOrEqual(j.reference_lap.lap_time_s);
    const file = await etm('laps', csv, '--json');
    expect(file.code, file.stderr).toBe(0);
    expect(JSON.parse(file.stdout).session).toBeNull();
    // how the lap distance was measured: GPS, the wheel speed between fixes, no gyro nor lateral acceleration
    expect(j.alignment).toMatchObject({ source: 'gps+speed', fixes_rejected: 0, dead_reckoning: { kind: 'speed', channel: 'speed' }, line_curvature: null, lap_trigger_passes: null });
    expect(j.alignment.fixes_used).toBeGreaterThan(1000);
    const text = await etm('laps', id, '--db', db);
    expect(text.stdout).toMatch(/lap distance: GPS \([\d,]+ fixes, 0 off the line; residual \d\.\d\d m RMS\); carried between fixes by the vehicle speed \(speed\); line through the corners from GPS alone/);
    expect(text.stdout).toMatch(/\d+\.\d{3} s/);
    expect(text.stdout).toMatch(/theoretical best: \d+\.\d{3} s from best sectors/);
  });

  it('describes a track from a map file or from a session’s GPS laps', async () => {
    const geo = join(dir, 'stadium.geojson');
    writeFileSync(geo, stadiumGeoJson());
    const fromMap = JSON.parse((await etm('track', geo, '--json')).stdout);
    expect(fromMap.length_m).toBeCloseTo(STADIUM.lengthM, 0);
    expect(fromMap.corners).toHaveLength(2);
    expect(Object.keys(fromMap.corners[0])).toEqual(expect.arrayContaining(['number', 'name', 'entry_m', 'apex_m', 'exit_m', 'direction', 'min_radius_m', 'class']));
    expect(fromMap.corners[0]).toMatchObject({ direction: 'left', class: 'slow' });
    expect(fromMap.sectors).toHaveLength(3);
    const fromSession = JSON.parse((await etm('track', id, '--db', db, '--json')).stdout);
    expect(fromSession.length_m).toBeGreaterThan(700);
    expect((await etm('track', geo)).stdout).toMatch(/min radius +\d+\.\d m/);
  });

  it('gives the delta of a lap against another, by corner, and the corners where time went', async () => {
    const r = await etm('delta', id, '--lap', '4', '--ref', '3', '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.final_delta_s).toBeGreaterThan(0.5);
    expect(Math.abs(j.final_delta_s - (j.lap_time_s - j.ref_lap_time_s))).toBeLessThan(0.002);
    expect(j.corners).toHaveLength(2);
    expect(j.corners[1].delta_at_exit_s).toBeGreaterThan(j.corners[0].delta_at_exit_s);
    expect(j.largest_losses.length).toBeGreaterThan(0);
    expect((await etm('delta', id, '--lap', '4', '--ref', '3', '--db', db)).stdout).toMatch(/final delta \+\d\.\d{3} s/);
  });

  it('gives per-corner metrics with units in the keys', async () => {
    const r = await etm('corners', id, '--lap', '3', '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.corners).toHaveLength(2);
    expect(Object.keys(j.corners[0])).toEqual(expect.arrayContaining([
      'entry_speed_ms', 'min_speed_ms', 'exit_speed_ms', 'brake_point_m', 'peak_brake_bar', 'brake_release_m', 'trail_brake_m',
      'throttle_pickup_m', 'time_in_corner_s', 'apex_offset_m', 'delta_vs_ref_s',
    ]));
    expect(j.corners[0].peak_brake_bar).toBeCloseTo(60, 0);
    const text = (await etm('corners', id, '--lap', '3', '--db', db)).stdout;
    expect(text).toMatch(/brake at \d+\.\d m \(peak \d+\.\d bar\)/);
    // speeds in km/h on the screen, the same figures as the JSON's m/s
    const entryKmh = Number(/speed entry (\d+\.\d) km\/h/.exec(text)?.[1]);
    expect(entryKmh).toBeCloseTo(j.corners[0].entry_speed_ms * 3.6, 0);
  });

  it('applies the corner edits stored with the session (track-edits) to etm track and etm corners', async () => {
    const before = JSON.parse((await etm('track', id, '--db', db, '--json')).stdout).corners[0];
    const store = await openStore(db);
    try {
      await store.putSetting(id, 'track-edits', { cornerNames: { 1: "Charlotte's Web" }, cornerBounds: { 1: { exitM: before.exit_m + 20 } } });
    } finally {
      await store.driver.close();
    }
    try {
      const track = JSON.parse((await etm('track', id, '--db', db, '--json')).stdout);
      expect(track.corners[0]).toMatchObject({ name: "Charlotte's Web", entry_m: before.entry_m });
      expect(track.corners[0].exit_m).toBeCloseTo(before.exit_m + 20, 0);
      const corners = JSON.parse((await etm('corners', id, '--lap', '3', '--db', db, '--json')).stdout);
      expect(corners.corners[0].name).toBe("Charlotte's Web");
    } finally {
      const undo = await openStore(db);
      await undo.putSetting(id, 'track-edits', {});
      await undo.driver.close();
    }
  });

  it('reports usage errors with exit 2 and unknown laps or sessions with exit 1', async () => {
    expect((await etm('delta', id, '--ref', '3', '--db', db)).code).toBe(2);
    expect((await etm('corners', '--lap', '3', '--db', db)).code).toBe(2);
    const bad = await etm('corners', id, '--lap', '42', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/lap 42 is not a complete lap.*complete laps: 2, 3, 4, 5/);
    expect((await etm('laps', 's_nothere', '--db', db)).code).toBe(1);
  });
});
