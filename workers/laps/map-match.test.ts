import { describe, expect, it } from 'vitest';
import type { Session } from '../model/session.ts';
import { distanceAtTime, timeAtDistance } from './alignment-lookup.ts';
import { generateDemo } from '../demo/generate.ts';
import { buildTrackModel } from '../geometry/build.ts';
import { figureEight } from '../geometry/synthetic.ts';
import type { TrackModel } from '../geometry/types.ts';
import { splitLaps } from './lap-split.ts';
import { alignSession, deadReckoningSensors, type TrackAlignment } from './map-match.ts';
import { layoutModel, stadiumModel, syntheticRun, type SyntheticRun } from './test-fixtures.ts';

const model = stadiumModel();
const L = model.grid.lengthM;

/**
 * Largest |aligned − true| distance over the knots (the alignment's 0 is the true line's 0) between two
 * times, and where `at` accepts the true lap distance.
 */
function worstError(al: TrackAlignment, run: SyntheticRun, from = -Infinity, to = Infinity, lengthM = L, at?: (lapDistanceM: number) => boolean): number {
  let worst = 0;
  for (let j = 0; j < al.timeS.length; j++) {
    const t = al.timeS[j];
    if (t < from || t > to) continue;
    const u = run.distanceAt(t);
    if (at && !at(((u % lengthM) + lengthM) % lengthM)) continue;
    let e = al.distanceM[j] - u;
    e -= lengthM * Math.round(e / lengthM);
    worst = Math.max(worst, Math.abs(e));
  }
  return worst;
}

function monotonic(al: TrackAlignment): boolean {
  for (let j = 1; j < al.distanceM.length; j++) if (!(al.distanceM[j] >= al.distanceM[j - 1])) return false;
  return true;
}

