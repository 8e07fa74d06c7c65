// The /api/live WebSocket messages as the PWA sees them (docs/live-protocol.md §4): JSON text, parsed
// and checked just enough that a malformed message is dropped rather than breaking the view.

/** Derived values the bridge computes per car (absent for late frames). */
export interface LiveDerived {
  distanceM?: number;
  lap?: number;
  lapDistanceM?: number;
  lapLengthM?: number;
  lapProgress?: number;
  lapTimeS?: number;
  lastLapTimeS?: number;
  bestLapTimeS?: number;
  kineticJ?: number;
  netPowerW?: number;
  tractionW?: number;
  brakingW?: number;
}

export interface LiveWireFrame {
  car: string;
  session: string;
  /** ms since the Unix epoch. */
  ts: number;
  values: Record<string, number>;
  derived?: LiveDerived;
}

export type LiveAlertKind = 'lap-completed' | 'car-stopped' | 'car-moving' | 'car-silent' | 'car-resumed';

export interface LiveAlert {
  kind: LiveAlertKind | string;
  carId: string;
  sessionId: string;
  tsMs: number;
  lap?: number;
  lapTimeS?: number;
  best?: boolean;
  timing?: string;
  silentS?: number;
}

export interface SourceStatus {
  source: string;
  state: string;
  detail?: string;
  atMs?: number;
}

export type LiveServerMessage =
  | { type: 'hello'; protocol: number; serverTimeMs: number; role: string; cars: string[]; sources: SourceStatus[]; channels: Array<{ name: string; unit: string }> }
  | { type: 'frames'; frames: LiveWireFrame[] }
  | { type: 'alert'; alert: LiveAlert }
  | { type: 'status'; sources: SourceStatus[] }
  | { type: 'subscribed'; subscription: Record<string, unknown> }
  | { type: 'slow'; detail: string }
  | { type: 'pong'; id?: unknown; serverTimeMs: number }
  | { type: 'error'; code: string; detail: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFrame(v: unknown): v is LiveWireFrame {
  return isRecord(v) && typeof v.car === 'string' && typeof v.ts === 'number' && Number.isFinite(v.ts) && isRecord(v.values);
}

/** The message, or null when it is not one the view understands. */
export function parseLiveMessage(text: string): LiveServerMessage | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(data) || typeof data.type !== 'string') return null;
  switch (data.type) {
    case 'frames':
      return Array.isArray(data.frames) ? { type: 'frames', frames: data.frames.filter(isFrame) } : null;
    case 'alert':
      return isRecord(data.alert) && typeof data.alert.carId === 'string' && typeof data.alert.kind === 'string' ? (data as LiveServerMessage) : null;
    case 'hello':
    case 'status':
    case 'subscribed':
    case 'slow':
    case 'pong':
    case 'error':
      return data as LiveServerMessage;
    default:
      return null;
  }
}
