// The demo car (a GR86-Cup-like GT car) and its quasi-steady-state speed profile: backward passes
// for braking, then a forward pass for traction, inside a friction ellipse of one grip coefficient
// μ (no load sensitivity, no downforce), with engine torque through gears and final drive, drag,
// rolling resistance and gradient. The forward pass also plays the driver: it anticipates each
// braking zone so the brake pressure can build up, holds maintenance throttle until the planned
// pickup, ramps the throttle in, and shifts (torque cut on upshifts, sequential downshifts).

export const G = 9.80665;

export interface VehicleParams {
  massKg: number;
  cdAM2: number;
  airDensityKgM3: number;
  rollingResistance: number;
  /** Tyre–road friction coefficient (friction circle radius μ·g). */
  mu: number;
  wheelbaseM: number;
  cgHeightM: number;
  /** Static share of the weight on the rear (driven) axle. */
  rearWeightFraction: number;
  tyreRadiusM: number;
  gearRatios: number[];
  finalDrive: number;
  drivelineEfficiency: number;
  torqueCurve: { rpm: number[]; torqueNm: number[] };
  idleRpm: number;
  revLimitRpm: number;
  /** Engine drag torque when off throttle: a + b·rpm (N·m). */
  engineBrakeNm: { base: number; perRpm: number };
  steeringRatio: number;
  /** Understeer gradient: extra road-wheel angle per m/s² of lateral acceleration (rad). */
  understeerRadPerMs2: number;
  /** Share of the braking force on the front axle, and line pressure per axle brake force. */
  brakeFrontShare: number;
  frontNPerBar: number;
  rearNPerBar: number;
}

export const DEMO_CAR: VehicleParams = {
  massKg: 1300,
  cdAM2: 0.75,
  airDensityKgM3: 1.2,
  rollingResistance: 0.012,
  mu: 1.4,
  wheelbaseM: 2.575,
  cgHeightM: 0.46,
  rearWeightFraction: 0.47,
  tyreRadiusM: 0.305,
  gearRatios: [3.626, 2.188, 1.541, 1.213, 1.0, 0.767],
  finalDrive: 4.3,
  drivelineEfficiency: 0.9,
  // 2.4 l flat four: 250 N·m at 3700 rpm, 170 kW at 7000 rpm
  torqueCurve: { rpm: [1000, 2000, 3000, 3700, 5000, 6000, 7000, 7500], torqueNm: [170, 205, 235, 250, 245, 240, 232, 215] },
  idleRpm: 1000,
  revLimitRpm: 7500,
  engineBrakeNm: { base: 12, perRpm: 0.0045 },
  steeringRatio: 13.5,
  understeerRadPerMs2: 0.0025,
  brakeFrontShare: 0.64,
  // 1.3 g of tyre braking ≈ 120 bar front, 110 bar rear
  frontNPerBar: (1.3 * G * 1300 * 0.64) / 120,
  rearNPerBar: (1.3 * G * 1300 * 0.36) / 110,
};

export function engineTorqueNm(car: VehicleParams, rpm: number): number {
  const { rpm: r, torqueNm: t } = car.torqueCurve;
  if (rpm >= car.revLimitRpm) return 0;
  if (rpm <= r[0]) return t[0];
  for (let i = 1; i < r.length; i++) {
    if (rpm <= r[i]) return t[i - 1] + ((t[i] - t[i - 1]) * (rpm - r[i - 1])) / (r[i] - r[i - 1]);
  }
  return t[t.length - 1];
}

/** Engine speed for a road speed in a gear (1-based). */
export function rpmAt(car: VehicleParams, speedMs: number, gear: number): number {
  return (speedMs / car.tyreRadiusM) * car.gearRatios[gear - 1] * car.finalDrive * (60 / (2 * Math.PI));
}

/** Full-throttle tractive force at the wheels (N). */
export function maxDriveForceN(car: VehicleParams, speedMs: number, gear: number): number {
  const rpm = Math.max(rpmAt(car, speedMs, gear), 2500); // clutch slip below 2500 rpm
  return (engineTorqueNm(car, rpm) * car.gearRatios[gear - 1] * car.finalDrive * car.drivelineEfficiency) / car.tyreRadiusM;
}

