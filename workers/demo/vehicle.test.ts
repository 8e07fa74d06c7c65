import { describe, expect, it } from 'vitest';
import { DEMO_CAR, G, engineTorqueNm, gearFor, maxDriveForceN, resistanceN, rpmAt, speedProfile, type QssInput } from './vehicle.ts';

function straightInput(n: number, over: Partial<QssInput> = {}): QssInput {
  const f = (v: number) => new Float64Array(n).fill(v);
  return {
    dsM: new Float64Array(n - 1).fill(0.5), curvature: f(0), gradient: f(0), capMs: f(200), brakeUse: f(0.92), latUse: f(0.95),
    accelUse: f(0.97), pickupIndex: new Int32Array(n).fill(-1), maxThrottle: f(1), shiftRpm: f(7300), startSpeedMs: 15,
    brakeRampS: 0.2, throttleRampS: 0.4, throttleRampShape: 1, downshiftRpm: 6900, shiftTimeS: 0.24, ...over,
  };
}

describe('demo car', () => {
  it('has about 170 kW at 7000 rpm and a 7500 rpm limiter', () => {
    let best = 0, at = 0;
    for (let rpm = 1000; rpm < 7500; rpm += 50) {
      const kw = (engineTorqueNm(DEMO_CAR, rpm) * rpm * 2 * Math.PI) / 60 / 1000;
      if (kw > best) { best = kw; at = rpm; }
    }
    expect(best).toBeGreaterThan(160);
    expect(best).toBeLessThan(180);
    expect(at).toBeGreaterThan(6500);
    expect(engineTorqueNm(DEMO_CAR, 7500)).toBe(0);
  });

  it('maps speed and gear to rpm through the gearbox', () => {
    // 5th (direct, 1.000) at 200 km/h
    const rpm = rpmAt(DEMO_CAR, 200 / 3.6, 5);
    expect(rpm).toBeCloseTo(((200 / 3.6) / DEMO_CAR.tyreRadiusM) * 4.3 * (60 / (2 * Math.PI)), 6);
    expect(gearFor(DEMO_CAR, 30, 7300)).toBe(3);
    expect(maxDriveForceN(DEMO_CAR, 10, 1)).toBeGreaterThan(maxDriveForceN(DEMO_CAR, 10, 2));
  });

  it('accelerates through the gears at the shift point and tops out at a drag-limited speed', () => {
    const n = 8000;
    const q = speedProfile(DEMO_CAR, straightInput(n));
    const ups = q.shifts.filter((s) => s.to > s.from);
    expect(ups.length).toBeGreaterThanOrEqual(3);
    for (const s of ups) {
      const rpm = rpmAt(DEMO_CAR, q.speedMs[s.index], s.from);
      expect(rpm).toBeGreaterThanOrEqual(7300 - 1e-6);
      expect(rpm).toBeLessThan(7350);
    }
    let vmax = 0;
    for (let i = 0; i < n; i++) {
      vmax = Math.max(vmax, q.speedMs[i]);
      expect(rpmAt(DEMO_CAR, q.speedMs[i], q.gear[i])).toBeLessThan(DEMO_CAR.revLimitRpm);
    }
    // 4 km of straight: close to the top speed where drive force = drag
    expect(vmax * 3.6).toBeGreaterThan(210);
    expect(vmax * 3.6).toBeLessThan(260);
  });

  it('brakes to a cap with the pressure built up first, within the friction circle', () => {
    const n = 2000;
    const inp = straightInput(n, { startSpeedMs: 50 });
    inp.capMs.fill(20, 1500, 1600);
    const q = speedProfile(DEMO_CAR, inp);
    expect(q.speedMs[1550]).toBeLessThanOrEqual(20 + 1e-9);
    expect(q.brakeOnsets.length).toBe(1);
    let minA = 0;
    for (let i = 0; i < 1500; i++) {
      const a = (q.speedMs[i + 1] ** 2 - q.speedMs[i] ** 2) / (2 * inp.dsM[i]);
      minA = Math.min(minA, a);
      // never faster than the braking envelope
      expect(q.speedMs[i]).toBeLessThanOrEqual(q.envelopeMs[i] + 1e-9);
    }
    const v = q.speedMs[q.brakeOnsets[0]];
    expect(-minA).toBeLessThanOrEqual(0.92 * DEMO_CAR.mu * G + resistanceN(DEMO_CAR, v) / DEMO_CAR.massKg + 1e-6);
    expect(-minA).toBeGreaterThan(0.85 * DEMO_CAR.mu * G);
    // the first metres after the onset decelerate less than the peak (pressure build-up)
    const j = q.brakeOnsets[0];
    const a0 = (q.speedMs[j + 1] ** 2 - q.speedMs[j] ** 2) / (2 * inp.dsM[j]);
    expect(-a0).toBeLessThan(0.3 * -minA);
  });

  it('keeps within the grip on an arc, and waits for the planned pickup before accelerating', () => {
    const n = 1200;
    const inp = straightInput(n, { startSpeedMs: 30 });
    const k = 1 / 40;
    inp.curvature.fill(k, 200, 600);
    const cap = Math.sqrt((0.95 * DEMO_CAR.mu * G) / k);
    inp.capMs.fill(cap, 200, 600);
    inp.pickupIndex.fill(500);
    const q = speedProfile(DEMO_CAR, inp);
    for (let i = 200; i < 600; i++) {
      const ay = q.speedMs[i] ** 2 * k;
      const ax = (q.speedMs[i + 1] ** 2 - q.speedMs[i] ** 2) / (2 * inp.dsM[i]);
      expect(Math.hypot(ax, ay)).toBeLessThanOrEqual(DEMO_CAR.mu * G + resistanceN(DEMO_CAR, q.speedMs[i]) / DEMO_CAR.massKg + 1e-6);
    }
    expect(q.pickups.some((p) => p >= 500 && p < 505)).toBe(true);
    // held (maintenance throttle) between the brake release and the pickup
    expect(q.speedMs[480]).toBeCloseTo(q.speedMs[420], 6);
  });
});
