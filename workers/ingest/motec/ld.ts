// MoTeC i2 .ld reader: header metadata, the linked list of channel blocks, and each channel's
// scaled samples on its own time base (rate preserved). An .ldx given alongside adds a lap channel.

import type { Session, SessionMeta } from '../../model/session.ts';
import { canonicalFor } from '../../model/channels.ts';
import { IngestError } from '../errors.ts';
import type { FormatImporter, ImportOptions } from '../importer.ts';
import { readSlice, type InputFile } from '../input.ts';
import { ProgressTicker } from '../progress-ticker.ts';
import { SessionBuilder, emptyMeta } from '../session-builder.ts';
import { CHAN, DTYPE_FLOAT, DTYPE_INTS, EVENT, HEAD, LD_MARKER, VEHICLE, VENUE } from './ld-layout.ts';
import { parseLdx } from './ldx.ts';

export const LD_FORMAT_ID = 'motec-ld';
const MAX_CHANNELS = 65_536;

/** The header as read from the file. */
export interface LdHeader {
  metaPtr: number;
  dataPtr: number;
  eventPtr: number;
  channelCount: number;
  deviceType: string;
  deviceSerial: number;
  date: string;
  time: string;
  driver: string;
  vehicleId: string;
  venue: string;
  shortComment: string;
  event: string;
  session: string;
}

export interface LdChannelBlock {
  /** Byte offset of this block in the file. */
  at: number;
  nextPtr: number;
  dataPtr: number;
  count: number;
  dtypeA: number;
  dtypeSize: number;
  freqHz: number;
  shift: number;
  mul: number;
  scale: number;
  decPlaces: number;
  name: string;
  shortName: string;
  unit: string;
}

function text(bytes: Uint8Array, at: number, length: number): string {
  let end = at;
  const stop = Math.min(at + length, bytes.length);
  while (end < stop && bytes[end] !== 0) end++;
  let s = '';
  for (let i = at; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s.trim();
}

/** True when the first bytes carry the .ld marker and plausible pointers. */
export function sniffLd(head: Uint8Array): boolean {
  if (head.length < 16) return false;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (v.getUint32(HEAD.marker, true) !== LD_MARKER) return false;
  const meta = v.getUint32(HEAD.metaPtr, true);
  const data = v.getUint32(HEAD.dataPtr, true);
  return meta >= HEAD.size && data >= HEAD.size;
}

export function parseLdHeader(bytes: Uint8Array, fileName: string, fileSize: number): LdHeader {
  if (bytes.length >= 4) {
    const marker = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
    if (marker !== LD_MARKER) {
      const hex = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new IngestError('bad-magic', `not a MoTeC .ld file: expected marker 40 00 00 00, found ${hex}`, { file: fileName, byteOffset: 0 });
    }
  }
  if (bytes.length < HEAD.size) {
    throw new IngestError('truncated', `the .ld header needs ${HEAD.size} bytes but the file ends after ${fileSize}`, { file: fileName, byteOffset: fileSize });
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h: LdHeader = {
    metaPtr: v.getUint32(HEAD.metaPtr, true),
    dataPtr: v.getUint32(HEAD.dataPtr, true),
    eventPtr: v.getUint32(HEAD.eventPtr, true),
    channelCount: v.getUint32(HEAD.channelCount, true),
    deviceType: text(bytes, HEAD.deviceType, 8),
    deviceSerial: v.getUint32(HEAD.deviceSerial, true),
    date: text(bytes, HEAD.date, 16),
    time: text(bytes, HEAD.time, 16),
    driver: text(bytes, HEAD.driver, 64),
    vehicleId: text(bytes, HEAD.vehicleId, 64),
    venue: text(bytes, HEAD.venue, 64),
    shortComment: text(bytes, HEAD.shortComment, 64),
    event: text(bytes, HEAD.event, 64),
    session: text(bytes, HEAD.session, 64),
  };
  if (h.metaPtr === 0 || h.metaPtr >= fileSize) {
    throw new IngestError(h.metaPtr === 0 ? 'bad-header' : 'truncated', `the first channel block pointer (${h.metaPtr}) is outside the file (${fileSize} bytes)`, {
      file: fileName,
      byteOffset: HEAD.metaPtr,
    });
  }
  return h;
}

export function parseLdChannelBlock(bytes: Uint8Array, at: number): LdChannelBlock {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    at,
    nextPtr: v.getUint32(CHAN.nextPtr, true),
    dataPtr: v.getUint32(CHAN.dataPtr, true),
    count: v.getUint32(CHAN.count, true),
    dtypeA: v.getUint16(CHAN.dtypeA, true),
    dtypeSize: v.getUint16(CHAN.dtypeSize, true),
    freqHz: v.getUint16(CHAN.freqHz, true),
    shift: v.getInt16(CHAN.shift, true),
    mul: v.getInt16(CHAN.mul, true),
    scale: v.getInt16(CHAN.scale, true),
    decPlaces: v.getInt16(CHAN.decPlaces, true),
    name: text(bytes, CHAN.name, 32),
    shortName: text(bytes, CHAN.shortName, 8),
    unit: text(bytes, CHAN.unit, 12),
  };
}

/** 'dd/mm/yyyy' + 'HH:MM[:SS]' as ms since the epoch. The logger's clock has no zone: it is taken as UTC. */
export function ldDateMs(date: string, time: string): number | null {
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d) return null;
  const [hh, mm, ss] = t ? [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)] : [0, 0, 0];
  const ms = Date.UTC(Number(d[3]), Number(d[2]) - 1, Number(d[1]), hh, mm, ss);
  return Number.isFinite(ms) ? ms : null;
}

