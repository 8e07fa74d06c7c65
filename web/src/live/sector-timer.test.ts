import { describe, expect, it } from 'vitest';
import { SectorTimer, type TimedLap } from './sector-timer.ts';

/** A car at 40 m/s on a 1000 m lap (25 s), odometer sampled every 40 ms and reset at the line. */
function drive(timer: SectorTimer, fromMs: number, toMs: number, t0Ms: number, lengthM = 1000, speedMs = 40): TimedLap[] {
  const out: TimedLap[] = [];
  for (let t = fromMs; t < toMs; t += 40) {
    const d = ((t - t0Ms) / 1000) * speedMs;
    out.push(...timer.sample(t, d % lengthM));
  }
  return out;
}

describe('SectorTimer', () => {
  it('splits a completed lap at thirds of its measured length; sectors add up to the lap time', () => {
    const timer = new SectorTimer();
    const t0 = 1_000_000; // the car crosses the line at t0 + k·25 s
    drive(timer, t0 - 3000, t0 + 26_000, t0);
    const settled = timer.lapCompleted({ lap: 1, lapTimeS: 25, endMs: t0 + 25_000, best: true });
    expect(settled).toHaveLength(1);
    const lap = settled[0];
    expect(lap.lengthM).toBeCloseTo(1000, 6);
    expect(lap.sectorsS.map((s) => Number(s.toFixed(6)))).toEqual([8.333333, 8.333333, 8.333333]);
    expect(lap.sectorsS.reduce((a, b) => a + b, 0)).toBeCloseTo(25, 9);
    expect(lap.best).toBe(true);
  });

  it('waits for a frame after the line before settling, then shows the running lap sectors as they pass', () => {
    const timer = new SectorTimer();
    const t0 = 5_000_000;
    drive(timer, t0 - 1000, t0 + 24_990, t0);
    expect(timer.lapCompleted({ lap: 3, lapTimeS: 25, endMs: t0 + 25_000 })).toEqual([]);
    const settled = drive(timer, t0 + 25_000, t0 + 34_000, t0);
    expect(settled.map((l) => l.lap)).toEqual([3]);
    // 9 s into the next lap: S1 (8.33 s) is done, S2 not yet
    const running = timer.running(t0 + 25_000);
    expect(running).toHaveLength(1);
    expect(running[0]).toBeCloseTo(25 / 3, 6);
  });

  it('uses the stored track sectors when given, and an expected length before any lap is measured', () => {
    const timer = new SectorTimer();
    timer.setBoundaries([0.5, 0.25]);
    expect(timer.sectorCount).toBe(3);
    const t0 = 0;
    drive(timer, 40, 20_000, t0);
    expect(timer.running(0)).toEqual([]);
    const r = timer.running(0, 1000);
    expect(r.map((s) => Number(s.toFixed(6)))).toEqual([6.25, 6.25]);
  });

  it('a lap without odometer samples keeps its time and leaves the sectors unknown', () => {
    const timer = new SectorTimer();
    timer.sample(100, 5);
    timer.sample(200, 6);
    const [lap] = timer.lapCompleted({ lap: 1, lapTimeS: 90, endMs: 150 });
    expect(lap.lapTimeS).toBe(90);
    expect(lap.sectorsS.every((s) => Number.isNaN(s))).toBe(true);
  });
});
