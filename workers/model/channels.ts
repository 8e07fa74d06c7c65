// Canonical channel registry: the names, SI units and interpolation kind every importer maps onto.
// Aliases from GR Cup, MoTeC, AiM, RaceChrono and VBOX loggers resolve here, case-insensitively.

/** How a channel is resampled: linear between samples, or the previous value held (gear, lap counters). */
export type ChannelKind = 'continuous' | 'discrete';

export interface CanonicalChannel {
  name: string;
  unit: string;
  kind: ChannelKind;
  description: string;
}

export const CANONICAL: Record<string, CanonicalChannel> = {
  speed: { name: 'speed', unit: 'm/s', kind: 'continuous', description: 'vehicle speed' },
  throttle: { name: 'throttle', unit: '%', kind: 'continuous', description: 'throttle pedal position 0–100 %' },
  throttle_blade: { name: 'throttle_blade', unit: '%', kind: 'continuous', description: 'throttle blade angle 0–100 %' },
  brake_front: { name: 'brake_front', unit: 'bar', kind: 'continuous', description: 'front brake line pressure' },
  brake_rear: { name: 'brake_rear', unit: 'bar', kind: 'continuous', description: 'rear brake line pressure' },
  brake: { name: 'brake', unit: 'bar', kind: 'continuous', description: 'brake pressure (single sensor)' },
  acc_long: { name: 'acc_long', unit: 'm/s²', kind: 'continuous', description: 'longitudinal acceleration, + forward' },
  acc_lat: { name: 'acc_lat', unit: 'm/s²', kind: 'continuous', description: 'lateral acceleration' },
  acc_vert: { name: 'acc_vert', unit: 'm/s²', kind: 'continuous', description: 'vertical acceleration' },
  steering: { name: 'steering', unit: 'deg', kind: 'continuous', description: 'steering wheel angle' },
  yaw_rate: { name: 'yaw_rate', unit: 'rad/s', kind: 'continuous', description: 'yaw rate' },
  rpm: { name: 'rpm', unit: 'rpm', kind: 'continuous', description: 'engine speed' },
  gear: { name: 'gear', unit: '', kind: 'discrete', description: 'selected gear' },
  lat: { name: 'lat', unit: 'deg', kind: 'continuous', description: 'GPS latitude, + north' },
  lon: { name: 'lon', unit: 'deg', kind: 'continuous', description: 'GPS longitude, + east' },
  altitude: { name: 'altitude', unit: 'm', kind: 'continuous', description: 'GPS altitude' },
  gps_speed: { name: 'gps_speed', unit: 'm/s', kind: 'continuous', description: 'GPS speed' },
  heading: { name: 'heading', unit: 'deg', kind: 'continuous', description: 'GPS heading, clockwise from north' },
  lap_distance: { name: 'lap_distance', unit: 'm', kind: 'continuous', description: 'distance from the start/finish line' },
  distance: { name: 'distance', unit: 'm', kind: 'continuous', description: 'cumulative distance' },
  lap: { name: 'lap', unit: '', kind: 'discrete', description: 'lap counter' },
};

/**
 * Alias → [canonical name, factor to SI, offset]. Keys are lower-case with spaces, dots and dashes
 * folded to '_'. Units that depend on the source header (km/h vs m/s) are resolved by `unitFactor`.
 */
