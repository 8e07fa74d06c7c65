// The energy model on the demo session against the generator's own physics: the energy balance of
// every flying lap closes within 0.5 %, traction / retarding work / drag match the ground-truth
// trajectory (level-road model, as the session's track map has no elevation), the brake split follows
// the demo's 64/36 force share, corners and sectors add up to the lap, and the lap matrix and raster
// are consistent with the per-metre results.

import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DRIVERS } from '../demo/drivers.ts';
import { generateDemo } from '../demo/generate.ts';
import { Rng } from '../demo/prng.ts';
import { buildRacingLine } from '../demo/racing-line.ts';
import { demoTrack } from '../demo/track.ts';
import { buildTrajectory, DEFAULT_PLAN } from '../demo/trajectory.ts';
import { DEMO_CAR, resistanceN } from '../demo/vehicle.ts';
import { analyzeSession, type SessionAnalysis } from '../laps/analyze.ts';
import type { Session } from '../model/session.ts';
import { cpuKernels } from './cpu/index.ts';
import { lapMatrixCpu } from './cpu/lap-matrix.ts';
import { rasterCpu } from './cpu/raster.ts';
import { DEMO_CAR_ENERGY } from './presets.ts';
import { lapMatrixInput, rasterInput, sessionEnergy, type SessionEnergy } from './session-energy.ts';

const SEED = 2026;
const LAPS = 3;

interface Truth { lapTimeS: number; tractionJ: number; retardJ: number; dragJ: number }

/** Per flying lap, from the generator's trajectory (the same RNG forks as generateDemo): level-road wheel work. */
function groundTruth(): Truth[] {
  const track = demoTrack();
  const style = DEMO_DRIVERS[0];
  const rng = new Rng(SEED).fork(`driver:${style.id}:0`);
  const traj = buildTrajectory(track, DEMO_CAR, style, buildRacingLine(track, style.line), { ...DEFAULT_PLAN, laps: LAPS }, rng.fork('trajectory'));
  const out: Truth[] = [];
  for (let k = 0; k < LAPS; k++) {
    const a = traj.firstCrossingIndex + k * traj.pointsPerLap;
    const t: Truth = { lapTimeS: traj.crossingTimesS[k + 1] - traj.crossingTimesS[k], tractionJ: 0, retardJ: 0, dragJ: 0 };
    for (let i = a; i < a + traj.pointsPerLap; i++) {
      const ds = traj.pathM[i + 1] - traj.pathM[i];
      const v = 0.5 * (traj.speedMs[i] + traj.speedMs[i + 1]);
      const f = DEMO_CAR.massKg * traj.accelMs2[i] + resistanceN(DEMO_CAR, v);
      t.tractionJ += Math.max(0, f) * ds;
      t.retardJ += Math.max(0, -f) * ds;
      t.dragJ += 0.5 * DEMO_CAR.airDensityKgM3 * DEMO_CAR.cdAM2 * v * v * ds;
    }
    out.push(t);
  }
  return out;
}

