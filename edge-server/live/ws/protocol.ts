// The /api/live WebSocket protocol (docs/live-protocol.md): JSON text messages both ways. Subscriptions
// come from the URL query at connect time and from 'subscribe' messages later.

import { CAR_ID_PATTERN } from '../frames/live-frame.ts';
import type { DerivedValues } from '../derive/car-state.ts';
import type { SourceStatus } from '../sources/telemetry-source.ts';

export const LIVE_PATH = '/api/live';
export const LIVE_PROTOCOL_VERSION = 1;
/** Close codes (4000–4999 are the application's). */
export const CLOSE_TOO_SLOW = 4008;
export const CLOSE_PROTOCOL = 1008;
export const CLOSE_SHUTDOWN = 1001;

export interface Subscription {
  /** Cars to receive; null = all. */
  cars: Set<string> | null;
  /** Channels to receive; null = all. */
  channels: Set<string> | null;
  /** Frames per second per car at most; 0 = every frame. */
  maxHz: number;
  /** Whether frames carry the derived values. */
  derived: boolean;
}

export const MAX_SUBSCRIBED_CARS = 1000;
export const MAX_SUBSCRIBED_CHANNELS = 256;
export const MAX_RATE_HZ = 1000;

export const ALL: Subscription = { cars: null, channels: null, maxHz: 0, derived: true };

/** A client's subscription request (message or URL query), checked. */
export interface SubscribeRequest {
  cars?: unknown;
  channels?: unknown;
  maxHz?: unknown;
  derived?: unknown;
}

export class ProtocolError extends Error {}

export function parseSubscription(req: SubscribeRequest, base: Subscription = ALL): Subscription {
  const sub: Subscription = { ...base };
  if (req.cars !== undefined) sub.cars = parseNames(req.cars, 'cars', MAX_SUBSCRIBED_CARS, (s) => CAR_ID_PATTERN.test(s));
  if (req.channels !== undefined) sub.channels = parseNames(req.channels, 'channels', MAX_SUBSCRIBED_CHANNELS, (s) => s.length > 0 && s.length <= 100);
  if (req.maxHz !== undefined && req.maxHz !== null) {
    const hz = Number(req.maxHz);
    if (!Number.isFinite(hz) || hz < 0 || hz > MAX_RATE_HZ) throw new ProtocolError(`maxHz must be 0 (every frame) to ${MAX_RATE_HZ}`);
    sub.maxHz = hz;
  }
  if (req.derived !== undefined) {
    if (typeof req.derived !== 'boolean') throw new ProtocolError('derived must be true or false');
    sub.derived = req.derived;
  }
  return sub;
}

function parseNames(v: unknown, what: string, max: number, ok: (s: string) => boolean): Set<string> | null {
  if (v === null || v === '*') return null;
  if (!Array.isArray(v) || v.length > max || !v.every((s) => typeof s === 'string' && ok(s))) {
    throw new ProtocolError(`${what} must be null, "*" or an array of at most ${max} names`);
  }
  return new Set(v as string[]);
}

/** ?cars=7,12&channels=speed,rpm&maxHz=10&derived=false */
export function subscriptionFromQuery(q: URLSearchParams): Subscription {
  const list = (k: string) => {
    const v = q.get(k);
    return v === null ? undefined : v === '*' || v === '' ? null : v.split(',').map((s) => s.trim()).filter(Boolean);
  };
  const derived = q.get('derived');
  return parseSubscription({
    cars: list('cars'),
    channels: list('channels'),
    maxHz: q.get('maxHz') ?? undefined,
    derived: derived === null ? undefined : derived !== 'false' && derived !== '0',
  });
}

export function subscriptionJson(s: Subscription): Record<string, unknown> {
  return { cars: s.cars ? [...s.cars] : null, channels: s.channels ? [...s.channels] : null, maxHz: s.maxHz, derived: s.derived };
}

/** A frame as tablets receive it (inside a 'frames' message). */
export interface WireFrame {
  car: string;
  session: string;
  ts: number;
  values: Record<string, number>;
  /** Absent for a late frame (older than one already shown) and when the subscription says derived: false. */
  derived?: DerivedValues;
}

export type ServerMessage =
  | { type: 'hello'; protocol: number; serverTimeMs: number; role: string; subscription: Record<string, unknown>; cars: string[]; sources: SourceStatus[]; channels: Array<{ name: string; unit: string }> }
  | { type: 'frames'; frames: WireFrame[] }
  | { type: 'subscribed'; subscription: Record<string, unknown> }
  | { type: 'alert'; alert: Record<string, unknown> }
  | { type: 'status'; sources: SourceStatus[] }
  | { type: 'slow'; detail: string }
  | { type: 'pong'; id?: unknown; serverTimeMs: number }
  | { type: 'error'; code: string; detail: string };