const ALIASES: Record<string, string> = {
  // GR Cup (Toyota) raw names
  speed: 'speed', vcar: 'speed', ground_speed: 'speed', vehicle_speed: 'speed', speed_kmh: 'speed', spd: 'speed',
  aps: 'throttle', throttle_pos: 'throttle', throttle: 'throttle', throttle_pedal: 'throttle', rthrottlepedal: 'throttle',
  tps: 'throttle', throttle_position: 'throttle', pedal_pos: 'throttle', ppedal: 'throttle', accelerator_pedal: 'throttle',
  ath: 'throttle_blade', throttle_blade: 'throttle_blade', throttle_angle: 'throttle_blade',
  pbrake_f: 'brake_front', brake_front: 'brake_front', bf: 'brake_front', brake_pres_front: 'brake_front',
  brake_pressure_front: 'brake_front', pbrakef: 'brake_front', brake_press_f: 'brake_front', brake_front_pressure: 'brake_front',
  pbrake_r: 'brake_rear', brake_rear: 'brake_rear', br: 'brake_rear', brake_pres_rear: 'brake_rear',
  brake_pressure_rear: 'brake_rear', pbraker: 'brake_rear', brake_press_r: 'brake_rear', brake_rear_pressure: 'brake_rear',
  brake: 'brake', brake_pressure: 'brake', brake_pres: 'brake', pbrake: 'brake',
  accx_can: 'acc_long', acc_x: 'acc_long', accx: 'acc_long', glong: 'acc_long', g_long: 'acc_long', longacc: 'acc_long',
  longitudinal_acceleration: 'acc_long', longitudinal_acc: 'acc_long', inline_acc: 'acc_long', g_force_long: 'acc_long', longitudinal_g: 'acc_long', acc_long: 'acc_long',
  accy_can: 'acc_lat', acc_y: 'acc_lat', accy: 'acc_lat', glat: 'acc_lat', g_lat: 'acc_lat', latacc: 'acc_lat',
  lateral_acceleration: 'acc_lat', lateral_acc: 'acc_lat', g_force_lat: 'acc_lat', lateral_g: 'acc_lat', acc_lat: 'acc_lat',
  acc_z: 'acc_vert', accz: 'acc_vert', vertical_acc: 'acc_vert', g_vert: 'acc_vert', acc_vert: 'acc_vert',
  steering_angle: 'steering', steering: 'steering', steer: 'steering', steered_angle: 'steering', steer_angle: 'steering', asteer: 'steering',
  yaw_rate: 'yaw_rate', yawrate: 'yaw_rate', gyro_z: 'yaw_rate', gyroz: 'yaw_rate', z_rate_of_rotation: 'yaw_rate',
  nmot: 'rpm', rpm: 'rpm', engine_rpm: 'rpm', engine_speed: 'rpm', nengine: 'rpm', engine: 'rpm',
  gear: 'gear', ngear: 'gear', gear_pos: 'gear', gear_position: 'gear',
  vbox_lat_min: 'lat', latitude: 'lat', lat: 'lat', gps_latitude: 'lat', ngpslatitude: 'lat', gps_lat: 'lat',
  vbox_long_minutes: 'lon', longitude: 'lon', lon: 'lon', long: 'lon', lng: 'lon', gps_longitude: 'lon',
  ngpslongitude: 'lon', gps_lon: 'lon', gps_long: 'lon',
  altitude: 'altitude', gps_altitude: 'altitude', height: 'altitude', elevation: 'altitude',
  gps_speed: 'gps_speed', velocity: 'gps_speed',
  heading: 'heading', gps_heading: 'heading', course: 'heading', bearing: 'heading',
  laptrigger_lapdist_dls: 'lap_distance', lap_distance: 'lap_distance', lapdist: 'lap_distance', slap: 'lap_distance',
  lap_dist: 'lap_distance', distance_on_lap: 'lap_distance', dist: 'lap_distance',
  distance: 'distance', odometer: 'distance', trip_distance: 'distance',
  lap: 'lap', lap_number: 'lap', lap_count: 'lap', lapnumber: 'lap', lap_num: 'lap', laps: 'lap',
};

export function foldName(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s.\-/()[\]]+/g, '_').replace(/^_+|_+$/g, '');
}

/** The canonical channel an alias maps to, or undefined for an unknown channel (kept under its own name). */
export function canonicalFor(rawName: string): CanonicalChannel | undefined {
  const key = ALIASES[foldName(rawName)];
  return key ? CANONICAL[key] : undefined;
}

/** A unit as written in a source file, folded for matching. */
function foldUnit(u: string): string {
  return u.trim().toLowerCase().replace(/\s+/g, '').replace('^2', '²').replace('s2', 's²');
}

const G = 9.80665;

/**
 * Factor and offset that turn a value in `sourceUnit` into the canonical SI unit of `canonical`.
 * Returns undefined when the unit is not understood (the caller keeps the raw values and says so).
 */
export function unitConversion(canonical: CanonicalChannel, sourceUnit: string): { factor: number; offset: number } | undefined {
  const u = foldUnit(sourceUnit);
  const same = { factor: 1, offset: 0 };
  if (u === '' || u === foldUnit(canonical.unit)) return same;
  switch (canonical.unit) {
    case 'm/s':
      if (u === 'km/h' || u === 'kph' || u === 'kmh') return { factor: 1 / 3.6, offset: 0 };
      if (u === 'mph') return { factor: 0.44704, offset: 0 };
      if (u === 'kn' || u === 'knots' || u === 'kt') return { factor: 0.514444, offset: 0 };
      if (u === 'm/s' || u === 'mps') return same;
      return undefined;
    case 'm/s²':
      if (u === 'g' || u === 'gs') return { factor: G, offset: 0 };
      if (u === 'm/s²' || u === 'ms-2' || u === 'm/s/s' || u === 'ms²') return same;
      return undefined;
    case 'bar':
      if (u === 'kpa') return { factor: 0.01, offset: 0 };
      if (u === 'psi') return { factor: 0.0689476, offset: 0 };
      if (u === 'mpa') return { factor: 10, offset: 0 };
      if (u === 'pa') return { factor: 1e-5, offset: 0 };
      if (u === 'bar') return same;
      return undefined;
    case 'rad/s':
      if (u === 'deg/s' || u === '°/s' || u === 'dps') return { factor: Math.PI / 180, offset: 0 };
      if (u === 'rad/s') return same;
      return undefined;
    case 'deg':
      if (u === 'rad') return { factor: 180 / Math.PI, offset: 0 };
      if (u === 'deg' || u === '°' || u === 'degrees') return same;
      return undefined;
    case '%':
      if (u === '%' || u === 'pct' || u === 'percent') return same;
      return undefined;
    case 'm':
      if (u === 'km') return { factor: 1000, offset: 0 };
      if (u === 'ft') return { factor: 0.3048, offset: 0 };
      if (u === 'mi' || u === 'miles') return { factor: 1609.344, offset: 0 };
      if (u === 'm') return same;
      return undefined;
    case 'rpm':
      return u === 'rpm' || u === '1/min' ? same : undefined;
    default:
      return undefined;
  }
}
