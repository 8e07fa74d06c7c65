import { describe, expect, it } from 'vitest';
import type { Channel, Session } from '../../../workers/model/session.ts';
import { distanceToOutlineM, flyingLapSpan, mapFrame, outlineFromSession, project, thinPoints } from './track-outline.ts';

function ch(name: string, t: number[], v: number[]): Channel {
  return { name, sourceName: name, unit: '', kind: 'continuous', timeS: Float64Array.from(t), values: Float64Array.from(v) };
}

/** A 1 km circle around 52°N 1°W driven in 100 s per lap, GPS at 10 Hz, three laps. */
function circleSession(): Session {
  const t: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  const r = 1000 / (2 * Math.PI);
  for (let i = 0; i < 3000; i++) {
    const a = (2 * Math.PI * (i / 10)) / 100;
    t.push(i / 10);
    lat.push(52 + (r * Math.sin(a)) / 111_320);
    lon.push(-1 + (r * Math.cos(a)) / (111_320 * Math.cos((52 * Math.PI) / 180)));
  }
  return {
    meta: { event: '', sessionName: '', track: 'Circle', vehicleId: '', vehicleNumber: '1', driver: '', startTimeMs: 0, sourceFile: 'c.csv', sourceFormat: 'test' },
    channels: [ch('lat', t, lat), ch('lon', t, lon), ch('lap', [0, 100, 200], [1, 2, 3])],
  };
}

describe('track outline', () => {
  it('takes one lap of a stored session between lap-counter changes', () => {
    expect(flyingLapSpan(Float64Array.from([0, 30, 130, 240, 300]), Float64Array.from([1, 2, 3, 4, 5]))).toEqual([30, 130]);
    expect(flyingLapSpan(Float64Array.from([0, 30]), Float64Array.from([1, 2]))).toBeNull();
    // laps 1..3 start at 0, 100, 200 s: the middle one (100–200 s) is the flying lap
    const outline = outlineFromSession(circleSession())!;
    expect(outline.closed).toBe(true);
    // 1000 m at ≥ 2 m spacing from 10 Hz points 1 m apart (chords a little shorter): 333–500 points
    expect(outline.latDeg.length).toBeGreaterThan(330);
    expect(outline.latDeg.length).toBeLessThan(520);
  });

  it('projects into local metres around the outline and says how far a position is from it', () => {
    const outline = outlineFromSession(circleSession())!;
    const frame = mapFrame(outline.latDeg, outline.lonDeg);
    const r = 1000 / (2 * Math.PI);
    const [x, y] = project(frame, outline.latDeg[0], outline.lonDeg[0]);
    expect(Math.hypot(x, y)).toBeCloseTo(r, 0);
    expect(distanceToOutlineM(outline, 52, -1)).toBeCloseTo(r, -1);
    expect(distanceToOutlineM(outline, outline.latDeg[10], outline.lonDeg[10])).toBe(0);
  });

  it('thins points and drops missing or (0, 0) fixes', () => {
    const p = thinPoints([52, 52, NaN, 0, 52.0001], [-1, -1.000001, -1, 0, -1]);
    expect(Array.from(p.latDeg)).toEqual([52, 52.0001]);
  });
});
