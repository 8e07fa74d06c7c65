// Vehicle parameters of the energy model, SI units in the names, editable per session: a plain typed
// object plus validation (storing it is the storage layer's job).

/** Standard gravity, m/s². */
export const G = 9.80665;

export interface EnergyVehicleParams {
  /** Car + driver + fuel, kg. */
  massKg: number;
  /** Drag area Cd·A, m². */
  cdAM2: number;
  /** Rolling-resistance coefficient Crr (rolling force = Crr · m · g · cos θ), dimensionless. */
  rollingResistance: number;
  /** Air density ρ, kg/m³ (see airDensityKgM3() for a value from the weather). */
  airDensityKgM3: number;
  /** Yaw moment of inertia about the vertical axis through the centre of gravity, kg·m². */
  yawInertiaKgM2: number;
  wheelbaseM: number;
  /**
   * Brake balance: the front axle's share of the brake force when both brake lines carry the same
   * pressure (piston areas × pad μ × effective disc radius, front ÷ total), 0–1. With separate front
   * and rear pressures the split at each sample is bF·pF / (bF·pF + (1 − bF)·pR).
   */
  brakeBalanceFront: number;
  /** Engine-to-wheel drivetrain efficiency, 0–1 (engine work = traction work ÷ efficiency). */
  drivetrainEfficiency: number;
}

export interface VehicleParamIssue {
  field: keyof EnergyVehicleParams;
  message: string;
}

/** Plausible range of each parameter (inclusive), with its unit for messages. */
export const VEHICLE_PARAM_LIMITS: Record<keyof EnergyVehicleParams, { min: number; max: number; unit: string }> = {
  massKg: { min: 100, max: 5000, unit: 'kg' },
  cdAM2: { min: 0.05, max: 5, unit: 'm²' },
  rollingResistance: { min: 0, max: 0.1, unit: '' },
  airDensityKgM3: { min: 0.5, max: 1.6, unit: 'kg/m³' },
  yawInertiaKgM2: { min: 10, max: 50000, unit: 'kg·m²' },
  wheelbaseM: { min: 1, max: 6, unit: 'm' },
  brakeBalanceFront: { min: 0, max: 1, unit: '' },
  drivetrainEfficiency: { min: 0.3, max: 1, unit: '' },
};

/** Every out-of-range or non-numeric field (empty when the parameters are usable). */
export function validateVehicleParams(p: EnergyVehicleParams): VehicleParamIssue[] {
  const issues: VehicleParamIssue[] = [];
  for (const field of Object.keys(VEHICLE_PARAM_LIMITS) as (keyof EnergyVehicleParams)[]) {
    const v = (p as unknown as Record<string, unknown>)[field];
    const { min, max, unit } = VEHICLE_PARAM_LIMITS[field];
    const u = unit ? ` ${unit}` : '';
    if (typeof v !== 'number' || !Number.isFinite(v)) issues.push({ field, message: `${field} must be a number, got ${String(v)}` });
    else if (v < min || v > max) issues.push({ field, message: `${field} = ${v}${u} is outside ${min}–${max}${u}` });
  }
  return issues;
}

/** Throws a RangeError listing every issue; returns the parameters unchanged when they are valid. */
export function checkVehicleParams(p: EnergyVehicleParams): EnergyVehicleParams {
  const issues = validateVehicleParams(p);
  if (issues.length) throw new RangeError(`vehicle parameters: ${issues.map((i) => i.message).join('; ')}`);
  return p;
}
