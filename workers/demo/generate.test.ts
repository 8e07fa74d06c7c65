// Acceptance tests of the demo generator: determinism, lap times recoverable from its own
// telemetry, physical sanity of the logged channels, and the planted driver styles being visible.

import { beforeAll, describe, expect, it } from 'vitest';
import { CANONICAL } from '../model/channels.ts';
import { channelByName, channelRateHz, lapsSeen, type Channel, type Session } from '../model/session.ts';
import { computeLapTimes } from '../laps/lap-timing.ts';
import { geodeticToLocal } from '../geometry/projection.ts';
import { generateDemo, type DemoResult, type DriverTruth } from './generate.ts';
import { DEMO_CAR, G, resistanceN } from './vehicle.ts';
import { demoTrack } from './track.ts';

/** DEMO_TEST_SEED=<n> runs these acceptance tests on another seed (checked on 1, 2, 3, 5, 7, 9, 11, 13, 17, 23, 42 and 2026). */
const SEED = Number((globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.DEMO_TEST_SEED ?? 7);
let demo: DemoResult;

// (its speed is measured by bench/demo.ts, not here)
beforeAll(() => {
  demo = generateDemo({ seed: SEED });
});

const ch = (s: Session, name: string): Channel => {
  const c = channelByName(s, name);
  if (!c) throw new Error(`no ${name}`);
  return c;
};
const valueAt = (c: Channel, t: number) => {
  let lo = 0, hi = c.timeS.length - 1;
  while (hi - lo > 1) { const m = (lo + hi) >> 1; if (c.timeS[m] <= t) lo = m; else hi = m; }
  const f = Math.min(1, Math.max(0, (t - c.timeS[lo]) / (c.timeS[hi] - c.timeS[lo])));
  return c.values[lo] + f * (c.values[hi] - c.values[lo]);
};
/** Nearest centreline grid point to a GPS fix (searched near `hint`, then everywhere if far), and the signed offset (+ left). */
function project(latDeg: number, lonDeg: number, hint: number): { index: number; distanceM: number; offsetM: number } {
  const track = demoTrack();
  const p = geodeticToLocal(track.frame, latDeg, lonDeg);
  const n = track.xM.length - 1;
  let best = hint, bd = Infinity;
  const look = (idx: number) => {
    const dd = (track.xM[idx] - p.xM) ** 2 + (track.yM[idx] - p.yM) ** 2;
    if (dd < bd) { bd = dd; best = idx; }
  };
  for (let q = -400; q <= 400; q++) look((hint + q + n) % n);
  if (bd > 100) for (let idx = 0; idx < n; idx++) look(idx);
  const h = track.headingRad[best];
  return { index: best, distanceM: track.distanceM[best], offsetM: -(p.xM - track.xM[best]) * Math.sin(h) + (p.yM - track.yM[best]) * Math.cos(h) };
}
const median = (a: number[]) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const flying = (d: DriverTruth) => (lap: number) => lap >= 2 && lap <= d.laps[d.laps.length - 1].lap;
const driver = (id: string) => demo.truth.drivers.findIndex((d) => d.style.id === id);

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

describe('demo generator: determinism', () => {
  it('gives bit-identical sessions for the same seed, and different ones for another seed', () => {
    const again = generateDemo({ seed: SEED });
    expect(again.sessions.length).toBe(demo.sessions.length);
    demo.sessions.forEach((s, i) => {
      const o = again.sessions[i];
      expect(o.meta).toEqual(s.meta);
      expect(o.channels.map((c) => c.name)).toEqual(s.channels.map((c) => c.name));
      s.channels.forEach((c, j) => {
        expect(sameBits(c.timeS, o.channels[j].timeS)).toBe(true);
        expect(sameBits(c.values, o.channels[j].values)).toBe(true);
      });
    });
    expect(again.truth).toEqual(demo.truth);
    const other = generateDemo({ seed: SEED + 1, laps: 2 });
    const a = ch(demo.sessions[0], 'lat'), b = ch(other.sessions[0], 'lat');
    expect(sameBits(a.values.subarray(0, 500), b.values.subarray(0, 500))).toBe(false);
    expect(other.truth.drivers[0].laps[0].lapTimeS).not.toBe(demo.truth.drivers[0].laps[0].lapTimeS);
    expect(other.sessions[0].meta.startTimeMs).not.toBe(demo.sessions[0].meta.startTimeMs);
  });
});

describe('demo generator: sessions', () => {
  it('has four cars, 6 flying laps each, with the session meta', () => {
    expect(demo.sessions.length).toBe(4);
    const start0 = demo.sessions[0].meta.startTimeMs!;
    expect(new Date(start0).toISOString().slice(0, 13)).toBe('2026-06-14T13');
    demo.sessions.forEach((s, i) => {
      expect(s.meta.event).toBe('EngiTorqueMap Demo');
      expect(s.meta.sessionName).toBe('Practice 1');
      expect(s.meta.track).toBe(demoTrack().name);
      expect(s.meta.vehicleId).toBe(`DEMO-CAR-0${i + 1}`);
      expect(s.meta.driver).toBe(demo.truth.drivers[i].driver);
      expect(s.meta.startTimeMs).toBe(start0 + i * 40_000);
      expect(Number.isInteger(s.meta.startTimeMs)).toBe(true);
      expect(demo.truth.drivers[i].laps.map((l) => l.lap)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(lapsSeen(s)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });
    expect(new Set(demo.truth.drivers.map((d) => d.driver)).size).toBe(4);
  });

  it('logs canonical channels in SI units at the GR Cup rates', () => {
    for (const s of demo.sessions) {
      for (const c of s.channels) {
        expect(CANONICAL[c.name]).toBeDefined();
        expect(c.unit).toBe(CANONICAL[c.name].unit);
        expect(c.kind).toBe(CANONICAL[c.name].kind);
        expect(c.timeS.length).toBe(c.values.length);
        for (let i = 1; i < c.timeS.length; i++) if (!(c.timeS[i] > c.timeS[i - 1])) throw new Error(`${c.name} time not increasing at ${i}`);
        for (const v of c.values) if (!Number.isFinite(v)) throw new Error(`${c.name} has a non-finite value`);
      }
      for (const n of ['throttle', 'brake_front', 'brake_rear', 'steering', 'acc_long', 'acc_lat', 'yaw_rate', 'gear', 'lap']) {
        expect(channelRateHz(ch(s, n).timeS)).toBeGreaterThan(22.5);
        expect(channelRateHz(ch(s, n).timeS)).toBeLessThan(23.5);
      }
      for (const n of ['speed', 'rpm', 'lap_distance']) {
        expect(channelRateHz(ch(s, n).timeS)).toBeGreaterThan(4.5);
        expect(channelRateHz(ch(s, n).timeS)).toBeLessThan(4.7);
      }
      for (const n of ['lat', 'lon']) expect(channelRateHz(ch(s, n).timeS)).toBeCloseTo(10, 1);
      // every channel has its own buffers (they are transferred between workers one by one)
      const buffers = new Set(s.channels.flatMap((c) => [c.timeS.buffer, c.values.buffer]));
      expect(buffers.size).toBe(2 * s.channels.length);
    }
  });
});

describe('demo generator: lap times from its own telemetry', () => {
  it('matches the ground truth within 0.01 s on every full lap (start/finish line + lap distance)', () => {
    let worst = 0;
    demo.sessions.forEach((s, i) => {
      const truth = demo.truth.drivers[i].laps;
      for (const est of [computeLapTimes(s, demo.truth.track.startFinish), computeLapTimes(s)]) {
        for (const l of truth) {
          const e = est.find((x) => x.lap === l.lap);
          expect(e).toBeDefined();
          worst = Math.max(worst, Math.abs(e!.lapTimeS - l.lapTimeS), Math.abs(e!.startTimeS - l.startTimeS));
        }
      }
    });
    expect(worst).toBeLessThan(0.01);
  });

  it('matches within 0.05 s from GPS alone (0.3 m correlated GPS error limits it)', () => {
    let worst = 0;
    demo.sessions.forEach((s, i) => {
      const gpsOnly = { ...s, channels: s.channels.filter((c) => c.name !== 'lap_distance') };
      const est = computeLapTimes(gpsOnly, demo.truth.track.startFinish);
      for (const l of demo.truth.drivers[i].laps) {
        const e = est.find((x) => x.lap === l.lap);
        expect(e).toBeDefined();
        worst = Math.max(worst, Math.abs(e!.lapTimeS - l.lapTimeS));
      }
    });
    expect(worst).toBeLessThan(0.05);
  });
});

describe('demo generator: physics sanity of the logged data', () => {
  const muG = DEMO_CAR.mu * G;
  const dragMax = resistanceN(DEMO_CAR, 60) / DEMO_CAR.massKg;

  it('stays within the friction circle and brakes and accelerates plausibly', () => {
    for (const s of demo.sessions) {
      const ax = ch(s, 'acc_long').values, ay = ch(s, 'acc_lat').values;
      let maxLat = 0, maxComb = 0, minLong = 0, maxLong = 0;
      for (let i = 0; i < ax.length; i++) {
        maxLat = Math.max(maxLat, Math.abs(ay[i]));
        maxComb = Math.max(maxComb, Math.hypot(ax[i], ay[i]));
        minLong = Math.min(minLong, ax[i]);
        maxLong = Math.max(maxLong, ax[i]);
      }
      expect(maxLat).toBeLessThanOrEqual(muG + 1.0); // + sensor noise and vibration
      expect(maxLat).toBeGreaterThan(0.85 * muG);
      expect(maxComb).toBeLessThanOrEqual(muG + dragMax + 1.0);
      expect(-minLong).toBeGreaterThan(0.8 * muG);
      expect(-minLong).toBeLessThan(muG + dragMax + 1.0);
      expect(maxLong).toBeGreaterThan(3);
      expect(maxLong).toBeLessThan(0.7 * muG + 1.0); // rear-drive traction
    }
  });

  it('has a plausible top speed, rpm within limits and real gear changes', () => {
    for (const s of demo.sessions) {
      const v = ch(s, 'speed').values, rpm = ch(s, 'rpm').values, gear = ch(s, 'gear').values;
      const vmax = Math.max(...v);
      expect(vmax * 3.6).toBeGreaterThan(170);
      expect(vmax * 3.6).toBeLessThan(235);
      expect(Math.max(...rpm)).toBeLessThanOrEqual(DEMO_CAR.revLimitRpm + 50);
      expect(Math.min(...rpm)).toBeGreaterThanOrEqual(DEMO_CAR.idleRpm);
      expect(Math.max(...rpm)).toBeGreaterThan(7000);
      let ups = 0, downs = 0, bad = 0;
      for (let i = 1; i < gear.length; i++) {
        if (!(Number.isInteger(gear[i]) && gear[i] >= 1 && gear[i] <= 6) || Math.abs(gear[i] - gear[i - 1]) > 1) bad++;
        if (gear[i] > gear[i - 1]) ups++;
        if (gear[i] < gear[i - 1]) downs++;
      }
      expect(bad).toBe(0);
      expect(ups).toBeGreaterThan(8 * 6);
      expect(downs).toBeGreaterThan(8 * 6);
    }
  });

  it('is kinematically consistent: ∫a dt ≈ Δv, ∫v dt ≈ distance, yaw rate ≈ a_lat / v, GPS speed ≈ speed', () => {
    demo.sessions.forEach((s, i) => {
      const ax = ch(s, 'acc_long'), sp = ch(s, 'speed'), ld = ch(s, 'lap_distance'), yaw = ch(s, 'yaw_rate'), ay = ch(s, 'acc_lat');
      const integrate = (c: Channel, t0: number, t1: number) => {
        let sum = 0;
        for (let k = 1; k < c.timeS.length; k++) {
          const a = Math.max(t0, c.timeS[k - 1]), b = Math.min(t1, c.timeS[k]);
          if (b > a) sum += 0.5 * (c.values[k] + c.values[k - 1]) * (b - a);
        }
        return sum;
      };
      // speed change against the integrated accelerometer over 3 s windows: slope 1, small scatter
      let sxy = 0, sxx = 0, n = 0, res = 0;
      const end = sp.timeS[sp.timeS.length - 1];
      const pairs: [number, number][] = [];
      for (let t = 1; t + 3 < end; t += 3) pairs.push([valueAt(sp, t + 3) - valueAt(sp, t), integrate(ax, t, t + 3)]);
      for (const [dv, ia] of pairs) { sxy += dv * ia; sxx += dv * dv; n++; }
      const slope = sxy / sxx;
      for (const [dv, ia] of pairs) res += (ia - slope * dv) ** 2;
      expect(slope).toBeGreaterThan(0.98);
      expect(slope).toBeLessThan(1.02);
      expect(Math.sqrt(res / n)).toBeLessThan(0.3);
      for (const lap of demo.truth.drivers[i].laps) {
        const t0 = lap.startTimeS, t1 = lap.startTimeS + lap.lapTimeS;
        // over a whole lap the accelerometer's noise adds up to a few tenths of a m/s at most
        expect(Math.abs(integrate(ax, t0, t1) - (valueAt(sp, t1) - valueAt(sp, t0)))).toBeLessThan(1.5);
        const intV = integrate(sp, t0, t1);
        // the odometer's reading just before the line ≈ distance driven (its scale is off by < 0.5 %)
        const before = valueAt(ld, t1 - 0.25) + 0.25 * valueAt(sp, t1);
        expect(Math.abs(before / intV - 1)).toBeLessThan(0.006);
        expect(Math.abs(intV / demoTrack().lengthM - 1)).toBeLessThan(0.03);
      }
      const ratios: number[] = [];
      for (let k = 0; k < yaw.timeS.length; k += 7) {
        const v = valueAt(sp, yaw.timeS[k]);
        if (v > 15 && Math.abs(yaw.values[k]) > 0.15) ratios.push((ay.values[k] / v) / yaw.values[k]);
      }
      expect(median(ratios)).toBeGreaterThan(0.97);
      expect(median(ratios)).toBeLessThan(1.03);
      // GPS speed over 1 s against the speed channel
      const lat = ch(s, 'lat'), lon = ch(s, 'lon');
      const frame = demoTrack().frame;
      const gr: number[] = [];
      for (let k = 10; k < lat.values.length; k += 10) {
        const p = geodeticToLocal(frame, lat.values[k], lon.values[k]), q = geodeticToLocal(frame, lat.values[k - 10], lon.values[k - 10]);
        const v = valueAt(sp, 0.5 * (lat.timeS[k] + lat.timeS[k - 10]));
        if (v > 20) gr.push(Math.hypot(p.xM - q.xM, p.yM - q.yM) / (lat.timeS[k] - lat.timeS[k - 10]) / v);
      }
      expect(median(gr)).toBeGreaterThan(0.98);
      expect(median(gr)).toBeLessThan(1.01);
    });
  });
});

describe('demo generator: the planted styles are visible', () => {
  /** Brake applications in the data: the last quiet sample before brake_front rises through 2 bar, after at least 0.3 s at or below 0.5 bar. */
  function detectedOnsets(s: Session): number[] {
    const b = ch(s, 'brake_front');
    const out: number[] = [];
    let quietSince = -Infinity, quiet = true, armed = false, riseFrom = NaN;
    for (let k = 0; k < b.values.length; k++) {
      const v = b.values[k];
      if (v <= 0.5) {
        if (!quiet) { quiet = true; quietSince = b.timeS[k]; }
        armed = false;
        continue;
      }
      if (quiet) {
        quiet = false;
        armed = k > 0 && b.timeS[k - 1] - quietSince >= 0.3;
        riseFrom = k > 0 ? b.timeS[k - 1] : b.timeS[k];
      }
      if (armed && v > 2) { out.push(riseFrom); armed = false; }
    }
    return out;
  }

  it('has each planted brake point in the brake-pressure channel', () => {
    demo.sessions.forEach((s, i) => {
      const d = demo.truth.drivers[i];
      const onsets = detectedOnsets(s);
      for (const bp of d.brakePoints) {
        const near = onsets.filter((t) => t >= bp.timeS - 0.05 && t <= bp.timeS + 0.12);
        expect(near.length, `${d.driver} lap ${bp.lap} ${bp.cornerName}`).toBe(1);
      }
    });
  });

  it('late braker: brakes later and harder than the reference at most corners (truth and data)', () => {
    const ref = demo.truth.drivers[driver('reference')], late = demo.truth.drivers[driver('late-braker')];
    let later = 0, harder = 0, n = 0, sum = 0;
    for (const c of demo.truth.track.corners) {
      const a = ref.brakePoints.filter((b) => b.corner === c.number && flying(ref)(b.lap));
      const b = late.brakePoints.filter((x) => x.corner === c.number && flying(late)(x.lap));
      if (a.length < 4 || b.length < 4) continue;
      n++;
      const diff = median(b.map((x) => x.distanceM)) - median(a.map((x) => x.distanceM));
      sum += diff;
      if (diff > 0.5) later++;
      if (median(b.map((x) => x.peakFrontBar)) > median(a.map((x) => x.peakFrontBar)) + 5) harder++;
    }
    expect(n).toBeGreaterThanOrEqual(8);
    expect(later).toBeGreaterThanOrEqual(Math.ceil(0.8 * n));
    expect(harder).toBeGreaterThanOrEqual(Math.ceil(0.8 * n));
    expect(sum / n).toBeGreaterThan(3);
    // in the data: where (GPS, projected on the centreline) each detected brake application is
    const at = (idx: number) => {
      const sess = demo.sessions[idx], lat = ch(sess, 'lat'), lon = ch(sess, 'lon');
      let hint = 0;
      return detectedOnsets(sess).map((t) => {
        const p = project(valueAt(lat, t), valueAt(lon, t), hint);
        hint = p.index;
        return p.distanceM;
      });
    };
    const A = at(driver('reference')), B = at(driver('late-braker'));
    let laterInData = 0, m = 0;
    for (const c of demo.truth.track.corners) {
      // brake applications within 150 m before the apex belong to this corner
      const pick = (x: number[]) => x.filter((d) => d > c.apexM - 150 && d < c.apexM);
      const a = pick(A), b = pick(B);
      if (a.length < 4 || b.length < 4) continue;
      m++;
      if (median(b) > median(a)) laterInData++;
    }
    expect(m).toBeGreaterThanOrEqual(8);
    expect(laterInData).toBeGreaterThanOrEqual(Math.ceil(0.8 * m));
  });

  it('early throttle: picks up earlier and squeezes the throttle on more slowly', () => {
    const ref = demo.truth.drivers[driver('reference')], early = demo.truth.drivers[driver('early-throttle')];
    let earlier = 0, n = 0;
    for (const c of demo.truth.track.corners) {
      const a = ref.throttlePickups.filter((p) => p.corner === c.number && flying(ref)(p.lap));
      const b = early.throttlePickups.filter((p) => p.corner === c.number && flying(early)(p.lap));
      if (a.length < 4 || b.length < 4) continue;
      n++;
      if (median(b.map((x) => x.distanceM)) < median(a.map((x) => x.distanceM))) earlier++;
    }
    expect(earlier).toBeGreaterThanOrEqual(Math.ceil(0.75 * n));
    // in the data: time from the pickup to 90 % throttle
    const riseTimes = (idx: number) => {
      const thr = ch(demo.sessions[idx], 'throttle');
      return demo.truth.drivers[idx].throttlePickups.map((p) => {
        for (let k = 0; k < thr.timeS.length; k++) if (thr.timeS[k] > p.timeS && thr.values[k] >= 90) return thr.timeS[k] - p.timeS;
        return NaN;
      }).filter((x) => x < 3);
    };
    expect(median(riseTimes(driver('early-throttle')))).toBeGreaterThan(median(riseTimes(driver('reference'))) + 0.15);
  });

  it('aggressive driver: busier steering, a tight line and less consistent brake points', () => {
    const roughness = (s: Session) => {
      const st = ch(s, 'steering').values;
      let sum = 0;
      for (let k = 2; k < st.length; k++) sum += (st[k] - 2 * st[k - 1] + st[k - 2]) ** 2;
      return Math.sqrt(sum / (st.length - 2));
    };
    const rRef = roughness(demo.sessions[driver('reference')]);
    expect(roughness(demo.sessions[driver('aggressive')])).toBeGreaterThan(2 * rRef);
    expect(roughness(demo.sessions[driver('early-throttle')])).toBeLessThan(rRef);
    // how far to the outside of each slow corner the car is 10 m before its entry, from the GPS
    const track = demoTrack();
    const outsideAtTurnIn = (s: Session) => {
      const lat = ch(s, 'lat'), lon = ch(s, 'lon');
      const out: number[] = [];
      let hint = 0;
      for (let k = 0; k < lat.values.length; k++) {
        const p = project(lat.values[k], lon.values[k], hint);
        hint = p.index;
        for (const c of track.corners) if (c.radiusM < 100 && Math.abs(p.distanceM - (c.entryM - 10)) < 3) out.push(c.direction === 'left' ? -p.offsetM : p.offsetM);
      }
      return median(out);
    };
    expect(outsideAtTurnIn(demo.sessions[driver('aggressive')])).toBeLessThan(2);
    expect(outsideAtTurnIn(demo.sessions[driver('reference')])).toBeGreaterThan(3);
    // lap-to-lap spread of the brake points (pooled over the corners: deviations from each corner's mean)
    const spread = (d: DriverTruth) => {
      let ss = 0, dof = 0;
      for (const c of demo.truth.track.corners) {
        const x = d.brakePoints.filter((b) => b.corner === c.number && flying(d)(b.lap)).map((b) => b.distanceM);
        if (x.length < 4) continue;
        const m = x.reduce((a, b) => a + b, 0) / x.length;
        for (const v of x) ss += (v - m) ** 2;
        dof += x.length - 1;
      }
      return Math.sqrt(ss / dof);
    };
    expect(spread(demo.truth.drivers[driver('aggressive')])).toBeGreaterThan(1.5 * spread(demo.truth.drivers[driver('reference')]));
  });
});