describe('map-matching', () => {
  it('puts every moment at its distance along the line to centimetres, off the line and through the turns', () => {
    const run = syntheticRun({ offsetM: 3 });
    const al = alignSession(run.session, model)!;
    expect(al.source).toBe('gps+speed');
    // carried by the wheel speed; no gyro nor lateral acceleration to measure the line with
    expect(al.deadReckoning).toEqual({ kind: 'speed', channel: 'speed' });
    expect(al.lineCurvature).toBeNull();
    // (the fixture's path speed steps by 6 % where a straight meets a turn: a 5 Hz speed channel smears that;
    // measured 0.120 m with the 40 s residual window — 0.100 m with 20 s, which the real Barber laps and the
    // demo's delta-time do worse with)
    expect(worstError(al, run)).toBeLessThan(0.13);
    expect(monotonic(al)).toBe(true);
    // the offset is the driven line's: 3 m to the left
    const mid = al.lateralM[al.lateralM.length >> 1];
    expect(mid).toBeCloseTo(3, 1);
    // distance → time → distance round trip
    const t = timeAtDistance(al, 2 * L + 123.4);
    expect(distanceAtTime(al, t)).toBeCloseTo(2 * L + 123.4, 6);
  });

  it('averages GPS noise down, takes out a wheel-speed scale error, and bridges an 8 s GPS dropout on speed', () => {
    const run = syntheticRun({ gpsNoiseM: 0.5, speedNoiseMs: 0.05, speedScale: 1.02, gpsDropouts: [[40, 48]], seed: 3 });
    const al = alignSession(run.session, model)!;
    expect(worstError(al, run)).toBeLessThan(0.3);
    expect(worstError(al, run, 40, 48)).toBeLessThan(0.3);
    expect(monotonic(al)).toBe(true);
    // no fix in the dropout: bridged, and said so
    const j = Math.round((44 - al.t0S) / al.stepS);
    expect(al.gpsSupport[j]).toBe(0);
    expect(al.gpsPresent[j]).toBe(0);
    // without the speed channel the raw GPS is used: noisier
    const gpsOnly = alignSession(run.session, model, { useSpeed: false })!;
    expect(gpsOnly.source).toBe('gps');
    expect(worstError(gpsOnly, run, 0, 39)).toBeGreaterThan(worstError(al, run, 0, 39));
  });

  it('stays monotonic while the car stands still, and ignores a held (repeated) GPS position', () => {
    const run = syntheticRun({ stop: { lap: 3, atM: 300, forS: 12 }, gpsNoiseM: 0.3 });
    const al = alignSession(run.session, model)!;
    expect(monotonic(al)).toBe(true);
    expect(worstError(al, run)).toBeLessThan(0.3);
    // the logger repeating each fix once (a 10 Hz GPS logged at 20 Hz) changes nothing
    const lat = run.session.channels.find((c) => c.name === 'lat')!;
    const lon = run.session.channels.find((c) => c.name === 'lon')!;
    const n = lat.timeS.length;
    const t2 = new Float64Array(2 * n);
    const la2 = new Float64Array(2 * n);
    const lo2 = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      t2[2 * i] = lat.timeS[i];
      t2[2 * i + 1] = lat.timeS[i] + 0.05;
      la2[2 * i] = la2[2 * i + 1] = lat.values[i];
      lo2[2 * i] = lo2[2 * i + 1] = lon.values[i];
    }
    const held: Session = {
      ...run.session,
      channels: run.session.channels.map((c) => (c.name === 'lat' ? { ...c, timeS: t2, values: la2 } : c.name === 'lon' ? { ...c, timeS: t2, values: lo2 } : c)),
    };
    const al2 = alignSession(held, model)!;
    expect(al2.fixesUsed).toBe(al.fixesUsed);
  });

  it.each([
    ['60°', 120],
    ['29°', 240],
  ])('keeps each strand of a figure-eight through its crossing (strands crossing at %s), the lap starting on it', (angle, halfCentreM) => {
    // two 60 m circles joined by straights that cross at the start/finish line: laps of 0.92 and 1.37 km
    const eight = figureEight(60, halfCentreM);
    const track: TrackModel = layoutModel('Figure eight', eight.path, eight.start);
    const lengthM = track.grid.lengthM;
    const run = syntheticRun({ layout: eight, laps: 4, gpsNoiseM: 0.5, speedNoiseMs: 0.05, seed: 5 });
    const al = alignSession(run.session, track)!;
    expect(monotonic(al)).toBe(true);
    // a pass put on the other strand would be hundreds of metres out; within 20 m of either pass of the
    // crossing (the lap's start and its middle) the error is the GPS noise's, as anywhere else
    const nearCrossing = worstError(al, run, -Infinity, Infinity, lengthM, (w) => Math.min(w, lengthM - w, Math.abs(w - lengthM / 2)) < 20);
    const worst = worstError(al, run, -Infinity, Infinity, lengthM);
    // measured: 60° 0.165 m at the crossing, 0.195 m anywhere; 29° 0.129 m, 0.366 m (the recording's last knot)
    console.info(`figure-eight, strands at ${angle}: worst distance error ${nearCrossing.toFixed(3)} m at the crossing, ${worst.toFixed(3)} m anywhere`);
    expect(nearCrossing).toBeLessThan(0.25);
    expect(worst).toBeLessThan(0.4);
    // every pass of the line counted once (not the middle pass through the crossing): lap times to 10 ms
    const split = splitLaps(run.session, al, track, { timing: 'gps-line' });
    const complete = split.laps.filter((l) => l.complete);
    expect(complete).toHaveLength(4);
    complete.forEach((l, k) => expect(Math.abs(l.lapTimeS - (run.crossingsS[k + 1] - run.crossingsS[k])), `lap ${l.lap}`).toBeLessThan(0.01));
  });

  it('takes the lateral acceleration over the speed for the yaw rate when the logger has no gyro, and the gyro when it has one', () => {
    const t = Float64Array.from({ length: 5 }, (_, i) => i);
    const ch = (name: string, unit: string, values: number[]) => ({ name, sourceName: name, unit, kind: 'continuous' as const, timeS: t, values: Float64Array.from(values) });
    const session: Session = { ...syntheticRun().session, channels: [ch('speed', 'm/s', [0, 1, 10, 20, 20]), ch('acc_lat', 'm/s²', [0, 3, 5, -8, 4])] };
    const yaw = deadReckoningSensors(session).yawRate!;
    // a_y / v; nothing below 2 m/s
    expect(Array.from(yaw.values)).toEqual([0, 0, 0.5, -0.4, 0.2]);
    expect(deadReckoningSensors(session, { useLateralAcceleration: false }).yawRate).toBeUndefined();
    const gyro = ch('yaw_rate', 'rad/s', [0, 0.1, 0.2, 0.3, 0.4]);
    expect(deadReckoningSensors({ ...session, channels: [...session.channels, gyro] }).yawRate!.values).toBe(gyro.values);
  });

  it('has nothing to say without GPS', () => {
    const run = syntheticRun();
    const noGps: Session = { ...run.session, channels: run.session.channels.filter((c) => c.name !== 'lat' && c.name !== 'lon') };
    expect(alignSession(noGps, model)).toBeNull();
  });

  it('reads the yaw rate whichever sign convention the logger uses, and leaves out one in the wrong unit', () => {
    const demo = generateDemo({ seed: 11 });
    const cl = demo.truth.track.centreline;
    const track = buildTrackModel({ name: 'demo', sourceFormat: 'csv', sourceFile: 'demo', points: { frame: 'wgs84', latDeg: Float64Array.from(cl.latDeg), lonDeg: Float64Array.from(cl.lonDeg) } });
    const session = demo.sessions[0];
    const withYaw = (scale: number): Session => ({
      ...session,
      channels: session.channels.map((c) => (c.name === 'yaw_rate' ? { ...c, values: c.values.map((v) => v * scale) } : c)),
    });
    const base = alignSession(session, track)!;
    const flipped = alignSession(withYaw(-1), track)!;
    const degrees = alignSession(withYaw(180 / Math.PI), track)!;
    const noYaw = alignSession(session, track, { useYawRate: false })!;
    let flipDiff = 0;
    let degDiff = 0;
    let yawEffect = 0;
    for (let j = 0; j < base.distanceM.length; j++) {
      flipDiff = Math.max(flipDiff, Math.abs(flipped.distanceM[j] - base.distanceM[j]));
      degDiff = Math.max(degDiff, Math.abs(degrees.distanceM[j] - noYaw.distanceM[j]));
      yawEffect = Math.max(yawEffect, Math.abs(noYaw.distanceM[j] - base.distanceM[j]));
    }
    expect(flipDiff).toBeLessThan(1e-9);
    expect(degDiff).toBeLessThan(1e-9);
    // and the yaw rate does change the answer (it measures the line through the corners)
    expect(yawEffect).toBeGreaterThan(0.05);
  });
});
