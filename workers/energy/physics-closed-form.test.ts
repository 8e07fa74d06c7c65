// Closed-form physics: a constant-deceleration stop dissipates ½mv² less drag and rolling losses in the
// brakes (split front/rear by pressure × balance); a constant-speed circle has zero yaw power and drag
// power ½ρ·CdA·v³, with the yaw rate from the gyro or from v·κ.

import { describe, expect, it } from 'vitest';
import { cpuKernels } from './cpu/index.ts';
import { lapEnergies } from './lap-energy.ts';
import { lapSamples } from './lap-samples.ts';
import { DEMO_CAR_ENERGY } from './presets.ts';
import { constantDecelerationStop, constantSpeedCircle } from './synthetic.ts';
import { G } from './vehicle-params.ts';

const car = DEMO_CAR_ENERGY;
const rhoCdA = car.airDensityKgM3 * car.cdAM2;
const noTrack = { grid: null, corners: [], sectors: [] };

describe('energy physics, closed-form cases (CPU path)', () => {
  it('a constant-deceleration stop: braking energy = ½mv² − drag − rolling losses', async () => {
    const v0 = 50;
    const d = 9;
    const run = constantDecelerationStop(v0, d, 100, 80, 60);
    const samples = lapSamples(run.session, run.lap, null, { accelAlignment: null });
    const [e] = await lapEnergies(cpuKernels(), [samples], car, noTrack, { keepSamples: true });
    const T = v0 / d;
    const dragJ = (0.5 * rhoCdA * v0 ** 4) / (4 * d); // ∫ ½ρCdA v³ dt with v = v0 − d·t
    const rollingJ = (car.rollingResistance * car.massKg * G * v0 * v0) / (2 * d); // Crr·m·g × stopping distance
    const brakingJ = 0.5 * car.massKg * v0 * v0 - dragJ - rollingJ;
    expect(e.timeS).toBeCloseTo(T, 9);
    expect(Math.abs(e.dragJ / dragJ - 1)).toBeLessThan(1e-4);
    expect(Math.abs(e.rollingJ / rollingJ - 1)).toBeLessThan(1e-6);
    expect(Math.abs((e.brakeFrontJ + e.brakeRearJ) / brakingJ - 1)).toBeLessThan(1e-4);
    expect(e.tractionJ).toBe(0);
    expect(e.engineBrakeJ).toBe(0);
    // front share at 80 / 60 bar with the balance bF: bF·80 / (bF·80 + (1 − bF)·60)
    const bf = car.brakeBalanceFront;
    expect(e.brakeFrontJ / (e.brakeFrontJ + e.brakeRearJ)).toBeCloseTo((bf * 80) / (bf * 80 + (1 - bf) * 60), 12);
    expect(e.deltaKineticJ).toBeCloseTo(-0.5 * car.massKg * v0 * v0, 6);
    expect(e.closure).toBeLessThan(1e-6);
    // peak braking power at the start: (m·d − ½ρCdA·v0² − Crr·m·g)·v0
    expect(e.peakBrakingW / ((car.massKg * d - 0.5 * rhoCdA * v0 * v0 - car.rollingResistance * car.massKg * G) * v0) - 1).toBeCloseTo(0, 9);
    expect(e.peakBrakingAtM).toBe(0);
    // per metre: the bins add up to the lap, and the last metre holds almost nothing (the car is nearly stopped)
    const pm = e.perMetre;
    expect(pm.bins).toBe(Math.ceil((v0 * v0) / (2 * d)));
    let sum = 0;
    for (const x of pm.values.brakeFrontJ) sum += x;
    expect(sum).toBeCloseTo(e.brakeFrontJ, 3);
    expect(pm.kineticJ[0]).toBeCloseTo(0.5 * car.massKg * v0 * v0, 6);
  });

  for (const gyro of [true, false]) {
    it(`a constant-speed circle (${gyro ? 'gyro' : 'yaw rate from v·κ'}): yaw power 0, drag power ½ρ·CdA·v³`, async () => {
      const v = 30;
      const R = 80;
      const run = constantSpeedCircle(v, R, 50, gyro);
      const samples = lapSamples(run.session, run.lap, run.grid, { accelAlignment: null });
      expect(samples.sources.yawRate).toBe(gyro ? 'gyro' : 'speed×curvature');
      const [e] = await lapEnergies(cpuKernels(), [samples], car, { grid: run.grid, corners: [], sectors: [] }, { keepSamples: true });
      const out = e.samples!.outputs;
      const dragW = 0.5 * rhoCdA * v ** 3;
      const rollW = car.rollingResistance * car.massKg * G * v;
      for (let i = 0; i < out.dragW.length; i++) {
        expect(out.yawW[i]).toBeCloseTo(0, 9);
        expect(out.dragW[i]).toBeCloseTo(dragW, 9);
        expect(out.tractionW[i]).toBeCloseTo(dragW + rollW, 9);
        expect(out.yawKineticJ[i]).toBeCloseTo(0.5 * car.yawInertiaKgM2 * (v / R) ** 2, 9);
      }
      const T = (2 * Math.PI * R) / v;
      expect(e.dragJ).toBeCloseTo(dragW * T, 4);
      expect(e.tractionJ).toBeCloseTo((dragW + rollW) * T, 4);
      expect(e.yawJ).toBeCloseTo(0, 6);
      expect(e.brakeFrontJ + e.brakeRearJ + e.engineBrakeJ).toBe(0);
      expect(e.efficiency).toBe(0); // no kinetic energy gained: all traction goes into the losses
      // the energy vectors point along the direction of travel (tangent of the circle)
      const j = 100;
      const phi = j / R;
      const w = e.perMetre.wheelJ[j];
      expect(w).toBeGreaterThan(0);
      expect(e.perMetre.vectorXJ[j] / w).toBeCloseTo(Math.cos(phi), 9);
      expect(e.perMetre.vectorYJ[j] / w).toBeCloseTo(Math.sin(phi), 9);
    });
  }
});