export function engineBrakeForceN(car: VehicleParams, speedMs: number, gear: number): number {
  const rpm = rpmAt(car, speedMs, gear);
  return ((car.engineBrakeNm.base + car.engineBrakeNm.perRpm * rpm) * car.gearRatios[gear - 1] * car.finalDrive) / car.tyreRadiusM;
}

export function resistanceN(car: VehicleParams, speedMs: number): number {
  return 0.5 * car.airDensityKgM3 * car.cdAM2 * speedMs * speedMs + car.rollingResistance * car.massKg * G;
}

/** Lowest gear that keeps the engine at or below `rpm` (the top gear if none does). */
export function gearFor(car: VehicleParams, speedMs: number, rpm: number): number {
  for (let g = 1; g <= car.gearRatios.length; g++) if (rpmAt(car, speedMs, g) <= rpm) return g;
  return car.gearRatios.length;
}

/** Friction-ellipse share left for longitudinal force when `latAccel` uses part of `latLimit`. */
function ellipse(latAccel: number, latLimit: number): number {
  const r = latAccel / latLimit;
  return r >= 1 ? 0 : Math.sqrt(1 - r * r);
}

/** What the driver does along the path, point by point (all arrays one per grid point). */
export interface QssInput {
  /** Path length of each interval (n − 1). */
  dsM: Float64Array;
  /** Path curvature (1/m) and gradient dz/dσ. */
  curvature: Float64Array;
  gradient: Float64Array;
  /** Speed cap: cornering speed at the driver's grip use, and any set limit (pit lane). */
  capMs: Float64Array;
  /** Fractions of μ: peak braking, cornering (the ellipse's lateral axis), and traction. */
  brakeUse: Float64Array;
  latUse: Float64Array;
  accelUse: Float64Array;
  /** For each point, the grid index where the driver plans to pick up the throttle for the corner governing it. */
  pickupIndex: Int32Array;
  /** Highest throttle the driver uses (1 on a flying lap, less on the in-lap) and the upshift rpm, per point. */
  maxThrottle: Float64Array;
  shiftRpm: Float64Array;
  startSpeedMs: number;
  brakeRampS: number;
  throttleRampS: number;
  /** Throttle ramp exponent: 1 linear, 2 progressive (slow start). */
  throttleRampShape: number;
  downshiftRpm: number;
  shiftTimeS: number;
}

export const Phase = { Drive: 0, Brake: 1, Hold: 2 } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export interface ShiftEvent {
  index: number;
  from: number;
  to: number;
  /** Torque cut length (0 for downshifts). */
  cutS: number;
}

export interface QssResult {
  speedMs: Float64Array;
  /** The backward (braking) envelope the profile stays under. */
  envelopeMs: Float64Array;
  /** Selected gear at each point. */
  gear: Int8Array;
  phase: Uint8Array;
  /** True while an upshift cuts the drive. */
  shiftCut: Uint8Array;
  /** Where brake-pressure build-up (or a lift) starts, and where the throttle is picked up after a corner. */
  brakeOnsets: number[];
  pickups: number[];
  shifts: ShiftEvent[];
}

const MIN_SPEED = 1;
const DOWNSHIFT_INTERVAL_S = 0.35;
const LUG_RPM = 2600;
const RELEASE_LOOKAHEAD_M = 30;
/** No upshift this close to a braking point: the driver holds the gear into the limiter instead. */
const NO_UPSHIFT_BEFORE_BRAKING_S = 0.7;

