import { describe, expect, it } from 'vitest';
import { DEMO_DRIVERS } from './drivers.ts';
import { DEFAULT_LOGGERS, pressureFactor, sampleLoggers, TrajectoryCursor } from './loggers.ts';
import { Rng } from './prng.ts';
import { buildRacingLine } from './racing-line.ts';
import { demoTrack, trackPoseAt } from './track.ts';
import { buildTrajectory, DEFAULT_PLAN, drivenOffsetAt } from './trajectory.ts';
import { DEMO_CAR } from './vehicle.ts';
import { geodeticToLocal } from '../geometry/projection.ts';
import type { Channel } from '../model/session.ts';

const track = demoTrack();
const style = DEMO_DRIVERS[0];
const traj = buildTrajectory(track, DEMO_CAR, style, buildRacingLine(track, style.line), { ...DEFAULT_PLAN, laps: 2 }, new Rng(5));
const logged = sampleLoggers(traj, track, DEMO_CAR, style, new Rng(6));
const ch = (name: string): Channel => logged.channels.find((c) => c.name === name)!;

describe('trajectory cursor', () => {
  it('interpolates with constant acceleration between grid points', () => {
    const cur = new TrajectoryCursor(traj);
    for (const i of [10, 5000, 12000]) {
      const p = cur.at(traj.timeS[i]);
      expect(p.speedMs).toBeCloseTo(traj.speedMs[i], 9);
      expect(p.pathM).toBeCloseTo(traj.pathM[i], 9);
      const mid = cur.at(0.5 * (traj.timeS[i] + traj.timeS[i + 1]));
      expect(mid.speedMs).toBeCloseTo(0.5 * (traj.speedMs[i] + traj.speedMs[i + 1]), 9);
      expect(mid.uM).toBeGreaterThan(traj.uM[i]);
      expect(mid.uM).toBeLessThan(traj.uM[i + 1]);
    }
  });
});

describe('loggers', () => {
  it('tick at 43.5 ms with jitter; slow channels every fifth tick; GPS at 10 Hz', () => {
    const t = ch('throttle').timeS;
    expect(t[0]).toBe(0);
    for (let k = 1; k < t.length; k++) {
      const dt = t[k] - t[k - 1];
      if (Math.abs(dt - DEFAULT_LOGGERS.tickS) > DEFAULT_LOGGERS.tickJitterS + 1e-12) throw new Error(`tick ${k}: ${dt}`);
    }
    const slow = ch('speed').timeS;
    slow.forEach((x, k) => expect(x).toBe(t[5 * k]));
    const g = ch('lat').timeS;
    for (let k = 1; k < g.length; k++) if (Math.abs(g[k] - g[k - 1] - 0.1) > 0.0004 + 1e-12) throw new Error(`gps ${k}`);
    expect(ch('lon').timeS).toEqual(g);
    expect(logged.durationS).toBeCloseTo(traj.timeS[traj.timeS.length - 1], 9);
  });

  it('adds a 0.3–0.5 m, time-correlated GPS error', () => {
    const lat = ch('lat'), lon = ch('lon');
    const cur = new TrajectoryCursor(traj);
    const ex: number[] = [], ey: number[] = [];
    for (let k = 0; k < lat.values.length; k++) {
      const p = cur.at(lat.timeS[k]);
      const pose = trackPoseAt(track, p.uM);
      const off = drivenOffsetAt(traj, p.uM).n;
      const m = geodeticToLocal(track.frame, lat.values[k], lon.values[k]);
      ex.push(m.xM - (pose.xM - off * Math.sin(pose.headingRad)));
      ey.push(m.yM - (pose.yM + off * Math.cos(pose.headingRad)));
    }
    const rms = (a: number[]) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    const horiz = Math.hypot(rms(ex), rms(ey));
    expect(horiz).toBeGreaterThan(0.3);
    expect(horiz).toBeLessThan(0.6);
    let c = 0, v = 0;
    for (let k = 1; k < ex.length; k++) { c += ex[k] * ex[k - 1]; v += ex[k] * ex[k]; }
    expect(c / v).toBeGreaterThan(0.8); // successive fixes share most of their error
  });

  it('resets the lap distance at each crossing and steps the lap counter there', () => {
    const ld = ch('lap_distance'), lap = ch('lap');
    let resets = 0;
    for (let k = 1; k < ld.values.length; k++) {
      if (ld.values[k] < ld.values[k - 1]) {
        resets++;
        const tc = traj.crossingTimesS[resets - 1];
        expect(ld.timeS[k - 1]).toBeLessThan(tc);
        expect(ld.timeS[k]).toBeGreaterThanOrEqual(tc);
        expect(ld.values[k]).toBeLessThan(15);
      }
    }
    expect(resets).toBe(traj.crossingTimesS.length);
    let steps = 0;
    for (let k = 1; k < lap.values.length; k++) if (lap.values[k] !== lap.values[k - 1]) { steps++; expect(lap.values[k]).toBe(lap.values[k - 1] + 1); }
    expect(steps).toBe(traj.crossingTimesS.length);
    expect(lap.values[0]).toBe(1);
  });

  it('keeps sensors in range and at their resolution', () => {
    for (const v of ch('throttle').values) if (v < 0 || v > 100) throw new Error(`throttle ${v}`);
    for (const v of ch('brake_front').values) if (v < 0 || v > 180) throw new Error(`brake ${v}`);
    for (const v of ch('steering').values) if (Math.abs(Math.round(v * 10) - v * 10) > 1e-6) throw new Error(`steering ${v}`);
    for (const v of ch('rpm').values) if (!Number.isInteger(v)) throw new Error(`rpm ${v}`);
    for (const v of ch('lap_distance').values) if (Math.abs(Math.round(v * 10) - v * 10) > 1e-6) throw new Error(`lap distance ${v}`);
    // both brake circuits are pressurised together, the rear a little lower
    const f = ch('brake_front').values, r = ch('brake_rear').values;
    let ratio = 0, n = 0;
    for (let k = 0; k < f.length; k++) if (f[k] > 50) { ratio += r[k] / f[k]; n++; }
    expect(ratio / n).toBeGreaterThan(0.8);
    expect(ratio / n).toBeLessThan(1);
  });

  it('shapes a brief pressure overshoot after the build-up only', () => {
    expect(pressureFactor(style, 10, 9.9)).toBe(1);
    let peak = 0;
    for (let t = 10; t < 11; t += 0.001) peak = Math.max(peak, pressureFactor(style, 10, t));
    expect(peak).toBeCloseTo(1 + style.brakePressureOvershoot, 3);
    expect(pressureFactor(style, 10, 11)).toBe(1);
  });
});
