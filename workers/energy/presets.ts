// Documented vehicle presets: the demo car (figures taken from the demo generator's DEMO_CAR, so the
// energy model and the simulated car agree) and a Toyota GR86 Cup car (published specs + estimates).

import { DEMO_CAR } from '../demo/vehicle.ts';
import type { SessionMeta } from '../model/session.ts';
import { airDensityKgM3, ISA_SEA_LEVEL } from './air-density.ts';
import type { EnergyVehicleParams } from './vehicle-params.ts';

/**
 * Yaw inertia estimate Iz ≈ m·a·b (a, b: centre of gravity to front / rear axle), i.e. a dynamic
 * index k²/(a·b) of 1, typical of road-based saloons (measured values lie within about ±15 %).
 */
export function yawInertiaEstimateKgM2(massKg: number, wheelbaseM: number, rearWeightFraction: number): number {
  const a = rearWeightFraction * wheelbaseM; // front axle → CG
  const b = wheelbaseM - a; // CG → rear axle
  return massKg * a * b;
}

/** The demo generator's car (workers/demo/vehicle.ts DEMO_CAR); only Iz is an estimate (the demo has no yaw dynamics). */
export const DEMO_CAR_ENERGY: EnergyVehicleParams = {
  massKg: DEMO_CAR.massKg, // 1300 kg
  cdAM2: DEMO_CAR.cdAM2, // 0.75 m²
  rollingResistance: DEMO_CAR.rollingResistance, // 0.012
  airDensityKgM3: DEMO_CAR.airDensityKgM3, // 1.2 kg/m³
  // estimate: m·a·b with the demo's 47 % rear weight and 2.575 m wheelbase → ≈ 2150 kg·m²
  yawInertiaKgM2: yawInertiaEstimateKgM2(DEMO_CAR.massKg, DEMO_CAR.wheelbaseM, DEMO_CAR.rearWeightFraction),
  wheelbaseM: DEMO_CAR.wheelbaseM, // 2.575 m
  // The demo converts brake force to line pressure with frontNPerBar / rearNPerBar: at equal
  // pressure the front share is kF / (kF + kR) ≈ 0.620 (which gives its 64 % front force share).
  brakeBalanceFront: DEMO_CAR.frontNPerBar / (DEMO_CAR.frontNPerBar + DEMO_CAR.rearNPerBar),
  drivetrainEfficiency: DEMO_CAR.drivelineEfficiency, // 0.9
};

const GR86_CURB_KG = 1275; // published: 2022 Toyota GR86 (manual) curb weight 2811 lb ≈ 1275 kg, full fuel
const GR86_DRIVER_KG = 80; // estimate: driver with helmet and suit
const GR86_WHEELBASE_M = 2.575; // published: 101.4 in
const GR86_REAR_WEIGHT = 0.47; // estimate: about 53/47 front/rear, as quoted in road tests of the GR86

/**
 * Toyota GR86 Cup car. Published: curb weight, wheelbase. Estimates (say so when quoting results):
 * - mass: the Cup car's cage, race seat and fire system roughly offset the stripped interior, so the
 *   road car's curb weight + driver is used: 1275 + 80 = 1355 kg;
 * - CdA = Cd 0.32 (estimate; Toyota quotes no Cd for the Cup car, road-car figures are 0.31–0.33) ×
 *   frontal area 2.0 m² (estimate: width 1.775 m × height 1.310 m published, × 0.86 fill factor) = 0.64 m²;
 * - Crr 0.012: estimate for racing tyres on dry asphalt (0.010–0.015);
 * - air density: ISA sea level (1.225 kg/m³); use the session's weather when known;
 * - Iz ≈ m·a·b ≈ 2240 kg·m² (see yawInertiaEstimateKgM2);
 * - brake balance 0.62 front at equal line pressure: estimate (front-biased road-car system);
 * - drivetrain efficiency 0.88: estimate for a manual rear-wheel-drive gearbox and differential.
 */
export const GR86_CUP_ENERGY: EnergyVehicleParams = {
  massKg: GR86_CURB_KG + GR86_DRIVER_KG,
  cdAM2: 0.32 * 2.0,
  rollingResistance: 0.012,
  airDensityKgM3: airDensityKgM3({ pressurePa: ISA_SEA_LEVEL.pressurePa, airTemperatureC: ISA_SEA_LEVEL.temperatureC }),
  yawInertiaKgM2: yawInertiaEstimateKgM2(GR86_CURB_KG + GR86_DRIVER_KG, GR86_WHEELBASE_M, GR86_REAR_WEIGHT),
  wheelbaseM: GR86_WHEELBASE_M,
  brakeBalanceFront: 0.62,
  drivetrainEfficiency: 0.88,
};

export const ENERGY_PRESETS = {
  demo: DEMO_CAR_ENERGY,
  'gr86-cup': GR86_CUP_ENERGY,
} as const satisfies Record<string, EnergyVehicleParams>;

export type EnergyPresetName = keyof typeof ENERGY_PRESETS;

/** The preset that matches a session's car: the demo's cars, GR Cup cars (vehicle id GR86-…), else null. */
export function presetForSession(meta: SessionMeta): EnergyPresetName | null {
  if (/^DEMO-CAR-/i.test(meta.vehicleId) || /engitorquemap[- ]demo/i.test(`${meta.event} ${meta.sourceFile}`) || /etm-demo/i.test(meta.sourceFile)) return 'demo';
  if (/^GR86-/i.test(meta.vehicleId)) return 'gr86-cup';
  return null;
}
