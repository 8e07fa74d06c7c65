// FormatImporter 'long-csv': the Toyota GR Cup long layout, one reading per row
// (telemetry_name, telemetry_value, timestamp, vehicle_id, lap, meta_time…), rows in any order.

import type { Session } from '../../model/session.ts';
import { IngestError } from '../errors.ts';
import type { FormatImporter, ImportOptions } from '../importer.ts';
import type { InputFile } from '../input.ts';
import { badNumberKind, parseDecimalBytes, parseNumberCell, parseSmallIntBytes } from './byte-number.ts';
import { LongFormatAccumulator, type LongVehicle } from './long-accumulator.ts';
import { streamThrough } from './read-loop.ts';
import { parseIsoBytesLoose, parseIsoBytesMs } from './time-parse.ts';
import { CsvTokenizer } from './tokenizer.ts';

const utf8 = new TextDecoder('utf-8');

/** True when the first line of `head` names both telemetry_name and telemetry_value columns. */
export function isLongFormatHead(head: Uint8Array): boolean {
  let end = head.indexOf(10);
  if (end < 0) end = head.length;
  const first = utf8.decode(head.subarray(0, Math.min(end, 4096))).toLowerCase();
  return /(^|[,;\t"])\s*telemetry_name\s*("|[,;\t]|$)/.test(first) && /(^|[,;\t"])\s*telemetry_value\s*("|[,;\t]|$)/.test(first);
}

export const longCsvImporter: FormatImporter = {
  id: 'long-csv',
  sniff: (head) => isLongFormatHead(head),
  read: readLongCsv,
};

interface Columns {
  count: number;
  name: number;
  value: number;
  timestamp: number;
  vehicle: number;
  metaTime: number;
  lap: number;
  event: number;
  session: number;
  number: number;
  driver: number;
  track: number;
}

function findColumns(header: string[], file: string, line: number): Columns {
  const lower = header.map((h) => h.trim().toLowerCase());
  const at = (...names: string[]) => {
    for (const n of names) { const i = lower.indexOf(n); if (i >= 0) return i; }
    return -1;
  };
  const cols: Columns = {
    count: header.length,
    name: at('telemetry_name'),
    value: at('telemetry_value'),
    timestamp: at('timestamp'),
    vehicle: at('vehicle_id', 'original_vehicle_id'),
    metaTime: at('meta_time'),
    lap: at('lap'),
    event: at('meta_event'),
    session: at('meta_session'),
    number: at('vehicle_number'),
    driver: at('driver', 'driver_name', 'meta_driver'),
    track: at('track', 'meta_track', 'venue'),
  };
  for (const [key, label] of [['name', 'telemetry_name'], ['value', 'telemetry_value'], ['timestamp', 'timestamp']] as const) {
    if (cols[key] < 0) throw new IngestError('bad-header', `the header has no '${label}' column`, { file, line });
  }
  return cols;
}

/** Reads a long-format CSV into one Session per vehicle_id. */
export async function readLongCsv(input: InputFile, options: ImportOptions = {}): Promise<Session[]> {
  const file = input.name;
  const acc = new LongFormatAccumulator({ file, sourceFormat: 'long-csv' });
  let cols: Columns | null = null;
  let rows = 0;
  let decimalComma = false;
  // per-row state kept outside the closure's hot path
  let lastVehicleId = -1;
  let lastVehicle: LongVehicle | null = null;

  const fail = (tok: CsvTokenizer, code: 'not-a-number' | 'non-finite', column: number, what: string, channel?: string): never => {
    throw new IngestError(code, `${what} '${tok.text(column)}' is not a finite number`, { file, line: tok.line, column: column + 1, byteOffset: tok.rowOffset, channel });
  };

  const onRow = (tok: CsvTokenizer): void => {
    const n = tok.count;
    if (cols === null) {
      if (tok.isBlankRow()) return;
      cols = findColumns(tok.texts(), file, tok.line);
      decimalComma = tok.delimiter !== 44;
      return;
    }
    const c = cols;
    if (n !== c.count) {
      if (tok.isBlankRow()) return;
      throw new IngestError('ragged-row', `the row has ${n} cells; the header has ${c.count}`, { file, line: tok.line, column: Math.min(n, c.count) + 1, byteOffset: tok.rowOffset });
    }
    const buf = tok.buf, starts = tok.starts, ends = tok.ends;

    // time (ECU clock)
    let s = starts[c.timestamp], e = ends[c.timestamp];
    let timeMs = parseIsoBytesMs(buf, s, e);
    if (timeMs !== timeMs) {
      timeMs = parseIsoBytesLoose(buf, s, e);
      if (timeMs !== timeMs) {
        throw new IngestError('not-a-number', `timestamp '${tok.text(c.timestamp)}' is not an ISO-8601 time`, { file, line: tok.line, column: c.timestamp + 1, byteOffset: tok.rowOffset, channel: 'timestamp' });
      }
    }

    // vehicle
    let v: LongVehicle;
    if (c.vehicle >= 0) {
      const id = tok.escaped[c.vehicle] ? acc.vehicleIds.internString(tok.text(c.vehicle)) : acc.vehicleIds.intern(buf, starts[c.vehicle], ends[c.vehicle]);
      if (id === lastVehicleId) v = lastVehicle!;
      else {
        v = acc.vehicleAt(id);
        if (v.minTimeMs === Infinity && v.event === '' && v.sessionName === '') {
          if (c.event >= 0) v.event = tok.text(c.event);
          if (c.session >= 0) v.sessionName = tok.text(c.session);
          if (c.number >= 0) v.vehicleNumber = tok.text(c.number);
          if (c.driver >= 0) v.driver = tok.text(c.driver);
          if (c.track >= 0) v.track = tok.text(c.track);
        }
        lastVehicleId = id;
        lastVehicle = v;
      }
    } else {
      v = lastVehicle ?? (lastVehicle = acc.vehicle(''));
      if (v.minTimeMs === Infinity && v.event === '') {
        if (c.event >= 0) v.event = tok.text(c.event);
        if (c.session >= 0) v.sessionName = tok.text(c.session);
        if (c.number >= 0) v.vehicleNumber = tok.text(c.number);
      }
    }

    // value (a blank one is skipped and counted)
    s = starts[c.value]; e = ends[c.value];
    let value = parseDecimalBytes(buf, s, e, decimalComma);
    if (value !== value) {
      value = parseNumberCell(buf, s, e, decimalComma);
      if (value !== value) {
        const text = tok.text(c.value);
        if (text.trim() === '') { v.blankValues++; return; }
        fail(tok, badNumberKind(text), c.value, 'telemetry_value', tok.text(c.name));
      }
    }

    // wall clock of the earliest row
    if (v.seeTime(timeMs) && c.metaTime >= 0) v.wallStartMs = parseIsoBytesLoose(buf, starts[c.metaTime], ends[c.metaTime]);

    // lap counter
    if (c.lap >= 0) {
      s = starts[c.lap]; e = ends[c.lap];
      if (e > s) {
        let lap = parseSmallIntBytes(buf, s, e);
        if (lap < 0) lap = parseNumberCell(buf, s, e, decimalComma);
        v.seeLap(timeMs, lap);
      }
    }

    const channel = tok.escaped[c.name] ? acc.channels.internString(tok.text(c.name)) : acc.channels.intern(buf, starts[c.name], ends[c.name]);
    acc.push(v, channel, timeMs, value);
    rows++;
  };

  const tok = new CsvTokenizer(onRow, { file });
  await streamThrough(input, tok, options);
  if (cols === null) throw new IngestError('empty-file', 'the file holds no header and no data', { file });
  if (rows === 0) throw new IngestError('no-data', 'the file has a header but no data rows', { file });
  return acc.finish();
}
