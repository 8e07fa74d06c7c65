// Turns a sender's frame into a LiveFrame: channel aliases to canonical names (workers/model/channels.ts),
// units to SI when the sender names them, car/session/timestamp checked. Values that are not finite
// numbers are left out (a missing sample, not a zero).

import { canonicalFor, foldName, unitConversion } from '../../../workers/model/channels.ts';
import { CAR_ID_PATTERN, FrameError, MAX_TS_MS, MIN_TS_MS, SESSION_ID_PATTERN, type LiveFrame } from './live-frame.ts';

/** Limits that keep every accepted frame storable (see edge-server/storage/frame-validate.ts). */
export const MAX_CHANNELS_PER_FRAME = 256;
export const MAX_CHANNEL_NAME_CHARS = 100;

/** The JSON frame as senders write it (docs/live-protocol.md). */
export interface JsonFrame {
  car?: unknown;
  ts?: unknown;
  session?: unknown;
  lap?: unknown;
  values?: unknown;
  /** Optional channel → unit of the sender (e.g. {"speed": "km/h"}); SI is assumed where absent. */
  units?: unknown;
}

export interface NormalizeResult {
  frame: LiveFrame;
  /** Channels left out, with why (unknown unit, not a number). */
  dropped: string[];
}

/** Normalises a JSON frame. `fallbackCarId` (e.g. from the MQTT topic) is used when the frame names no car. */
export function normalizeJsonFrame(raw: unknown, fallbackCarId?: string): NormalizeResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new FrameError('bad-frame', 'a frame must be a JSON object');
  const f = raw as JsonFrame;
  const carId = f.car === undefined || f.car === null ? fallbackCarId : typeof f.car === 'number' ? String(f.car) : f.car;
  if (typeof f.values !== 'object' || f.values === null || Array.isArray(f.values)) throw new FrameError('bad-frame', "'values' must be an object of channel → number");
  if (f.units !== undefined && (typeof f.units !== 'object' || f.units === null || Array.isArray(f.units))) throw new FrameError('bad-frame', "'units' must be an object of channel → unit");
  const values: Record<string, unknown> = { ...(f.values as Record<string, unknown>) };
  if (f.lap !== undefined && f.lap !== null && !('lap' in values)) values.lap = f.lap;
  return normalizeFrame({ carId, tsMs: f.ts, sessionId: f.session ?? undefined, values, units: f.units as Record<string, unknown> | undefined });
}

export interface RawFrame {
  carId: unknown;
  tsMs: unknown;
  sessionId?: unknown;
  values: Record<string, unknown>;
  units?: Record<string, unknown>;
}

export function normalizeFrame(raw: RawFrame): NormalizeResult {
  const { carId, tsMs, sessionId } = raw;
  if (typeof carId !== 'string' || !CAR_ID_PATTERN.test(carId)) throw new FrameError('bad-frame', `car id must match ${CAR_ID_PATTERN}, not ${JSON.stringify(carId)}`);
  if (typeof tsMs !== 'number' || !Number.isFinite(tsMs) || tsMs < MIN_TS_MS || tsMs >= MAX_TS_MS) {
    throw new FrameError('bad-frame', `ts must be epoch milliseconds (2000–2100), not ${JSON.stringify(tsMs)}`);
  }
  if (sessionId !== undefined && (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId))) {
    throw new FrameError('bad-frame', `session must match ${SESSION_ID_PATTERN}, not ${JSON.stringify(sessionId)}`);
  }
  const values: Record<string, number> = {};
  const dropped: string[] = [];
  let count = 0;
  for (const key of Object.keys(raw.values)) {
    if (count >= MAX_CHANNELS_PER_FRAME) {
      dropped.push(`${key}: more than ${MAX_CHANNELS_PER_FRAME} channels`);
      continue;
    }
    const v = raw.values[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      if (v !== null && v !== undefined) dropped.push(`${key}: not a finite number`);
      continue;
    }
    const canonical = canonicalFor(key);
    if (!canonical) {
      const name = foldName(key);
      if (name === '' || name.length > MAX_CHANNEL_NAME_CHARS || name in values) {
        dropped.push(`${key}: ${name === '' ? 'empty name' : name in values ? 'repeated channel' : 'name too long'}`);
        continue;
      }
      values[name] = v;
      count++;
      continue;
    }
    if (canonical.name in values) {
      dropped.push(`${key}: repeats ${canonical.name}`);
      continue;
    }
    const unit = raw.units?.[key];
    const conversion = unitConversion(canonical, typeof unit === 'string' ? unit : '');
    if (!conversion) {
      dropped.push(`${key}: unit '${String(unit)}' cannot be converted to ${canonical.unit}`);
      continue;
    }
    values[canonical.name] = conversion.factor === 1 && conversion.offset === 0 ? v : v * conversion.factor + conversion.offset;
    count++;
  }
  const frame: LiveFrame = { carId, tsMs, values };
  if (sessionId !== undefined) frame.sessionId = sessionId;
  return { frame, dropped };
}
