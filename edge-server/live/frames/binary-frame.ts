// The compact binary telemetry frame (docs/live-protocol.md): magic "ETMF", version 1, flags, car id,
// float64 epoch-ms timestamp, optional session id, then channel ids (u16, fixed table) and their
// values (float32, or float64 when flag bit 1 is set). Little-endian throughout.

import { binaryChannelId, binaryChannelName } from './channel-ids.ts';
import { FrameError, type LiveFrame } from './live-frame.ts';

export const BINARY_MAGIC = [0x45, 0x54, 0x4d, 0x46] as const; // "ETMF"
export const BINARY_VERSION = 1;
export const FLAG_SESSION = 0b01;
export const FLAG_FLOAT64 = 0b10;

export interface EncodeOptions {
  /** Values as float64 (8 bytes each) instead of float32; default: float64 only when the frame has lat/lon. */
  float64?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes start with the binary frame's magic. */
export function isBinaryFrame(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === BINARY_MAGIC[0] && bytes[1] === BINARY_MAGIC[1] && bytes[2] === BINARY_MAGIC[2] && bytes[3] === BINARY_MAGIC[3];
}

/** Encodes a frame; channels outside the fixed table cannot be sent in binary and throw. */
export function encodeBinaryFrame(frame: LiveFrame, options: EncodeOptions = {}): Uint8Array {
  const car = encoder.encode(frame.carId);
  if (car.length === 0 || car.length > 255) throw new FrameError('bad-binary', `car id must be 1–255 bytes, not ${car.length}`);
  const session = frame.sessionId === undefined ? undefined : encoder.encode(frame.sessionId);
  if (session && (session.length === 0 || session.length > 255)) throw new FrameError('bad-binary', 'session id must be 1–255 bytes');
  const names = Object.keys(frame.values);
  const ids = names.map((name) => {
    const id = binaryChannelId(name);
    if (id === undefined) throw new FrameError('bad-binary', `channel '${name}' has no binary id`);
    return id;
  });
  if (ids.length > 0xffff) throw new FrameError('bad-binary', 'too many channels');
  const f64 = options.float64 ?? ('lat' in frame.values || 'lon' in frame.values);
  const valueBytes = f64 ? 8 : 4;
  const size = 4 + 1 + 1 + 1 + car.length + 8 + (session ? 1 + session.length : 0) + 2 + ids.length * (2 + valueBytes);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(BINARY_MAGIC, 0);
  out[4] = BINARY_VERSION;
  out[5] = (session ? FLAG_SESSION : 0) | (f64 ? FLAG_FLOAT64 : 0);
  out[6] = car.length;
  out.set(car, 7);
  let o = 7 + car.length;
  view.setFloat64(o, frame.tsMs, true);
  o += 8;
  if (session) {
    out[o] = session.length;
    out.set(session, o + 1);
    o += 1 + session.length;
  }
  view.setUint16(o, ids.length, true);
  o += 2;
  for (const id of ids) {
    view.setUint16(o, id, true);
    o += 2;
  }
  for (const name of names) {
    if (f64) view.setFloat64(o, frame.values[name], true);
    else view.setFloat32(o, frame.values[name], true);
    o += valueBytes;
  }
  return out;
}

export interface DecodedBinary {
  frame: LiveFrame;
  /** Channel ids that are not in this server's table (a newer sender): skipped. */
  unknownIds: number[];
}

/** Decodes one binary frame; the car id and timestamp are checked by normalizeFrame afterwards. */
export function decodeBinaryFrame(bytes: Uint8Array): DecodedBinary {
  if (!isBinaryFrame(bytes)) throw new FrameError('bad-binary', 'missing ETMF magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (end: number, what: string) => {
    if (end > bytes.length) throw new FrameError('bad-binary', `truncated frame: ${what} needs ${end} bytes, have ${bytes.length}`);
  };
  need(7, 'header');
  if (bytes[4] !== BINARY_VERSION) throw new FrameError('bad-binary', `unsupported version ${bytes[4]}`);
  const flags = bytes[5];
  if (flags & ~(FLAG_SESSION | FLAG_FLOAT64)) throw new FrameError('bad-binary', `unknown flags 0x${flags.toString(16)}`);
  const carLen = bytes[6];
  need(7 + carLen + 8, 'car id and timestamp');
  const carId = text(bytes.subarray(7, 7 + carLen), 'car id');
  let o = 7 + carLen;
  const tsMs = view.getFloat64(o, true);
  o += 8;
  let sessionId: string | undefined;
  if (flags & FLAG_SESSION) {
    need(o + 1, 'session length');
    const len = bytes[o];
    need(o + 1 + len, 'session id');
    sessionId = text(bytes.subarray(o + 1, o + 1 + len), 'session id');
    o += 1 + len;
  }
  need(o + 2, 'channel count');
  const n = view.getUint16(o, true);
  o += 2;
  const valueBytes = flags & FLAG_FLOAT64 ? 8 : 4;
  const end = o + n * (2 + valueBytes);
  need(end, `${n} channels`);
  if (end !== bytes.length) throw new FrameError('bad-binary', `${bytes.length - end} trailing bytes after ${n} channels`);
  const values: Record<string, number> = {};
  const unknownIds: number[] = [];
  let vo = o + 2 * n;
  for (let i = 0; i < n; i++, vo += valueBytes) {
    const id = view.getUint16(o + 2 * i, true);
    const name = binaryChannelName(id);
    if (name === undefined) {
      unknownIds.push(id);
      continue;
    }
    if (name in values) throw new FrameError('bad-binary', `channel id ${id} repeated`);
    values[name] = valueBytes === 8 ? view.getFloat64(vo, true) : view.getFloat32(vo, true);
  }
  const frame: LiveFrame = { carId, tsMs, values };
  if (sessionId !== undefined) frame.sessionId = sessionId;
  return { frame, unknownIds };
}

function text(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new FrameError('bad-binary', `${what} is not UTF-8`);
  }
}
