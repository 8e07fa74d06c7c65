// The frame checksum shared by the sender (live bridge) and the store: order-independent, so frames may
// be counted as they are sent and compared with what the store holds, whatever order they arrived in.
//
// Definition (version 1): for each frame, the bytes
//   utf8(sessionId) 0x00 utf8(carId) 0x00 ascii(tsUs) 0x00 { utf8(name) 0x00 float64be(value) } for each
//   channel in name order (UTF-16 code-unit order), with every NaN written as 0x7ff8000000000000;
// h = the first 8 bytes of SHA-256(bytes) as an unsigned 64-bit integer; checksum = Σ h mod 2^64 as 16
// lowercase hex digits. A missing, extra, changed or duplicated frame changes it (barring 2^-64 luck).

import { createHash } from 'node:crypto';
import type { TelemetryFrame } from './telemetry-store.ts';

const MASK_64 = (1n << 64n) - 1n;

/** The stored key's time: whole microseconds since the epoch. */
export function frameTsUs(tsMs: number): number {
  return Math.round(tsMs * 1000);
}

export function frameHash(frame: TelemetryFrame): bigint {
  const h = createHash('sha256');
  h.update(frame.sessionId);
  h.update('\0');
  h.update(frame.carId);
  h.update(`\0${frameTsUs(frame.tsMs)}\0`);
  const value = Buffer.alloc(8);
  for (const name of Object.keys(frame.values).sort()) {
    const v = frame.values[name];
    h.update(name);
    h.update('\0');
    if (Number.isNaN(v)) value.writeBigUInt64BE(0x7ff8000000000000n);
    else value.writeDoubleBE(v);
    h.update(value);
  }
  return h.digest().readBigUInt64BE(0);
}

/** Accumulates the checksum frame by frame (e.g. as the bridge sends them). */
export class FrameChecksum {
  private sum = 0n;
  count = 0;
  add(frame: TelemetryFrame): this {
    this.sum = (this.sum + frameHash(frame)) & MASK_64;
    this.count++;
    return this;
  }
  addAll(frames: Iterable<TelemetryFrame>): this {
    for (const f of frames) this.add(f);
    return this;
  }
  /** 16 hex digits. */
  value(): string {
    return this.sum.toString(16).padStart(16, '0');
  }
}

/** The checksum of a set of distinct frames (see the header for the definition). */
export function frameChecksum(frames: Iterable<TelemetryFrame>): string {
  return new FrameChecksum().addAll(frames).value();
}
