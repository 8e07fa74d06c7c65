// Air density from the weather: ρ = p/(R·T) for dry air, or the sum of the dry-air and water-vapour
// partial densities when the relative humidity is known (saturation pressure from the Magnus formula).

/** Specific gas constants, J/(kg·K): dry air and water vapour. */
export const R_DRY_AIR = 287.058;
export const R_WATER_VAPOUR = 461.495;
/** ISA sea-level air: 101 325 Pa, 15 °C → 1.225 kg/m³. */
export const ISA_SEA_LEVEL = { pressurePa: 101_325, temperatureC: 15 } as const;

export interface Weather {
  /** Station (not sea-level-reduced) air pressure, Pa. */
  pressurePa: number;
  airTemperatureC: number;
  /** Relative humidity 0–1; omitted = dry air. */
  relativeHumidity?: number;
}

/** Saturation vapour pressure over water, Pa (Magnus form, Alduchov & Eskridge 1996: ±0.4 % for −40…50 °C). */
export function saturationVapourPressurePa(temperatureC: number): number {
  return 610.94 * Math.exp((17.625 * temperatureC) / (temperatureC + 243.04));
}

/** Air density, kg/m³. Humid air is lighter than dry air at the same pressure and temperature. */
export function airDensityKgM3(w: Weather): number {
  const T = w.airTemperatureC + 273.15;
  if (!(w.pressurePa > 0) || !(T > 0)) throw new RangeError(`air density needs a positive pressure and temperature, got ${w.pressurePa} Pa, ${w.airTemperatureC} °C`);
  const rh = w.relativeHumidity ?? 0;
  if (!(rh >= 0 && rh <= 1)) throw new RangeError(`relative humidity must be 0–1, got ${rh}`);
  const pv = rh * saturationVapourPressurePa(w.airTemperatureC);
  return (w.pressurePa - pv) / (R_DRY_AIR * T) + pv / (R_WATER_VAPOUR * T);
}
