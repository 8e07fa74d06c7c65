// Session export in the wide layout: `time_s` plus one column per channel named 'name [unit]', one row
// per distinct timestamp across channels, empty where a channel has no sample then (each channel
// keeps exactly its own times). As streamed CSV text, or as Parquet with the session's meta attached.

import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { Channel, Session } from '../model/session.ts';

/** Parquet key/value metadata key holding the session description (see ExportedSessionInfo). */
export const PARQUET_SESSION_KEY = 'engitorquemap.session';

/** The JSON stored under PARQUET_SESSION_KEY. */
export interface ExportedSessionInfo {
  format: 'engitorquemap-wide';
  version: 1;
  meta: Session['meta'];
  warnings: string[];
  /** One entry per channel column, in column order. */
  channels: { column: string; name: string; sourceName: string; unit: string; kind: Channel['kind'] }[];
}

export interface CsvExportOptions {
  /** Rows per yielded string (default 4096). */
  rowsPerChunk?: number;
  /**
   * NaN and ±Infinity values: 'blank' leaves the cell empty (the sample is dropped; our CSV importer,
   * like most tools, refuses such literals), 'literal' writes NaN / Infinity / -Infinity. Default 'blank'.
   */
  nonFinite?: 'blank' | 'literal';
}

export interface ParquetExportOptions {
  /** Rows per row group (default 100,000): bounds the memory used while writing. */
  rowGroupRows?: number;
}

/** 'speed [m/s]'; a unitless channel is just its name. */
export function wideColumnName(channel: Pick<Channel, 'name' | 'unit'>): string {
  return channel.unit ? `${channel.name} [${channel.unit}]` : channel.name;
}

/** Every distinct timestamp of the session's channels, ascending. */
export function unionTimeline(channels: readonly Pick<Channel, 'timeS'>[]): Float64Array {
  let total = 0;
  for (const c of channels) total += c.timeS.length;
  const all = new Float64Array(total);
  let at = 0;
  for (const c of channels) {
    all.set(c.timeS, at);
    at += c.timeS.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (n === 0 || all[i] !== all[n - 1]) all[n++] = all[i];
  return all.slice(0, n);
}

/** Walks the timeline, telling for each row which channels have a sample at that time. */
class WideCursor {
  readonly timeline: Float64Array;
  private readonly next: Int32Array;
  row = 0;
  constructor(readonly channels: readonly Channel[]) {
    this.timeline = unionTimeline(channels);
    this.next = new Int32Array(channels.length);
  }
  get done(): boolean {
    return this.row >= this.timeline.length;
  }
  /** Index into channel c's samples for the current row, or -1. Call once per channel per row, then advance(). */
  sampleAt(c: number): number {
    const i = this.next[c];
    const ts = this.channels[c].timeS;
    if (i < ts.length && ts[i] === this.timeline[this.row]) {
      this.next[c] = i + 1;
      return i;
    }
    return -1;
  }
  advance(): void {
    this.row++;
  }
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Shortest text that reads back as the same double ('-0' keeps its sign). */
function numberText(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** The session as wide CSV, in chunks of whole lines (the first holds the header). */
export function* wideCsvChunks(session: Session, options: CsvExportOptions = {}): Generator<string> {
  const rowsPerChunk = Math.max(1, options.rowsPerChunk ?? 4096);
  const literal = options.nonFinite === 'literal';
  const channels = session.channels;
  yield ['time_s', ...channels.map(wideColumnName)].map(csvField).join(',') + '\n';
  const cursor = new WideCursor(channels);
  let chunk = '';
  let rows = 0;
  while (!cursor.done) {
    let line = numberText(cursor.timeline[cursor.row]);
    for (let c = 0; c < channels.length; c++) {
      line += ',';
      const i = cursor.sampleAt(c);
      if (i < 0) continue;
      const v = channels[c].values[i];
      if (literal || Number.isFinite(v)) line += numberText(v);
    }
    cursor.advance();
    chunk += line + '\n';
    if (++rows === rowsPerChunk) {
      yield chunk;
      chunk = '';
      rows = 0;
    }
  }
  if (chunk) yield chunk;
}

/** The CSV chunks as a stream, e.g. `new Response(stream.pipeThrough(new TextEncoderStream())).blob()`. */
export function wideCsvStream(session: Session, options: CsvExportOptions = {}): ReadableStream<string> {
  const chunks = wideCsvChunks(session, options);
  return new ReadableStream<string>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel() {
      chunks.return(undefined);
    },
  });
}

export function exportedSessionInfo(session: Session): ExportedSessionInfo {
  return {
    format: 'engitorquemap-wide',
    version: 1,
    meta: session.meta,
    warnings: session.warnings ?? [],
    channels: session.channels.map((c) => ({ column: wideColumnName(c), name: c.name, sourceName: c.sourceName, unit: c.unit, kind: c.kind })),
  };
}

/** The session as a Parquet file: time_s DOUBLE (required) + one nullable DOUBLE per channel, session info as metadata. */
export function exportParquet(session: Session, options: ParquetExportOptions = {}): Uint8Array {
  const rowGroupRows = Math.max(1, options.rowGroupRows ?? 100_000);
  const channels = session.channels;
  const names = channels.map(wideColumnName);
  const schema: SchemaElement[] = [
    { name: 'root', num_children: 1 + channels.length },
    { name: 'time_s', type: 'DOUBLE', repetition_type: 'REQUIRED' },
    ...names.map((name): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' })),
  ];
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema,
    kvMetadata: [{ key: PARQUET_SESSION_KEY, value: JSON.stringify(exportedSessionInfo(session)) }],
    createdBy: 'EngiTorqueMap',
  });
  const cursor = new WideCursor(channels);
  while (!cursor.done) {
    const n = Math.min(rowGroupRows, cursor.timeline.length - cursor.row);
    const time = cursor.timeline.slice(cursor.row, cursor.row + n);
    const columns: (number | null)[][] = channels.map(() => new Array<number | null>(n));
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < channels.length; c++) {
        const i = cursor.sampleAt(c);
        columns[c][r] = i < 0 ? null : channels[c].values[i];
      }
      cursor.advance();
    }
    void parquet.write({
      columnData: [{ name: 'time_s', data: time }, ...names.map((name, c) => ({ name, data: columns[c] }))],
      rowGroupSize: n,
    });
  }
  void parquet.finish();
  return new Uint8Array(writer.getBuffer());
}
