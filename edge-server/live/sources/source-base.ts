// Listener plumbing shared by the MQTT and Kafka sources.

import { decodePayload } from '../frames/decode-payload.ts';
import type { FrameError, LiveFrame } from '../frames/live-frame.ts';
import { nowMs, type FrameMeta, type SourceState, type SourceStatus } from './telemetry-source.ts';

export abstract class SourceBase {
  private frameListeners: Array<(frames: LiveFrame[], meta: FrameMeta) => void> = [];
  private statusListeners: Array<(status: SourceStatus) => void> = [];
  private rejectListeners: Array<(error: FrameError, meta: FrameMeta) => void> = [];
  private current: SourceStatus;

  protected constructor(readonly name: string) {
    this.current = { source: name, state: 'stopped', atMs: Date.now() };
  }

  onFrame(listener: (frames: LiveFrame[], meta: FrameMeta) => void): void {
    this.frameListeners.push(listener);
  }

  onStatus(listener: (status: SourceStatus) => void): void {
    this.statusListeners.push(listener);
  }

  onReject(listener: (error: FrameError, meta: FrameMeta) => void): void {
    this.rejectListeners.push(listener);
  }

  status(): SourceStatus {
    return this.current;
  }

  protected setStatus(state: SourceState, detail?: string): void {
    if (state === this.current.state && detail === this.current.detail) return;
    this.current = { source: this.name, state, atMs: Date.now(), ...(detail === undefined ? {} : { detail }) };
    for (const l of this.statusListeners) l(this.current);
  }

  /** Decodes one message and hands its frames (and refusals) to the listeners. */
  protected deliver(payload: Uint8Array, origin: string, fallbackCarId?: string): void {
    const meta: FrameMeta = { source: this.name, origin, receivedAtMs: nowMs() };
    const decoded = decodePayload(payload, fallbackCarId);
    for (const e of decoded.errors) for (const l of this.rejectListeners) l(e, meta);
    if (decoded.frames.length) for (const l of this.frameListeners) l(decoded.frames, meta);
  }
}
