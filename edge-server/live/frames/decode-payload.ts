// One transport message (an MQTT payload, a Kafka record value) → normalised frames. A message is a
// binary frame (ETMF magic), a JSON frame, or a JSON array of frames (a logger gateway's batch).

import { decodeBinaryFrame, isBinaryFrame } from './binary-frame.ts';
import { FrameError, type LiveFrame } from './live-frame.ts';
import { normalizeFrame, normalizeJsonFrame } from './normalize-frame.ts';

/** Larger messages are refused before parsing. */
export const MAX_PAYLOAD_BYTES = 1 << 20;

export interface DecodedPayload {
  frames: LiveFrame[];
  /** Frames of the message that were refused (the others still count). */
  errors: FrameError[];
  /** Channels left out of accepted frames. */
  droppedChannels: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodePayload(bytes: Uint8Array, fallbackCarId?: string): DecodedPayload {
  const out: DecodedPayload = { frames: [], errors: [], droppedChannels: 0 };
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    out.errors.push(new FrameError('bad-payload', `payload of ${bytes.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`));
    return out;
  }
  if (isBinaryFrame(bytes)) {
    try {
      const { frame, unknownIds } = decodeBinaryFrame(bytes);
      const r = normalizeFrame(frame);
      out.frames.push(r.frame);
      out.droppedChannels += unknownIds.length + r.dropped.length;
    } catch (e) {
      out.errors.push(asFrameError(e));
    }
    return out;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bytes));
  } catch (e) {
    out.errors.push(new FrameError('bad-payload', `neither a binary frame nor JSON: ${e instanceof Error ? e.message : String(e)}`));
    return out;
  }
  for (const raw of Array.isArray(parsed) ? parsed : [parsed]) {
    try {
      const r = normalizeJsonFrame(raw, fallbackCarId);
      out.frames.push(r.frame);
      out.droppedChannels += r.dropped.length;
    } catch (e) {
      out.errors.push(asFrameError(e));
    }
  }
  return out;
}

function asFrameError(e: unknown): FrameError {
  return e instanceof FrameError ? e : new FrameError('bad-frame', e instanceof Error ? e.message : String(e));
}
