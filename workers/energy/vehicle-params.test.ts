// Vehicle parameters: presets are valid and documented figures, validation names every bad field,
// and air density follows ρ = p/(R·T) with humid air lighter than dry air.

import { describe, expect, it } from 'vitest';
import { DEMO_CAR } from '../demo/vehicle.ts';
import { airDensityKgM3, ISA_SEA_LEVEL, saturationVapourPressurePa } from './air-density.ts';
import { DEMO_CAR_ENERGY, ENERGY_PRESETS, GR86_CUP_ENERGY, presetForSession, yawInertiaEstimateKgM2 } from './presets.ts';
import { checkVehicleParams, validateVehicleParams } from './vehicle-params.ts';

describe('vehicle parameters', () => {
  it('has valid presets, the demo one taken from the demo generator', () => {
    for (const p of Object.values(ENERGY_PRESETS)) expect(validateVehicleParams(p)).toEqual([]);
    expect(DEMO_CAR_ENERGY).toMatchObject({ massKg: DEMO_CAR.massKg, cdAM2: DEMO_CAR.cdAM2, rollingResistance: DEMO_CAR.rollingResistance, airDensityKgM3: DEMO_CAR.airDensityKgM3, wheelbaseM: DEMO_CAR.wheelbaseM });
    // equal line pressure → the demo's 64 % front force share needs kF/(kF + kR)
    const pF = DEMO_CAR.brakeFrontShare / DEMO_CAR.frontNPerBar;
    const pR = (1 - DEMO_CAR.brakeFrontShare) / DEMO_CAR.rearNPerBar;
    const b = DEMO_CAR_ENERGY.brakeBalanceFront;
    expect((b * pF) / (b * pF + (1 - b) * pR)).toBeCloseTo(DEMO_CAR.brakeFrontShare, 12);
    expect(GR86_CUP_ENERGY.massKg).toBe(1355);
    expect(GR86_CUP_ENERGY.cdAM2).toBeCloseTo(0.64, 12);
    expect(GR86_CUP_ENERGY.airDensityKgM3).toBeCloseTo(1.225, 3);
    expect(yawInertiaEstimateKgM2(1000, 2.5, 0.5)).toBeCloseTo(1562.5, 9);
  });

  it('names every out-of-range or non-numeric field', () => {
    const bad = { ...GR86_CUP_ENERGY, massKg: -5, brakeBalanceFront: 1.2, cdAM2: Number.NaN };
    const issues = validateVehicleParams(bad);
    expect(issues.map((i) => i.field).sort()).toEqual(['brakeBalanceFront', 'cdAM2', 'massKg']);
    expect(issues.find((i) => i.field === 'massKg')!.message).toMatch(/-5 kg is outside 100–5000 kg/);
    expect(() => checkVehicleParams(bad)).toThrow(/massKg/);
    expect(checkVehicleParams(GR86_CUP_ENERGY)).toBe(GR86_CUP_ENERGY);
  });

  it('computes air density from the weather', () => {
    expect(airDensityKgM3({ pressurePa: ISA_SEA_LEVEL.pressurePa, airTemperatureC: ISA_SEA_LEVEL.temperatureC })).toBeCloseTo(1.2250, 4);
    // Indianapolis race 1 weather (98 450 Pa, 16.5 °C, 77 % RH)
    const dry = airDensityKgM3({ pressurePa: 98_450, airTemperatureC: 16.5 });
    const humid = airDensityKgM3({ pressurePa: 98_450, airTemperatureC: 16.5, relativeHumidity: 0.77 });
    expect(dry).toBeCloseTo(98_450 / (287.058 * 289.65), 9);
    expect(humid).toBeLessThan(dry);
    expect(dry - humid).toBeCloseTo(0.77 * saturationVapourPressurePa(16.5) * (1 / (287.058 * 289.65) - 1 / (461.495 * 289.65)), 9);
    expect(Math.abs(saturationVapourPressurePa(20) / 2339 - 1)).toBeLessThan(0.004); // steam tables: 2339 Pa at 20 °C
    expect(() => airDensityKgM3({ pressurePa: 1e5, airTemperatureC: 20, relativeHumidity: 1.5 })).toThrow(/humidity/);
  });

  it('picks the preset from the session', () => {
    const meta = { event: '', sessionName: '', track: '', vehicleId: '', vehicleNumber: '', driver: '', startTimeMs: null, sourceFile: '', sourceFormat: '' };
    expect(presetForSession({ ...meta, vehicleId: 'DEMO-CAR-02' })).toBe('demo');
    expect(presetForSession({ ...meta, vehicleId: 'GR86-025-47' })).toBe('gr86-cup');
    expect(presetForSession({ ...meta, vehicleId: 'BMW-M4' })).toBeNull();
  });
});