function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

type Decoder = (v: DataView, at: number) => number;

function decoderFor(c: LdChannelBlock): Decoder | undefined {
  if (c.dtypeA === DTYPE_FLOAT) {
    if (c.dtypeSize === 4) return (v, at) => v.getFloat32(at, true);
    if (c.dtypeSize === 2) return (v, at) => float16(v.getUint16(at, true));
  } else if (DTYPE_INTS.includes(c.dtypeA)) {
    if (c.dtypeSize === 4) return (v, at) => v.getInt32(at, true);
    if (c.dtypeSize === 2) return (v, at) => v.getInt16(at, true);
  }
  return undefined;
}

async function readBlock(input: InputFile, at: number, size: number, fileSize: number, what: string): Promise<Uint8Array> {
  if (at + size > fileSize) {
    throw new IngestError('truncated', `${what} at byte ${at} needs ${size} bytes but the file ends at byte ${fileSize}`, { file: input.name, byteOffset: at });
  }
  return readSlice(input, at, at + size);
}

/** Event, venue and vehicle blocks: optional, ignored when their pointers are out of range. */
async function readEventBlocks(input: InputFile, h: LdHeader, size: number): Promise<{ event: string; session: string; venue: string; vehicle: string }> {
  const out = { event: '', session: '', venue: '', vehicle: '' };
  if (h.eventPtr === 0 || h.eventPtr + EVENT.size > size) return out;
  const ev = await readSlice(input, h.eventPtr, h.eventPtr + EVENT.size);
  out.event = text(ev, EVENT.name, 64);
  out.session = text(ev, EVENT.session, 64);
  const venuePtr = new DataView(ev.buffer, ev.byteOffset, ev.byteLength).getUint16(EVENT.venuePtr, true);
  if (venuePtr === 0 || venuePtr + VENUE.size > size) return out;
  const ve = await readSlice(input, venuePtr, venuePtr + VENUE.size);
  out.venue = text(ve, VENUE.name, 64);
  const vehiclePtr = new DataView(ve.buffer, ve.byteOffset, ve.byteLength).getUint16(VENUE.vehiclePtr, true);
  if (vehiclePtr === 0 || vehiclePtr + VEHICLE.size > size) return out;
  const vh = await readSlice(input, vehiclePtr, vehiclePtr + VEHICLE.size);
  out.vehicle = text(vh, VEHICLE.id, 64);
  return out;
}

async function readChannelBlocks(input: InputFile, h: LdHeader, size: number, signal?: AbortSignal): Promise<LdChannelBlock[]> {
  const blocks: LdChannelBlock[] = [];
  const seen = new Set<number>();
  let ptr = h.metaPtr;
  while (ptr !== 0) {
    signal?.throwIfAborted();
    if (seen.has(ptr) || blocks.length >= MAX_CHANNELS) {
      throw new IngestError('bad-header', `the channel list loops back to byte ${ptr}`, { file: input.name, byteOffset: ptr });
    }
    seen.add(ptr);
    const bytes = await readBlock(input, ptr, CHAN.needed, size, `channel block ${blocks.length + 1}`);
    const block = parseLdChannelBlock(bytes, ptr);
    blocks.push(block);
    ptr = block.nextPtr;
  }
  return blocks;
}