describe('energy on the demo session (CPU path)', () => {
  let session: Session;
  let analysis: SessionAnalysis;
  let result: SessionEnergy;
  let truth: Truth[];
  let demoLapTimesS: number[];

  beforeAll(async () => {
    const demo = generateDemo({ seed: SEED, drivers: 1, laps: LAPS });
    session = demo.sessions[0];
    demoLapTimesS = demo.truth.drivers[0].laps.map((l) => l.lapTimeS);
    analysis = analyzeSession(session);
    result = await sessionEnergy(cpuKernels(), session, analysis, DEMO_CAR_ENERGY);
    truth = groundTruth();
  });

  it('puts every flying lap through the kernels, with the accelerometer aligned to the speed', () => {
    expect(result.backend).toBe('cpu');
    expect(result.laps.map((l) => l.lap)).toEqual([2, 3, 4]);
    const src = result.laps[0].sources;
    expect(src.accel).toBe('accelerometer');
    expect(src.yawRate).toBe('gyro');
    expect(src.brakes).toBe('front+rear');
    // the demo's accelerometer has a 30 ms first-order anti-alias filter
    expect(src.accelAlignment!.lagS).toBeGreaterThan(0.015);
    expect(src.accelAlignment!.lagS).toBeLessThan(0.045);
    expect(Math.abs(src.accelAlignment!.offsetMs2)).toBeLessThan(0.05);
  });

  it('closes the energy balance (traction − braking − losses = ΔKE) within 0.5 % on every lap', () => {
    for (const l of result.laps) {
      const lhs = l.tractionJ - l.brakeFrontJ - l.brakeRearJ - l.engineBrakeJ - l.dragJ - l.rollingJ - l.gradeJ;
      expect(Math.abs(lhs - l.deltaKineticJ) / l.tractionJ).toBeLessThan(0.005);
      expect(l.closure).toBeLessThan(0.005);
      expect(l.tractionJ).toBeGreaterThan(5e6);
    }
  });

  it('matches the generator’s traction, retarding work and drag within 1.5 %', () => {
    // the reconstructed trajectory is the one generateDemo sampled (same RNG forks): same lap times
    expect(truth.map((t) => t.lapTimeS)).toEqual(demoLapTimesS.map((x) => expect.closeTo(x, 9)));
    result.laps.forEach((l, k) => {
      const t = truth[k];
      expect(Math.abs(l.tractionJ / t.tractionJ - 1)).toBeLessThan(0.015);
      expect(Math.abs((l.brakeFrontJ + l.brakeRearJ + l.engineBrakeJ) / t.retardJ - 1)).toBeLessThan(0.015);
      expect(Math.abs(l.dragJ / t.dragJ - 1)).toBeLessThan(0.005);
    });
  });

  it('splits the braking 64/36 front/rear like the demo car, and reports plausible peaks and efficiency', () => {
    for (const l of result.laps) {
      expect(l.brakeFrontJ / (l.brakeFrontJ + l.brakeRearJ)).toBeCloseTo(DEMO_CAR.brakeFrontShare, 2);
      // traction ≤ engine peak (170 kW × 0.9 driveline), with accelerometer noise on top
      expect(l.peakTractionW).toBeGreaterThan(120e3);
      expect(l.peakTractionW).toBeLessThan(200e3);
      // braking ≤ m·μ·g·v at the fastest braking point (~1.3 g from ~60 m/s)
      expect(l.peakBrakingW).toBeGreaterThan(400e3);
      expect(l.peakBrakingW).toBeLessThan(DEMO_CAR.massKg * 1.4 * 9.81 * 70);
      expect(l.efficiency).toBeGreaterThan(0.5);
      expect(l.efficiency).toBeLessThan(0.9);
      expect(l.engineJ).toBeCloseTo(l.tractionJ / DEMO_CAR_ENERGY.drivetrainEfficiency, 6);
      expect(l.yawJ).toBeGreaterThan(0);
    }
  });

  it('adds corners and sectors up to the lap', () => {
    const l = result.laps[0];
    expect(l.corners.length).toBe(analysis.model!.corners.length);
    expect(l.sectors.length).toBe(analysis.model!.sectors.length);
    for (const key of ['tractionJ', 'brakeFrontJ', 'brakeRearJ', 'dragJ', 'timeS'] as const) {
      const c = l.corners.reduce((s, x) => s + x[key], 0);
      const s = l.sectors.reduce((acc, x) => acc + x[key], 0);
      expect(Math.abs(c / l[key] - 1)).toBeLessThan(1e-9);
      expect(Math.abs(s / l[key] - 1)).toBeLessThan(1e-9);
    }
    expect(l.timeS).toBeCloseTo(l.lapTimeS, 9);
    // the braking zones fall into the corner segments: most corners have real braking, and its peak lies in the segment
    const braking = l.corners.filter((c) => c.brakeFrontJ > 1e4);
    expect(braking.length).toBeGreaterThan(5);
    for (const c of braking) {
      const inside = c.endM >= c.startM ? c.peakBrakingAtM >= c.startM && c.peakBrakingAtM < c.endM : c.peakBrakingAtM >= c.startM || c.peakBrakingAtM < c.endM;
      expect(inside).toBe(true);
    }
  });

  it('gives a lap matrix whose final deltas are the lap-time differences, and a raster of the per-metre values', () => {
    const pm = result.laps.map((l) => l.perMetre);
    const m = lapMatrixCpu(lapMatrixInput(pm));
    const n = pm.length;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const o = i * n + j;
        expect(m.values.finalDeltaS[o]).toBeCloseTo(result.laps[i].lapTimeS - result.laps[j].lapTimeS, 9);
        expect(m.values.finalDeltaS[o]).toBeCloseTo(-m.values.finalDeltaS[j * n + i], 12);
        expect(m.values.maxDeltaS[o]).toBeGreaterThanOrEqual(m.values.finalDeltaS[o]);
        expect(m.values.tractionDiffJ[o]).toBeCloseTo(result.laps[i].tractionJ - result.laps[j].tractionJ, 3);
      }
      expect(m.values.wheelL1J[i * n + i]).toBe(0);
    }
    const model = analysis.model!;
    const r = rasterCpu(rasterInput(model, pm[0].wheelJ));
    let onTrack = 0;
    const wrong: string[] = [];
    for (let c = 0; c < model.raster.cellIndex.length; c++) {
      const k = model.raster.cellIndex[c];
      if (k < 0) { if (r.value[c] !== 0) wrong.push(`off-track cell ${c}`); continue; }
      onTrack++;
      if (r.value[c] !== pm[0].wheelJ[k]) wrong.push(`cell ${c}: ${r.value[c]} ≠ ${pm[0].wheelJ[k]}`);
      if (Math.abs(Math.hypot(r.vectorX[c], r.vectorY[c]) - Math.abs(pm[0].wheelJ[k])) > 1e-6 * (1 + Math.abs(pm[0].wheelJ[k]))) wrong.push(`cell ${c}: vector length`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(onTrack).toBeGreaterThan(model.grid.lengthM * 10);
  });
});
