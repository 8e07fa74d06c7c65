import { describe, expect, it } from 'vitest';
import type { Channel, Session } from '../model/session.ts';
import { computeLapTimes, gpsLineCrossings, lapDistanceCrossings, lineCrossings, startFinishFromLapDistance } from './lap-timing.ts';
import { createLocalFrame, geodeticToLocal, localToGeodetic } from '../geometry/projection.ts';
import { Rng } from '../demo/prng.ts';

// A car on a 100 m radius circle, anticlockwise, the line at the bottom (heading east), speed varying.
const R = 100;
const frame = createLocalFrame(52.2, -1.1);
const speedAt = (t: number) => 30 + 5 * Math.sin(0.3 * t);
const angleAt = (t: number) => (30 * t - (5 / 0.3) * (Math.cos(0.3 * t) - 1)) / R;
const lapM = 2 * Math.PI * R;
function trueCrossings(endS: number): number[] {
  const out: number[] = [];
  for (let k = 1; ; k++) {
    // angle is monotonic: bisection for angle = 2πk
    let lo = 0, hi = endS;
    if (angleAt(hi) < 2 * Math.PI * k) break;
    for (let it = 0; it < 80; it++) { const mid = (lo + hi) / 2; if (angleAt(mid) < 2 * Math.PI * k) lo = mid; else hi = mid; }
    out.push((lo + hi) / 2);
  }
  return out;
}

function channel(name: string, unit: string, kind: Channel['kind'], t: number[], v: number[]): Channel {
  return { name, sourceName: name, unit, kind, timeS: Float64Array.from(t), values: Float64Array.from(v) };
}

function circleSession(opts: { endS?: number; gpsNoiseM?: number; withSpeed?: boolean; withLapDistance?: boolean; seed?: number } = {}): Session {
  const endS = opts.endS ?? 100;
  const rng = new Rng(opts.seed ?? 1);
  const tSlow: number[] = [], ld: number[] = [], sp: number[] = [], tLap: number[] = [], lap: number[] = [];
  for (let t = 0; t <= endS; t += 0.2174) {
    const a = angleAt(t);
    tSlow.push(t);
    ld.push(Math.round(((a % (2 * Math.PI)) * R) * 10) / 10);
    sp.push(speedAt(t) + 0.04 * rng.normal());
  }
  for (let t = 0; t <= endS; t += 0.0435) { tLap.push(t); lap.push(1 + Math.floor(angleAt(t) / (2 * Math.PI))); }
  const tG: number[] = [], lat: number[] = [], lon: number[] = [];
  for (let t = 0.013; t <= endS; t += 0.1) {
    const a = angleAt(t);
    const e = R * Math.sin(a) + (opts.gpsNoiseM ?? 0) * rng.normal();
    const n = R - R * Math.cos(a) + (opts.gpsNoiseM ?? 0) * rng.normal();
    const ll = localToGeodetic(frame, e, n);
    tG.push(t); lat.push(ll.latDeg); lon.push(ll.lonDeg);
  }
  const channels = [channel('lat', 'deg', 'continuous', tG, lat), channel('lon', 'deg', 'continuous', tG, lon), channel('lap', '', 'discrete', tLap, lap)];
  if (opts.withSpeed ?? true) channels.push(channel('speed', 'm/s', 'continuous', tSlow, sp));
  if (opts.withLapDistance ?? true) channels.push(channel('lap_distance', 'm', 'continuous', tSlow, ld));
  return {
    meta: { event: '', sessionName: '', track: '', vehicleId: 'T', vehicleNumber: '1', driver: '', startTimeMs: 0, sourceFile: 'synthetic', sourceFormat: 'test' },
    channels,
  };
}

const line = { latDeg: frame.originLatDeg, lonDeg: frame.originLonDeg, headingDeg: 90 };