/** Reads a .ld file (and its .ldx lap file when given) into one session. */
export async function readLd(input: InputFile, options: ImportOptions = {}, ldx?: InputFile): Promise<Session> {
  const size = input.blob.size;
  const headBytes = await readSlice(input, 0, Math.min(size, HEAD.size));
  const h = parseLdHeader(headBytes, input.name, size);
  const extra = await readEventBlocks(input, h, size);
  const blocks = await readChannelBlocks(input, h, size, options.signal);

  const meta: SessionMeta = {
    ...emptyMeta(input.name, LD_FORMAT_ID),
    event: h.event || extra.event,
    sessionName: h.session || extra.session,
    track: h.venue || extra.venue,
    vehicleId: h.vehicleId || extra.vehicle,
    driver: h.driver,
    startTimeMs: ldDateMs(h.date, h.time),
  };
  const builder = new SessionBuilder(meta, input.name);
  const warnings: string[] = [];
  const ticker = new ProgressTicker(input.name, size, options.onProgress);
  let bytesDone = 0;
  let hasLapChannel = false;

  checkExtents(input.name, blocks, size);
  for (const [index, c] of blocks.entries()) {
    options.signal?.throwIfAborted();
    const label = channelLabel(c, index);
    const decode = decoderFor(c);
    if (!decode) {
      warnings.push(`${label}: sample type ${c.dtypeA}/${c.dtypeSize} bytes is not supported; channel skipped`);
      continue;
    }
    if (c.freqHz === 0) {
      warnings.push(`${label}: sample rate is 0 Hz; channel skipped`);
      continue;
    }
    if (c.count === 0) {
      warnings.push(`${label}: no samples; channel skipped`);
      continue;
    }
    let scale = c.scale;
    let mul = c.mul;
    if (scale === 0 || mul === 0) {
      warnings.push(`${label}: scale or multiplier is 0 in the file; 1 used`);
      scale ||= 1;
      mul ||= 1;
    }
    const key = `${index}:${label}`;
    builder.declareChannel(key, { sourceName: label, sourceUnit: c.unit });
    if (canonicalFor(label)?.name === 'lap') hasLapChannel = true;
    const factor = 10 ** -c.decPlaces / scale;
    // Read in pieces so a single long channel still moves the progress bar.
    const pieceSamples = Math.max(1024, Math.floor(size / 100 / c.dtypeSize));
    for (let first = 0; first < c.count; first += pieceSamples) {
      const n = Math.min(pieceSamples, c.count - first);
      const at = c.dataPtr + first * c.dtypeSize;
      const bytes = await readSlice(input, at, at + n * c.dtypeSize);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < n; i++) {
        const raw = decode(view, i * c.dtypeSize);
        const value = (raw * factor + c.shift) * mul;
        if (!Number.isFinite(value)) {
          throw new IngestError('non-finite', `sample ${first + i} is ${value}`, { file: input.name, byteOffset: at + i * c.dtypeSize, channel: label });
        }
        builder.add(key, (first + i) / c.freqHz, value);
      }
      bytesDone += n * c.dtypeSize;
      ticker.tick(bytesDone);
      options.signal?.throwIfAborted();
    }
  }
  if (ldx) await addLdxLaps(builder, ldx, hasLapChannel, warnings);
  ticker.finish();
  const session = builder.finish({ t0: 0 });
  if (warnings.length) session.warnings = [...(session.warnings ?? []), ...warnings];
  return session;
}

function channelLabel(c: LdChannelBlock, index: number): string {
  return c.name || c.shortName || `channel ${index + 1}`;
}

/** Fails before decoding anything when a channel's samples run past the end of the file. */
function checkExtents(fileName: string, blocks: LdChannelBlock[], size: number): void {
  for (const [index, c] of blocks.entries()) {
    if (c.count === 0 || decoderFor(c) === undefined) continue;
    if (c.dataPtr + c.count * c.dtypeSize > size) {
      throw new IngestError('truncated', `${c.count} samples of ${c.dtypeSize} bytes from byte ${c.dataPtr} run past the end of the file (${size} bytes)`, {
        file: fileName,
        byteOffset: size,
        channel: channelLabel(c, index),
      });
    }
  }
}

async function addLdxLaps(builder: SessionBuilder, ldx: InputFile, hasLapChannel: boolean, warnings: string[]): Promise<void> {
  const laps = parseLdx(await ldx.blob.text(), ldx.name);
  if (hasLapChannel) {
    warnings.push(`${ldx.name}: the .ld has its own lap channel; the .ldx beacons were not used`);
    return;
  }
  if (laps.beaconTimesS.length === 0) {
    warnings.push(`${ldx.name}: no beacon markers; no lap channel added`);
    return;
  }
  // Lap 1 runs from the start of the log to the first beacon; each beacon starts the next lap.
  builder.declareChannel('ldx:lap', { sourceName: 'Lap', sourceUnit: '' });
  builder.add('ldx:lap', 0, 1);
  laps.beaconTimesS.forEach((t, i) => builder.add('ldx:lap', t, i + 2));
}

export const motecLdImporter: FormatImporter = {
  id: LD_FORMAT_ID,
  sniff: (head) => sniffLd(head),
  read: async (input, options) => [await readLd(input, options)],
};
