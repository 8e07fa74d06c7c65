import { describe, expect, it } from 'vitest';
import { LiveModel } from './live-model.ts';
import type { LiveWireFrame } from './live-messages.ts';

const T0 = Date.UTC(2026, 5, 14, 13, 0, 0);

/** Car `car` on a 1000 m lap at 40 m/s, one frame every 40 ms, heading east from 52°N 1°W. */
function frames(car: string, fromMs: number, toMs: number): LiveWireFrame[] {
  const out: LiveWireFrame[] = [];
  for (let t = fromMs; t < toMs; t += 40) {
    const s = ((t - T0) / 1000) * 40;
    out.push({
      car,
      session: 'fp1',
      ts: t,
      values: { speed: 40, throttle: 100, brake_front: 0, gear: 5, lap_distance: s % 1000, lat: 52, lon: -1 + s / 68_000 },
      derived: { lapTimeS: ((s % 1000) / 40), lap: 1 + Math.floor(s / 1000) },
    });
  }
  return out;
}

describe('LiveModel', () => {
  it('tracks each car: position, traces in display units, trail, and laps with sectors from the alerts', () => {
    const m = new LiveModel();
    m.onMessage({ type: 'frames', frames: [...frames('11', T0, T0 + 26_000), ...frames('7', T0 + 20, T0 + 5000)] });
    m.onMessage({ type: 'alert', alert: { kind: 'lap-completed', carId: '11', sessionId: 'fp1', tsMs: T0 + 25_000, lap: 1, lapTimeS: 25, best: true } });
    expect(m.carIds()).toEqual(['7', '11']);
    expect(m.nowMs).toBe(T0 + 25_960);
    const [c7, c11] = m.snapshot();
    expect(c11.speedKmh).toBeCloseTo(144, 9);
    expect(c11.gear).toBe(5);
    expect(c11.lonDeg).toBeGreaterThan(-1);
    expect(c11.laps).toHaveLength(1);
    expect(c11.laps[0]).toMatchObject({ lap: 1, lapTimeS: 25, best: true });
    expect(c11.laps[0].sectorsS.reduce((a, b) => a + b, 0)).toBeCloseTo(25, 6);
    expect(c7.stale).toBe(true);
    expect(c11.stale).toBe(false);
    expect(m.valueAt('11', 'throttlePct', T0 + 1000)).toBe(100);
    // 26 s at 40 m/s = 1040 m, a point every ≥ 4 m
    const trail = m.trails().find((t) => t.car === '11')!;
    expect(trail.latDeg.length).toBeGreaterThan(200);
    expect(trail.latDeg.length).toBeLessThan(300);
    expect(m.alerts[0].kind).toBe('lap-completed');
  });

  it('ignores late frames for the picture, and starts a car over in a new session', () => {
    const m = new LiveModel();
    m.onMessage({ type: 'frames', frames: frames('11', T0, T0 + 1000) });
    const before = m.snapshot()[0].tsMs;
    m.onMessage({ type: 'frames', frames: [{ car: '11', session: 'fp1', ts: T0 + 10, values: { speed: 1 } }] });
    expect(m.snapshot()[0].tsMs).toBe(before);
    expect(m.frames).toBe(26);
    m.onMessage({ type: 'frames', frames: [{ car: '11', session: 'fp2', ts: T0 + 5000, values: { speed: 2 } }] });
    expect(m.snapshot()[0].speedKmh).toBeCloseTo(7.2, 9);
    expect(m.trails()[0].latDeg).toHaveLength(0);
  });
});