export function speedProfile(car: VehicleParams, inp: QssInput): QssResult {
  const n = inp.capMs.length;
  const m = car.massKg;
  const muG = car.mu * G;
  const lift = (i: number, v: number) => resistanceN(car, v) / m + G * inp.gradient[i];
  const brakeTyre = (i: number, v: number) => inp.brakeUse[i] * muG * ellipse(v * v * Math.abs(inp.curvature[i]), inp.latUse[i] * muG);

  // Backward passes: the fastest speed from which every later cap can still be met with full
  // braking (vb), and by lifting alone (vl). Braking is needed where the car is above vl.
  const vb = new Float64Array(n);
  const vl = new Float64Array(n);
  vb[n - 1] = vl[n - 1] = inp.capMs[n - 1];
  for (let i = n - 2; i >= 0; i--) {
    const v = vb[i + 1];
    vb[i] = Math.min(inp.capMs[i], Math.sqrt(Math.max(MIN_SPEED * MIN_SPEED, v * v + 2 * (brakeTyre(i, v) + lift(i, v)) * inp.dsM[i])));
    const w = vl[i + 1];
    vl[i] = Math.min(inp.capMs[i], Math.sqrt(Math.max(MIN_SPEED * MIN_SPEED, w * w + 2 * Math.max(0, lift(i, w)) * inp.dsM[i])));
  }

  /** Brake pressure builds over brakeRampS (smoothstep); the deceleration follows it. */
  const rampShare = (tau: number) => {
    const x = Math.min(1, Math.max(0, tau / inp.brakeRampS));
    return x * x * (3 - 2 * x);
  };
  /** Would braking that starts at point j with speed v stay under the envelope while the pressure builds? */
  const rampFits = (j: number, v: number): boolean => {
    let tau = 0;
    for (let i = j; i < n - 1 && tau < inp.brakeRampS; i++) {
      const next = Math.sqrt(Math.max(MIN_SPEED * MIN_SPEED, v * v - 2 * (lift(i, v) + rampShare(tau) * brakeTyre(i, v)) * inp.dsM[i]));
      if (next > vb[i + 1] + 1e-9) return false;
      tau += (2 * inp.dsM[i]) / (v + next);
      v = next;
    }
    return true;
  };

  /** Does the envelope fall below v again within RELEASE_LOOKAHEAD_M (a second apex in the same corner)? Then the driver stays off the throttle. */
  const dipsAhead = (j: number, v: number): boolean => {
    let d = 0;
    for (let i = j; i < n - 1 && d < RELEASE_LOOKAHEAD_M; i++) {
      if (vb[i + 1] < v - 1e-9) return true;
      d += inp.dsM[i];
    }
    return false;
  };

  /** Will the car have to slow down within `seconds` at speed v (the envelope falls below v)? */
  const brakingWithin = (j: number, v: number, seconds: number): boolean => {
    let d = 0;
    const reach = v * seconds;
    for (let i = j; i < n - 1 && d < reach; i++) {
      if (vb[i + 1] < v) return true;
      d += inp.dsM[i];
    }
    return false;
  };

  // Forward pass: throttle ramps, shifts, grip, brake build-up, all under the envelope.
  const speed = new Float64Array(n);
  const gear = new Int8Array(n);
  const phase = new Uint8Array(n);
  const shiftCut = new Uint8Array(n);
  const onsets: number[] = [];
  const pickups: number[] = [];
  const shifts: ShiftEvent[] = [];
  let v = Math.min(inp.startSpeedMs, vb[0]);
  let g = gearFor(car, v, inp.shiftRpm[0] - 400);
  let ph: Phase = Phase.Drive;
  let t = 0;
  let rampStart = -1e9;
  let rampFrom = 1;
  let brakeStart = -1e9;
  let cutLeft = 0;
  let pendingGear = 0;
  let lastShiftT = -1e9;
  let aPrev = 0;
  let holdUntil = -1;
  speed[0] = v;
  const startBraking = (i: number, canRamp: boolean) => {
    ph = Phase.Brake;
    onsets.push(i);
    brakeStart = canRamp ? t : -1e9;
  };
  for (let i = 0; i < n - 1; i++) {
    const ds = inp.dsM[i];
    if (ph === Phase.Drive || ph === Phase.Hold) {
      let next: number;
      if (ph === Phase.Drive) {
        const x = Math.min(1, Math.max(0, (t - rampStart) / inp.throttleRampS));
        const thr = Math.min(inp.maxThrottle[i], rampFrom + (1 - rampFrom) * Math.pow(x, inp.throttleRampShape));
        const drive = cutLeft > 0 ? 0 : thr * maxDriveForceN(car, v, g);
        const latShare = ellipse(v * v * Math.abs(inp.curvature[i]), inp.latUse[i] * muG);
        const grip = inp.accelUse[i] * muG * latShare * m;
        // rear-wheel drive: traction from the rear axle's share of the load (more under acceleration)
        const rearLoad = car.rearWeightFraction + (Math.max(0, aPrev) * car.cgHeightM) / (car.wheelbaseM * G);
        const tyre = Math.min(drive, grip, grip * rearLoad);
        const a = tyre / m - lift(i, v);
        next = Math.sqrt(Math.max(MIN_SPEED * MIN_SPEED, v * v + 2 * a * ds));
      } else {
        next = v; // maintenance throttle holds the speed
      }
      next = Math.min(next, vb[i + 1]);
      // brake now if braking from the next point would be too late
      const brakeNow = next > vl[i + 1] && !rampFits(i + 1, next);
      if (brakeNow) startBraking(i, rampFits(i, v));
      else if (ph === Phase.Hold && i + 1 >= holdUntil) { ph = Phase.Drive; pickups.push(i + 1); startThrottle(i + 1, next); }
      if (!brakeNow) {
        // slowing along a falling cap without a brake application (a lift) still counts as braking phase
        phase[i] = ph === Phase.Drive && next === vb[i + 1] && next < v ? Phase.Brake : ph;
        advance(i, next);
        continue;
      }
    }
    // braking: pressure builds, then the car follows the envelope; released where the envelope stops falling (the apex)
    const share = rampShare(t - brakeStart);
    const vLift = Math.sqrt(Math.max(MIN_SPEED * MIN_SPEED, v * v - 2 * lift(i, v) * ds));
    let next: number;
    if (share < 1) next = Math.sqrt(Math.max(MIN_SPEED * MIN_SPEED, v * v - 2 * (lift(i, v) + share * brakeTyre(i, v)) * ds));
    else next = vLift;
    next = Math.min(next, vb[i + 1]);
    phase[i] = Phase.Brake;
    if (share >= 1 && vb[i + 1] >= v && !dipsAhead(i + 1, next)) {
      // released: hold (maintenance throttle) until the planned pickup, or pick up now if it is past
      const pk = inp.pickupIndex[i];
      if (pk <= i + 1 || pk < 0) { ph = Phase.Drive; pickups.push(i + 1); startThrottle(i + 1, next); }
      else { ph = Phase.Hold; holdUntil = pk; }
    }
    advance(i, next);
  }
  gear[n - 1] = g;
  phase[n - 1] = ph;
  return { speedMs: speed, envelopeMs: vb, gear, phase, shiftCut, brakeOnsets: onsets, pickups, shifts };

  function startThrottle(j: number, vNext: number): void {
    rampStart = t + (2 * inp.dsM[j - 1]) / (v + vNext);
    // the ramp starts from the throttle that holds the speed
    const hold = resistanceN(car, vNext) + m * G * inp.gradient[j];
    rampFrom = Math.min(1, Math.max(0, hold / maxDriveForceN(car, vNext, g)));
  }

  function advance(i: number, next: number): void {
    gear[i] = g;
    shiftCut[i] = cutLeft > 0 ? 1 : 0;
    const ds = inp.dsM[i];
    const dt = (2 * ds) / (v + next);
    aPrev = (next * next - v * v) / (2 * ds);
    t += dt;
    // gearbox: upshift at the driver's shift point with a torque cut, sequential downshifts while braking
    if (cutLeft > 0) {
      cutLeft -= dt;
      if (cutLeft <= 0) { g = pendingGear; cutLeft = 0; }
    } else if (ph === Phase.Drive) {
      if (g < car.gearRatios.length && rpmAt(car, next, g) >= inp.shiftRpm[i + 1] && next > v && !brakingWithin(i + 1, next, NO_UPSHIFT_BEFORE_BRAKING_S)) {
        shifts.push({ index: i + 1, from: g, to: g + 1, cutS: inp.shiftTimeS });
        pendingGear = g + 1;
        cutLeft = inp.shiftTimeS;
        lastShiftT = t;
      } else if (g > 1 && rpmAt(car, next, g) < LUG_RPM) {
        shifts.push({ index: i + 1, from: g, to: g - 1, cutS: 0 });
        g--;
        lastShiftT = t;
      }
    } else if (g > 1 && rpmAt(car, next, g - 1) <= inp.downshiftRpm && t - lastShiftT >= DOWNSHIFT_INTERVAL_S) {
      shifts.push({ index: i + 1, from: g, to: g - 1, cutS: 0 });
      g--;
      lastShiftT = t;
    }
    speed[i + 1] = next;
    v = next;
  }
}
