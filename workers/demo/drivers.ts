// The demo drivers and their planted styles. Each style is a set of numbers the generator drives
// by; the truth file carries them so that analyses can be checked against what was planted.
// Lap-to-lap consistency: every corner of every lap draws its own brake/grip use and pickup point.

import type { LineStyle } from './racing-line.ts';
import type { Rng } from './prng.ts';

export interface SteeringStyle {
  /** Natural frequency and damping of the driver's steering response (low damping: overshoot). */
  naturalHz: number;
  damping: number;
  /** Small corrections on top: RMS amplitude (steering-wheel degrees) and bandwidth. */
  correctionDeg: number;
  correctionHz: number;
}

export interface ConsistencyStyle {
  /** 1σ relative lap-to-lap variation of the peak braking grip use (each corner, each lap). */
  brakeUseSigma: number;
  /** 1σ relative variation of the cornering grip use. */
  cornerUseSigma: number;
  /** 1σ variation of the throttle pickup point (m). */
  pickupSigmaM: number;
  /** Largest wander of the line about the planned one (m). */
  lineWanderM: number;
}

export interface DriverStyle {
  id: string;
  name: string;
  vehicleId: string;
  vehicleNumber: string;
  /** What is planted, in words. */
  summary: string;
  /** Peak braking as a fraction of the grip (μ·g), and the time the pressure takes to build. */
  brakeUse: number;
  brakeRampS: number;
  /** Brief pressure spike over the regulated level at the start of braking (fraction; ABS holds the deceleration). */
  brakePressureOvershoot: number;
  /** Grip used mid-corner (sets the minimum speed) and on the exit under power. */
  cornerUse: number;
  exitUse: number;
  /** Throttle pickup relative to the line's apex (m, negative = before), and the ramp to full throttle. */
  throttlePickupOffsetM: number;
  throttleRampS: number;
  /** 1 = linear ramp, 2 = progressive (squeezed on). */
  throttleRampShape: number;
  /** Heel-and-toe blip on each downshift (throttle %). */
  downshiftBlipPct: number;
  line: LineStyle;
  steering: SteeringStyle;
  shiftRpm: number;
  downshiftRpm: number;
  shiftTimeS: number;
  consistency: ConsistencyStyle;
}

const REFERENCE: DriverStyle = {
  id: 'reference',
  name: 'Alex Mercer',
  vehicleId: 'DEMO-CAR-01',
  vehicleNumber: '11',
  summary: 'Reference: balanced braking and throttle, full-width line with a slightly late apex, smooth and consistent.',
  brakeUse: 0.9,
  brakeRampS: 0.22,
  brakePressureOvershoot: 0.03,
  cornerUse: 0.955,
  exitUse: 0.97,
  throttlePickupOffsetM: 4,
  throttleRampS: 0.45,
  throttleRampShape: 1.3,
  downshiftBlipPct: 30,
  line: { outsideUseM: 4.5, insideUseM: 4.5, apexLateM: 4 },
  steering: { naturalHz: 1.8, damping: 0.75, correctionDeg: 0.6, correctionHz: 1.5 },
  shiftRpm: 7300,
  downshiftRpm: 6900,
  shiftTimeS: 0.24,
  consistency: { brakeUseSigma: 0.02, cornerUseSigma: 0.006, pickupSigmaM: 2, lineWanderM: 0.2 },
};

export const DEMO_DRIVERS: DriverStyle[] = [
  REFERENCE,
  {
    ...REFERENCE,
    id: 'late-braker',
    name: 'Bea Kowalski',
    vehicleId: 'DEMO-CAR-02',
    vehicleNumber: '22',
    summary: 'Late braker: brakes later and harder than the reference (98.5 % of grip against 90 %, pressure built in 0.08 s against 0.22 s, with a spike), otherwise like the reference.',
    brakeUse: 0.985,
    brakeRampS: 0.08,
    brakePressureOvershoot: 0.12,
    consistency: { ...REFERENCE.consistency, brakeUseSigma: 0.008 },
  },
  {
    ...REFERENCE,
    id: 'early-throttle',
    name: 'Chris Okafor',
    vehicleId: 'DEMO-CAR-03',
    vehicleNumber: '33',
    summary: 'Early throttle: slower mid-corner (94 % of grip), picks up the throttle 8 m before the apex and squeezes it on progressively over 0.9 s; wide entry and late apex; smoothest hands.',
    cornerUse: 0.94,
    exitUse: 0.985,
    throttlePickupOffsetM: -8,
    throttleRampS: 0.9,
    throttleRampShape: 2,
    line: { outsideUseM: 4.5, insideUseM: 4.5, apexLateM: 12 },
    steering: { naturalHz: 1.4, damping: 0.9, correctionDeg: 0.35, correctionHz: 1.2 },
  },
  {
    ...REFERENCE,
    id: 'aggressive',
    name: 'Dana Reyes',
    vehicleId: 'DEMO-CAR-04',
    vehicleNumber: '44',
    summary: 'Aggressive and tight: keeps off the outside kerbs (tight line), quick steering with overshoot and many corrections, abrupt throttle, least consistent lap to lap.',
    brakeUse: 0.93,
    brakeRampS: 0.12,
    brakePressureOvershoot: 0.08,
    throttlePickupOffsetM: 6,
    throttleRampS: 0.3,
    throttleRampShape: 1,
    downshiftBlipPct: 45,
    line: { outsideUseM: 1.5, insideUseM: 4.3, apexLateM: 0 },
    steering: { naturalHz: 3.0, damping: 0.45, correctionDeg: 1.8, correctionHz: 3.0 },
    shiftRpm: 7420,
    shiftTimeS: 0.2,
    consistency: { brakeUseSigma: 0.06, cornerUseSigma: 0.014, pickupSigmaM: 5, lineWanderM: 0.45 },
  },
];

/** One corner on one lap as the driver takes it. */
export interface CornerTake {
  brakeUse: number;
  cornerUse: number;
  exitUse: number;
  pickupOffsetM: number;
}

/** Draw every lap's corner takes (index [lapInstance][corner]); lap instance 0 is the out-lap. */
export function drawCornerTakes(style: DriverStyle, rng: Rng, lapInstances: number, corners: number): CornerTake[][] {
  const c = style.consistency;
  const out: CornerTake[][] = [];
  for (let k = 0; k < lapInstances; k++) {
    const lap: CornerTake[] = [];
    for (let j = 0; j < corners; j++) {
      lap.push({
        brakeUse: Math.min(0.998, style.brakeUse * (1 + c.brakeUseSigma * rng.normal())),
        cornerUse: Math.min(0.99, style.cornerUse * (1 + c.cornerUseSigma * rng.normal())),
        exitUse: Math.min(0.995, style.exitUse * (1 + 0.5 * c.cornerUseSigma * rng.normal())),
        pickupOffsetM: style.throttlePickupOffsetM + c.pickupSigmaM * rng.normal(),
      });
    }
    out.push(lap);
  }
  return out;
}

/** The in-lap: the driver cools the car down. */
export const IN_LAP_TAKE: CornerTake = { brakeUse: 0.55, cornerUse: 0.72, exitUse: 0.75, pickupOffsetM: 10 };
export const IN_LAP_MAX_THROTTLE = 0.65;
export const IN_LAP_SHIFT_RPM = 5800;
