// The session data model: one car's continuous recording, each channel on its own time base.
// Columnar typed arrays throughout so that sessions move between workers by transfer, not copy.

import type { ChannelKind } from './channels.ts';

export interface SessionMeta {
  event: string;
  sessionName: string;
  track: string;
  vehicleId: string;
  vehicleNumber: string;
  driver: string;
  /** Wall-clock start of the recording, ms since the Unix epoch (UTC); null when the file has no date. */
  startTimeMs: number | null;
  /** File the session was imported from (name only) and the detected format. */
  sourceFile: string;
  sourceFormat: string;
}

export interface Channel {
  /** Canonical name (see channels.ts) or the source's own name for an unknown channel. */
  name: string;
  /** The name in the source file. */
  sourceName: string;
  /** SI unit after conversion (or the source's unit for an unknown channel). */
  unit: string;
  kind: ChannelKind;
  /** Seconds since the session's start, strictly increasing. */
  timeS: Float64Array;
  values: Float64Array;
}

export interface Session {
  meta: SessionMeta;
  channels: Channel[];
  /** What the importer corrected or could not interpret (e.g. an unknown unit kept raw), for the user to see. */
  warnings?: string[];
}

/** A stored session's summary, as listed by the store, the CLI and the UI. */
export interface SessionSummary {
  id: string;
  meta: SessionMeta;
  durationS: number;
  samples: number;
  laps: number[];
  channels: ChannelSummary[];
  contentHash: string;
  importedAtMs: number;
}

export interface ChannelSummary {
  name: string;
  sourceName: string;
  unit: string;
  kind: ChannelKind;
  rateHz: number;
  samples: number;
}

/** Nominal sample rate: the inverse of the median interval between samples (robust to gaps). */
export function channelRateHz(timeS: Float64Array): number {
  const n = timeS.length;
  if (n < 2) return 0;
  const step = Math.max(1, Math.floor((n - 1) / 4096));
  const dts: number[] = [];
  for (let i = step; i < n; i += step) {
    const dt = (timeS[i] - timeS[i - step]) / step;
    if (dt > 0) dts.push(dt);
  }
  if (dts.length === 0) return 0;
  dts.sort((a, b) => a - b);
  const median = dts[dts.length >> 1];
  return median > 0 ? 1 / median : 0;
}

export function sessionDurationS(session: Session): number {
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const c of session.channels) {
    if (c.timeS.length === 0) continue;
    t0 = Math.min(t0, c.timeS[0]);
    t1 = Math.max(t1, c.timeS[c.timeS.length - 1]);
  }
  return Number.isFinite(t0) ? t1 - t0 : 0;
}

/** Lap numbers present in the lap-counter channel; the GR Cup 'lost' marker 32768 is ignored. */
export function lapsSeen(session: Session): number[] {
  const lap = session.channels.find((c) => c.name === 'lap');
  if (!lap) return [];
  const seen = new Set<number>();
  for (const v of lap.values) if (Number.isFinite(v) && v >= 0 && v < 32768) seen.add(Math.round(v));
  return [...seen].sort((a, b) => a - b);
}

export function summarizeChannel(c: Channel): ChannelSummary {
  return { name: c.name, sourceName: c.sourceName, unit: c.unit, kind: c.kind, rateHz: channelRateHz(c.timeS), samples: c.values.length };
}

export function channelByName(session: Session, name: string): Channel | undefined {
  return session.channels.find((c) => c.name === name);
}

/** Every typed-array buffer of the sessions, each once (a repeated buffer makes a transfer fail). */
export function sessionTransferables(sessions: Session[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const s of sessions) for (const c of s.channels) out.add(c.timeS.buffer as ArrayBuffer).add(c.values.buffer as ArrayBuffer);
  return [...out];
}