describe('lap timing', () => {
  const truth = trueCrossings(100);

  it('times the odometer resets to about a millisecond with the speed channel', () => {
    const c = lapDistanceCrossings(circleSession());
    expect(c.length).toBe(truth.length);
    c.forEach((t, k) => expect(Math.abs(t - truth[k])).toBeLessThan(0.002));
  });

  it('falls back to a parabola through the samples after the reset without speed', () => {
    const c = lapDistanceCrossings(circleSession({ withSpeed: false }));
    expect(c.length).toBe(truth.length);
    c.forEach((t, k) => expect(Math.abs(t - truth[k])).toBeLessThan(0.005));
  });

  it('times GPS crossings of a line through noise better than two-point interpolation', () => {
    const errFit: number[] = [], errTwo: number[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const s = circleSession({ gpsNoiseM: 0.4, seed, withLapDistance: false });
      const fit = gpsLineCrossings(s, line);
      expect(fit.length).toBe(truth.length);
      fit.forEach((t, k) => errFit.push(t - truth[k]));
      // naive: linear interpolation between the two samples either side
      const lat = s.channels.find((c) => c.name === 'lat')!, lon = s.channels.find((c) => c.name === 'lon')!;
      let k = 0;
      for (let i = 1; i < lat.values.length && k < truth.length; i++) {
        const e0 = geodeticToLocal(frame, lat.values[i - 1], lon.values[i - 1]).xM;
        const p1 = geodeticToLocal(frame, lat.values[i], lon.values[i]);
        const e1 = p1.xM, n1 = p1.yM;
        if (e0 < 0 && e1 >= 0 && Math.abs(n1) < 30) { errTwo.push(lat.timeS[i - 1] + ((lat.timeS[i] - lat.timeS[i - 1]) * -e0) / (e1 - e0) - truth[k]); k++; }
      }
    }
    const rms = (a: number[]) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    // without speed: a quadratic fit over the window
    const errQuad: number[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      gpsLineCrossings(circleSession({ gpsNoiseM: 0.4, seed, withLapDistance: false, withSpeed: false }), line).forEach((t, k) => errQuad.push(t - truth[k]));
    }
    expect(rms(errQuad)).toBeLessThan(0.8 * rms(errTwo));
    expect(rms(errFit)).toBeLessThan(0.006);
    expect(rms(errFit)).toBeLessThan(0.8 * rms(errTwo));
    expect(Math.max(...errFit.map(Math.abs))).toBeLessThan(0.02);
  });

  it('uses the odometer reset for a passage of the given line, and the GPS where the beacon is elsewhere', () => {
    const s = circleSession({ gpsNoiseM: 0.4 });
    const at = lineCrossings(s, line);
    expect(at.every((c) => c.source === 'lap_distance')).toBe(true);
    // a line a quarter lap on (top of the circle, heading west): only GPS can time it
    const top = localToGeodetic(frame, 0, 2 * R);
    const other = lineCrossings(s, { latDeg: top.latDeg, lonDeg: top.lonDeg, headingDeg: 270 });
    expect(other.length).toBeGreaterThan(0);
    expect(other.every((c) => c.source === 'gps')).toBe(true);
    const laps = computeLapTimes(s, { latDeg: top.latDeg, lonDeg: top.lonDeg, headingDeg: 270 });
    for (const l of laps) {
      const tEnd = l.startTimeS + l.lapTimeS;
      expect(angleAt(tEnd) - angleAt(l.startTimeS)).toBeCloseTo(2 * Math.PI, 2);
    }
  });

  it('numbers laps by the lap counter and returns only full laps', () => {
    const laps = computeLapTimes(circleSession(), line);
    expect(laps.length).toBe(truth.length - 1);
    laps.forEach((l, k) => {
      expect(l.lap).toBe(k + 2);
      expect(Math.abs(l.startTimeS - truth[k])).toBeLessThan(0.002);
      expect(Math.abs(l.lapTimeS - (truth[k + 1] - truth[k]))).toBeLessThan(0.003);
    });
    const noLine = computeLapTimes(circleSession());
    expect(noLine.map((l) => l.lap)).toEqual(laps.map((l) => l.lap));
  });

  it('finds the line from the odometer resets', () => {
    const sf = startFinishFromLapDistance(circleSession({ gpsNoiseM: 0.3 }))!;
    const p = geodeticToLocal(frame, sf.latDeg, sf.lonDeg);
    expect(Math.hypot(p.xM, p.yM)).toBeLessThan(0.5);
    expect(Math.abs(sf.headingDeg - 90)).toBeLessThan(3);
    expect(startFinishFromLapDistance({ ...circleSession(), channels: [] })).toBeUndefined();
    expect(lapM).toBeCloseTo(628.3, 1);
  });
});
