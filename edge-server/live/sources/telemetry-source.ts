// What every telemetry transport (MQTT, Kafka) looks like to the live bridge: start/stop, a frame
// callback with normalised frames, and a status callback for connection changes and refused messages.

import type { FrameError, LiveFrame } from '../frames/live-frame.ts';

export type SourceState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface SourceStatus {
  source: string;
  state: SourceState;
  /** Human-readable reason (the last connection error, the broker address...). */
  detail?: string;
  atMs: number;
}

export interface FrameMeta {
  /** The transport and where the message came from (MQTT topic, Kafka topic/partition). */
  source: string;
  origin: string;
  /** Local receive time, ms since the epoch (performance-based, sub-millisecond). */
  receivedAtMs: number;
}

export interface TelemetrySource {
  readonly name: string;
  /** Connects and keeps reconnecting by itself until stop(). Resolves once the first attempt is under way. */
  start(): Promise<void>;
  stop(): Promise<void>;
  onFrame(listener: (frames: LiveFrame[], meta: FrameMeta) => void): void;
  onStatus(listener: (status: SourceStatus) => void): void;
  /** Messages (or frames inside them) that could not be decoded. */
  onReject(listener: (error: FrameError, meta: FrameMeta) => void): void;
  status(): SourceStatus;
}

/** Wall-clock ms with sub-millisecond resolution (performance.timeOrigin + now). */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
