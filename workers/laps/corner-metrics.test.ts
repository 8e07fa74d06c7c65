import { describe, expect, it } from 'vitest';
import { brakeApplications, brakeEvent, cornerMetrics, cornerSegments, throttlePickup } from './corner-metrics.ts';
import { lapGridDistances, resampleLaps } from './distance-grid.ts';
import { splitLaps } from './lap-split.ts';
import { alignSession } from './map-match.ts';
import { STADIUM_BRAKE_POINTS_M, stadiumModel, syntheticRun } from './test-fixtures.ts';
import type { DistanceLap } from './types.ts';

const model = stadiumModel();

/** A hand-made lap at a constant 20 m/s with the given channels. */
function lapWith(channels: Record<string, (d: number) => number>, lengthM = 1000): DistanceLap {
  const distanceM = lapGridDistances(lengthM);
  const ch: Record<string, Float64Array> = {};
  for (const [k, f] of Object.entries(channels)) ch[k] = distanceM.map(f);
  return { lap: 1, lengthM, distanceM, timeS: distanceM.map((d) => d / 20), startTimeS: 0, lateralM: new Float64Array(distanceM.length), channels: ch, units: {} };
}

describe('corner metrics', () => {
  it('measures speeds, braking, pickup, time and line in each turn of a lap', () => {
    const run = syntheticRun({ laps: 3, offsetM: 2 });
    const al = alignSession(run.session, model)!;
    const grids = resampleLaps(run.session, al, splitLaps(run.session, al, model).laps);
    const m = cornerMetrics(grids[1], model.corners, grids[0]);
    expect(m).toHaveLength(2);
    m.forEach((c, k) => {
      // pressure passes 3 bar half a metre after the brake point (6 bar/m)
      expect(Math.abs(c.brakePointM - (STADIUM_BRAKE_POINTS_M[k] + 0.5))).toBeLessThan(0.3);
      expect(c.peakBrakeBar).toBeCloseTo(60, 0);
      expect(Math.abs(c.brakeReleaseM - (STADIUM_BRAKE_POINTS_M[k] + 59))).toBeLessThan(0.5);
      expect(c.trailBrakeM).toBeCloseTo(c.brakeReleaseM - c.entryM, 6);
      expect(Math.abs(c.throttlePickupM - (STADIUM_BRAKE_POINTS_M[k] + 60))).toBeLessThan(1.5);
      expect(c.entrySpeedMs).toBeGreaterThan(24);
      expect(c.minSpeedMs).toBeCloseTo(24, 1);
      expect(c.apexOffsetM).toBeCloseTo(2, 1);
      expect(c.timeInCornerS).toBeGreaterThan(6);
      expect(Math.abs(c.deltaVsRefS)).toBeLessThan(0.01);
    });
  });

  it('skips dabs and sensor dropouts, and gives each application to the corner where it slows the car most', () => {
    const o = { brakeThresholdBar: 3, minBrakePeakBar: 5, minBrakeDurationS: 0.15 };
    // a 0.1 s dab at 100 m (2 m at 20 m/s), then real braking from 300 m with one lost sample at 310 m
    const lap = lapWith({ brake_front: (d) => (d >= 100 && d < 102 ? 40 : d >= 300 && d < 360 && Math.round(d) !== 310 ? 50 : 0) });
    const e = brakeEvent(lap, lap.channels.brake_front, 0, 500, o)!;
    expect(e.pointM).toBeCloseTo(299.06, 1);
    expect(e.releaseM).toBeCloseTo(359.94, 1);
    expect(brakeApplications(lap, lap.channels.brake_front)).toHaveLength(1);
  });

  it('finds the throttle pickup at the start of the ramp from a held maintenance throttle, not at the step up to it', () => {
    // release at 400 m, step to 20 % maintenance, ramp from 450 m to full at 470 m
    const lap = lapWith({ throttle: (d) => (d < 400 ? 0 : d < 450 ? 20 : d < 470 ? 20 + 4 * (d - 450) : 100) });
    expect(throttlePickup(lap, lap.channels.throttle, 399, 900)).toBeCloseTo(450.25, 1);
    const flat = lapWith({ throttle: () => 100 });
    expect(throttlePickup(flat, flat.channels.throttle, 100, 900)).toBeNaN();
  });

  it('tiles the lap with one segment per corner, split at the middle of the straights', () => {
    const segs = cornerSegments(model.corners, model.grid.lengthM);
    expect(segs[0].startM).toBe(0);
    expect(segs[segs.length - 1].endM).toBe(model.grid.lengthM);
    expect(segs[0].endM).toBe(segs[1].startM);
    const [a, b] = [...model.corners].sort((x, y) => x.apexM - y.apexM);
    expect(segs[0].endM).toBeCloseTo((a.exitM + b.entryM) / 2, 6);
  });
});
