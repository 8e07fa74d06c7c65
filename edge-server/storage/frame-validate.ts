// Checks frames before a write so that a bad one fails the whole batch with a clear message and nothing
// reaches SQL that PostgreSQL would refuse (NUL characters, out-of-range times).

import { StorageError } from './errors.ts';
import type { TelemetryFrame } from './telemetry-store.ts';

export const MAX_ID_CHARS = 200;
export const MAX_CHANNEL_NAME_CHARS = 100;
export const MAX_CHANNELS_PER_FRAME = 256;
/** Year 10000, the end of PostgreSQL's timestamp output range we allow. */
export const MAX_TS_MS = 253_402_300_800_000;

function checkText(value: unknown, what: string, max: number, index: number): void {
  if (typeof value !== 'string' || value.length === 0) throw new StorageError('bad-argument', `frame ${index}: ${what} must be a non-empty string`);
  if (value.length > max) throw new StorageError('bad-argument', `frame ${index}: ${what} is longer than ${max} characters`);
  if (value.includes('\u0000')) throw new StorageError('bad-argument', `frame ${index}: ${what} contains a NUL character`);
}

export function validateFrame(f: TelemetryFrame, index: number): void {
  if (!f || typeof f !== 'object') throw new StorageError('bad-argument', `frame ${index} is not an object`);
  checkText(f.sessionId, 'sessionId', MAX_ID_CHARS, index);
  checkText(f.carId, 'carId', MAX_ID_CHARS, index);
  if (typeof f.tsMs !== 'number' || !Number.isFinite(f.tsMs) || f.tsMs < 0 || f.tsMs >= MAX_TS_MS) {
    throw new StorageError('bad-argument', `frame ${index}: tsMs must be a finite number of ms between 1970 and 9999`);
  }
  if (!f.values || typeof f.values !== 'object' || Array.isArray(f.values)) throw new StorageError('bad-argument', `frame ${index}: values must be an object`);
  const names = Object.keys(f.values);
  if (names.length > MAX_CHANNELS_PER_FRAME) throw new StorageError('bad-argument', `frame ${index}: more than ${MAX_CHANNELS_PER_FRAME} channels`);
  for (const name of names) {
    checkText(name, 'a channel name', MAX_CHANNEL_NAME_CHARS, index);
    if (typeof f.values[name] !== 'number') throw new StorageError('bad-argument', `frame ${index}: channel '${name}' is not a number`);
  }
}
