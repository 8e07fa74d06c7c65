// Synthetic sessions for the storage tests: deterministic values, channels on different time bases,
// a lap counter, and the awkward doubles (NaN, -0, subnormal, ±max) that an exact store must keep.

import type { Channel, Session, SessionMeta } from '../model/session.ts';

export interface FixtureChannel {
  name: string;
  unit?: string;
  samples: number;
  rateHz: number;
  /** Seconds of the first sample (channels need not start together). */
  startS?: number;
  kind?: Channel['kind'];
}

/** xorshift32: the same pseudo-random values on every run. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

export const AWKWARD_DOUBLES = [NaN, -0, 5e-324, -1.7976931348623157e308, 1.7976931348623157e308, 0.1, 1 / 3, -Infinity, Infinity];

export function fixtureChannel(spec: FixtureChannel, seed: number): Channel {
  const rnd = random(seed);
  const timeS = new Float64Array(spec.samples);
  const values = new Float64Array(spec.samples);
  const start = spec.startS ?? 0;
  for (let i = 0; i < spec.samples; i++) {
    // Irregular spacing: each step is the nominal period ±20 %, so the times are not a clean grid.
    timeS[i] = i === 0 ? start : timeS[i - 1] + (0.8 + 0.4 * rnd()) / spec.rateHz;
    values[i] = (rnd() - 0.5) * 1000;
  }
  return { name: spec.name, sourceName: spec.name.toUpperCase(), unit: spec.unit ?? '', kind: spec.kind ?? 'continuous', timeS, values };
}

/** A lap counter: laps 1..laps over the samples, with the GR Cup 'lost' marker 32768 once. */
export function lapChannel(samples: number, rateHz: number, laps: number): Channel {
  const timeS = new Float64Array(samples);
  const values = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    timeS[i] = i / rateHz;
    values[i] = 1 + Math.floor((i * laps) / samples);
  }
  if (samples > 2) values[1] = 32768;
  return { name: 'lap', sourceName: 'Laps', unit: '', kind: 'discrete', timeS, values };
}

export function fixtureMeta(vehicleId: string, overrides: Partial<SessionMeta> = {}): SessionMeta {
  return {
    event: 'Round 3',
    sessionName: 'Race 1',
    track: 'Barber',
    vehicleId,
    vehicleNumber: vehicleId.replace(/\D/g, '') || '0',
    driver: 'A. Driver',
    startTimeMs: 1_712_345_678_901,
    sourceFile: 'round3.csv',
    sourceFormat: 'long-csv',
    ...overrides,
  };
}

/** A session of a few channels; `awkward` puts AWKWARD_DOUBLES at the start of the speed values. */
export function fixtureSession(vehicleId: string, options: { seed?: number; scale?: number; awkward?: boolean; warnings?: string[] } = {}): Session {
  const seed = options.seed ?? 1;
  const scale = options.scale ?? 1;
  const speed = fixtureChannel({ name: 'speed', unit: 'm/s', samples: 500 * scale, rateHz: 50 }, seed);
  if (options.awkward) speed.values.set(AWKWARD_DOUBLES);
  const session: Session = {
    meta: fixtureMeta(vehicleId),
    channels: [
      speed,
      fixtureChannel({ name: 'throttle', unit: '%', samples: 200 * scale, rateHz: 20, startS: 0.013 }, seed + 1),
      fixtureChannel({ name: 'gear', samples: 100 * scale, rateHz: 10, kind: 'discrete' }, seed + 2),
      lapChannel(100 * scale, 10, 3),
      fixtureChannel({ name: 'Oil Temp, sump "A"', unit: '°C', samples: 7, rateHz: 1, startS: 2 }, seed + 3),
    ],
  };
  if (options.warnings) session.warnings = options.warnings;
  return session;
}
