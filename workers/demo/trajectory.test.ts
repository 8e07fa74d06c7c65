import { describe, expect, it } from 'vitest';
import { DEMO_DRIVERS } from './drivers.ts';
import { Rng } from './prng.ts';
import { buildRacingLine } from './racing-line.ts';
import { demoTrack } from './track.ts';
import { buildTrajectory, DEFAULT_PLAN, lapCounterAt } from './trajectory.ts';
import { DEMO_CAR, G } from './vehicle.ts';

const track = demoTrack();
const style = DEMO_DRIVERS[0];
const plan = { ...DEFAULT_PLAN, laps: 2 };
const traj = buildTrajectory(track, DEMO_CAR, style, buildRacingLine(track, style.line), plan, new Rng(3));
const n = traj.uM.length;

describe('trajectory', () => {
  it('runs from the out-lap over the full laps into a partial in-lap, ending at pit-lane speed', () => {
    expect(traj.uM[0]).toBeCloseTo(-plan.outLapM, 0);
    expect(traj.uM[n - 1]).toBeCloseTo(plan.laps * track.lengthM + plan.inLapM, 0);
    expect(traj.uM[traj.firstCrossingIndex]).toBe(0);
    expect(traj.uM[traj.firstCrossingIndex + traj.pointsPerLap]).toBeCloseTo(track.lengthM, 6);
    expect(traj.speedMs[n - 1]).toBeLessThanOrEqual(plan.pitLaneSpeedMs + 1e-9);
    expect(traj.crossingTimesS.length).toBe(plan.laps + 1);
    expect(lapCounterAt(-1, track.lengthM)).toBe(1);
    expect(lapCounterAt(0, track.lengthM)).toBe(2);
    expect(lapCounterAt(track.lengthM * 2 + 5, track.lengthM)).toBe(4);
  });

  it('integrates time exactly for constant acceleration between grid points', () => {
    for (let i = 0; i < n - 1; i++) {
      const ds = traj.pathM[i + 1] - traj.pathM[i];
      const dt = traj.timeS[i + 1] - traj.timeS[i];
      if (!(dt > 0)) throw new Error(`time not increasing at ${i}`);
      const v0 = traj.speedMs[i], v1 = traj.speedMs[i + 1];
      if (Math.abs(dt - (2 * ds) / (v0 + v1)) > 1e-12) throw new Error(`dt at ${i}`);
      if (Math.abs(traj.accelMs2[i] * dt - (v1 - v0)) > 1e-9) throw new Error(`a·dt ≠ Δv at ${i}`);
    }
    for (let k = 0; k <= plan.laps; k++) expect(traj.crossingTimesS[k]).toBe(traj.timeS[traj.firstCrossingIndex + k * traj.pointsPerLap]);
  });

  it('stays on the track, within the grip and under the braking envelope', () => {
    let worstGrip = 0;
    for (let i = 0; i < n - 1; i++) {
      if (Math.abs(traj.offsetM[i]) > track.widthM / 2 - 0.9) throw new Error(`off track at ${i}`);
      if (traj.speedMs[i] > traj.envelopeMs[i] + 1e-9) throw new Error(`over the envelope at ${i}`);
      const ay = traj.speedMs[i] ** 2 * traj.curvature[i];
      worstGrip = Math.max(worstGrip, Math.abs(ay) / (DEMO_CAR.mu * G));
    }
    expect(worstGrip).toBeLessThanOrEqual(1 + 1e-9);
    expect(worstGrip).toBeGreaterThan(0.9);
  });

  it('splits the tyre force into throttle, engine braking and brakes consistently', () => {
    for (let i = 0; i < n - 1; i++) {
      if (traj.throttle[i] < 0 || traj.throttle[i] > 1) throw new Error(`throttle ${traj.throttle[i]} at ${i}`);
      if (traj.brakeForceN[i] > 0 && traj.throttle[i] > 0) throw new Error(`throttle and brake at ${i}`);
      if (traj.brakeForceN[i] > 0 && traj.accelMs2[i] > 0) throw new Error(`braking while accelerating at ${i}`);
    }
    // full throttle on the straights, real braking before the slow corners
    expect(Math.max(...traj.throttle)).toBe(1);
    expect(Math.max(...traj.brakeForceN)).toBeGreaterThan(0.8 * DEMO_CAR.mu * G * DEMO_CAR.massKg * 0.85);
  });

  it('records one brake application and one pickup per braked corner per lap, in order', () => {
    const firstLap = traj.brakeEvents.filter((e) => traj.uM[e.index] >= 0 && traj.uM[e.index] < track.lengthM && e.peakFrontBar > 5);
    const corners = new Set(firstLap.map((e) => e.corner));
    expect(corners.size).toBeGreaterThanOrEqual(9);
    for (const e of traj.brakeEvents) {
      const next = traj.pickups.find((p) => p.index > e.index);
      if (!next) continue;
      // between the application and the pickup the car slows to its corner speed
      expect(traj.speedMs[next.index]).toBeLessThan(traj.speedMs[e.index]);
    }
    const shiftsUp = traj.shifts.filter((s) => s.to > s.from);
    for (const s of shiftsUp) expect(s.cutS).toBe(style.shiftTimeS);
  });
});
