// Racelogic VBOX .vbo reader: 'File created on' date line, [header], [channel units], [comments],
// [column names] and space-separated [data]. Lat/long are in minutes (longitude + west), time is
// UTC HHMMSS.SS (midnight rollover handled), velocity km/h unless the header says otherwise.

import type { Session, SessionMeta } from '../../model/session.ts';
import { IngestError } from '../errors.ts';
import type { FormatImporter, ImportOptions } from '../importer.ts';
import { readChunks, type InputFile } from '../input.ts';
import { ProgressTicker } from '../progress-ticker.ts';
import { SessionBuilder, emptyMeta } from '../session-builder.ts';

export const VBO_FORMAT_ID = 'vbox';
const DAY_S = 86_400;

/** Column name folded for matching: lower case, letters and digits only. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Units of the standard VBOX columns (those the [channel units] section does not list). */
const STANDARD_UNITS: Record<string, string> = {
  sats: '',
  satellites: '',
  heading: 'deg',
  height: 'm',
  tsample: 's',
  event1: 's',
  event2: 's',
  solutiontype: '',
  longacc: 'g',
  latacc: 'g',
  longaccel: 'g',
  lataccel: 'g',
  distance: 'm',
  pordistance: 'm',
};
const LAT = new Set(['lat', 'latitude']);
const LONG = new Set(['long', 'longitude', 'lon']);
const VELOCITY = new Set(['velocity', 'speed']);
const VERT_VEL = new Set(['vertvel', 'verticalvelocity']);
/** Columns that are not telemetry: video sync and the GPS date stamp. */
const SKIPPED = new Set(['time', 'avifileindex', 'avisynctime', 'avitime', 'date']);

/** True when the first bytes look like a .vbo file. */
export function sniffVbo(head: Uint8Array): boolean {
  const text = new TextDecoder('latin1').decode(head.subarray(0, 4096)).replace(/^\uFEFF/, '');
  if (/^\s*File created on/i.test(text)) return true;
  return /^\[header\]\s*$/im.test(text) && /^\[(column names|data)\]\s*$/im.test(text);
}

/** 'File created on 31/12/2023 @ 11:22:33' (also 'at', or no separator, seconds optional) as ms since the epoch, UTC. */
export function vboCreatedMs(line: string): number | null {
  const m = /File created on\s+(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s*(?:@|at)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?/i.exec(line);
  if (!m) return null;
  const ms = Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  return Number.isFinite(ms) ? ms : null;
}

/** Speed unit named in a [header] line such as 'velocity kmh' or 'Vertical velocity m/s'. */
function speedUnitIn(headerLine: string | undefined, fallback: string): string {
  if (!headerLine) return fallback;
  const h = headerLine.toLowerCase();
  if (/knot|\bkts?\b/.test(h)) return 'kn';
  if (/mph/.test(h)) return 'mph';
  if (/m\/s|\bms\b/.test(h)) return 'm/s';
  if (/km\/?h|kph/.test(h)) return 'km/h';
  return fallback;
}

/** UTC time of day HHMMSS.SS as seconds since midnight, or NaN when it is not such a time. */
export function vboTimeOfDayS(token: string): number {
  const v = Number(token);
  if (token === '' || !Number.isFinite(v) || v < 0) return NaN;
  const h = Math.floor(v / 10_000);
  const m = Math.floor(v / 100) % 100;
  const s = v - h * 10_000 - m * 100;
  if (h > 23 || m > 59 || s >= 61) return NaN;
  return h * 3600 + m * 60 + s;
}

/** Lines of a text file as it streams past, with 1-based line numbers and bytes consumed. */
async function* lines(input: InputFile): AsyncGenerator<{ text: string; line: number; bytesDone: number }> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let line = 0;
  let bytesDone = 0;
  for await (const chunk of readChunks(input)) {
    bytesDone += chunk.length;
    carry += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = carry.indexOf('\n', start);
      if (nl < 0) break;
      line++;
      yield { text: carry.slice(start, nl).replace(/\r$/, ''), line, bytesDone };
      start = nl + 1;
    }
    carry = carry.slice(start);
  }
  carry += decoder.decode();
  if (carry.length) yield { text: carry.replace(/\r$/, ''), line: line + 1, bytesDone };
}

interface Column {
  name: string;
  role: 'time' | 'lat' | 'long' | 'value' | 'skip';
  unit: string;
}

interface HeaderInfo {
  createdMs: number | null;
  header: string[];
  units: string[];
  comments: string[];
  columnNames: string[];
}

function planColumns(h: HeaderInfo, fileName: string, line: number, warnings: string[]): Column[] {
  const names = h.columnNames;
  if (names.length === 0) throw new IngestError('bad-header', 'no [column names] before [data]', { file: fileName, line });
  const folded = names.map(fold);
  if (!folded.includes('time')) throw new IngestError('bad-header', "[column names] has no 'time' column", { file: fileName, line });
  const velocityHeader = h.header.find((l) => /^\s*velocity/i.test(l));
  const vertHeader = h.header.find((l) => /vertical\s*velocity|vert-?vel/i.test(l));
  const known = (f: string): boolean =>
    f in STANDARD_UNITS || LAT.has(f) || LONG.has(f) || VELOCITY.has(f) || VERT_VEL.has(f) || SKIPPED.has(f);
  // [channel units] lists a unit for each non-standard channel, in column order.
  const others = folded.filter((f) => !known(f)).length;
  const units = h.units.length === others ? h.units : [];
  if (h.units.length > 0 && h.units.length !== others) {
    warnings.push(`[channel units] lists ${h.units.length} units for ${others} non-standard channels; their units were left blank`);
  }
  let other = 0;
  return names.map((name, i): Column => {
    const f = folded[i];
    if (f === 'time') return { name, role: 'time', unit: 's' };
    if (SKIPPED.has(f)) return { name, role: 'skip', unit: '' };
    if (LAT.has(f)) return { name, role: 'lat', unit: 'deg' };
    if (LONG.has(f)) return { name, role: 'long', unit: 'deg' };
    if (VELOCITY.has(f)) return { name, role: 'value', unit: speedUnitIn(velocityHeader, 'km/h') };
    if (VERT_VEL.has(f)) return { name, role: 'value', unit: speedUnitIn(vertHeader, 'km/h') };
    if (f in STANDARD_UNITS) return { name, role: 'value', unit: STANDARD_UNITS[f] };
    const unit = units[other++] ?? '';
    return { name, role: 'value', unit: unit.trim() };
  });
}

function metaFromComments(meta: SessionMeta, comments: string[]): void {
  for (const c of comments) {
    const serial = /Serial\s*Number\s*:\s*(\S+)/i.exec(c);
    if (serial && !meta.vehicleId) meta.vehicleId = `VBOX ${serial[1]}`;
  }
}

export async function readVbo(input: InputFile, options: ImportOptions = {}): Promise<Session> {
  const file = input.name;
  const h: HeaderInfo = { createdMs: null, header: [], units: [], comments: [], columnNames: [] };
  const meta = emptyMeta(file, VBO_FORMAT_ID);
  const warnings: string[] = [];
  const builder = new SessionBuilder(meta, file);
  const ticker = new ProgressTicker(file, input.blob.size, options.onProgress);
  let section = '';
  let sawSection = false;
  let columns: Column[] | null = null;
  let timeIndex = -1;
  let dayOffsetS = 0;
  let prevTod = NaN;
  let dayStartS = 0;
  let rows = 0;

  for await (const { text, line, bytesDone } of lines(input)) {
    ticker.tick(bytesDone);
    if (line % 4096 === 0) options.signal?.throwIfAborted();
    const trimmed = text.trim();
    if (!sawSection && /File created on/i.test(trimmed)) {
      h.createdMs ??= vboCreatedMs(trimmed);
      continue;
    }
    const sec = /^\[([^\]]+)\]$/.exec(trimmed);
    if (sec && section !== 'data') {
      section = sec[1].trim().toLowerCase();
      sawSection = true;
      if (section === 'data') {
        columns = planColumns(h, file, line, warnings);
        timeIndex = columns.findIndex((c) => c.role === 'time');
        for (const c of columns) if (c.role !== 'time' && c.role !== 'skip') builder.declareChannel(c.name, { sourceName: c.name, sourceUnit: c.unit });
        metaFromComments(meta, h.comments);
      }
      continue;
    }
    if (section === 'data') {
      if (trimmed === '') continue;
      const fields = trimmed.split(/\s+/);
      const cols = columns!;
      if (fields.length !== cols.length) {
        throw new IngestError('ragged-row', `${fields.length} fields where [column names] has ${cols.length}`, { file, line });
      }
      const tod = vboTimeOfDayS(fields[timeIndex]);
      if (Number.isNaN(tod)) {
        throw new IngestError('not-a-number', `time '${fields[timeIndex]}' is not UTC HHMMSS.SS`, { file, line, column: timeIndex + 1, channel: cols[timeIndex].name });
      }
      if (rows === 0) {
        if (h.createdMs !== null) {
          const createdDayMs = h.createdMs - (h.createdMs % (DAY_S * 1000));
          dayStartS = createdDayMs / 1000;
          const createdTod = (h.createdMs - createdDayMs) / 1000;
          if (tod - createdTod < -DAY_S / 2) dayOffsetS = DAY_S;
          else if (tod - createdTod > DAY_S / 2) dayOffsetS = -DAY_S;
        }
      } else if (tod < prevTod - DAY_S / 2) {
        dayOffsetS += DAY_S; // past midnight UTC
      }
      prevTod = tod;
      const t = dayStartS + dayOffsetS + tod;
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i];
        if (c.role === 'time' || c.role === 'skip') continue;
        const raw = fields[i];
        const v = Number(raw);
        if (Number.isNaN(v)) throw new IngestError('not-a-number', `'${raw}' is not a number`, { file, line, column: i + 1, channel: c.name });
        if (!Number.isFinite(v)) throw new IngestError('non-finite', `'${raw}' is not a finite number`, { file, line, column: i + 1, channel: c.name });
        // Minutes to degrees; VBOX longitude is positive to the WEST.
        builder.add(c.name, t, c.role === 'lat' ? v / 60 : c.role === 'long' ? -v / 60 : v);
      }
      rows++;
      continue;
    }
    if (trimmed === '') continue;
    if (section === 'header') h.header.push(trimmed);
    else if (section === 'channel units') h.units.push(trimmed);
    else if (section === 'comments') h.comments.push(trimmed);
    else if (section === 'column names') h.columnNames.push(...trimmed.split(/\s+/));
  }
  ticker.finish();
  if (!columns) throw new IngestError('bad-header', 'no [data] section', { file });
  if (rows === 0) throw new IngestError('no-data', 'the [data] section has no rows', { file });
  const session = builder.finish({ epochSeconds: h.createdMs !== null });
  if (h.createdMs === null) warnings.push("no 'File created on' date line: the session's wall-clock start is unknown");
  if (warnings.length) session.warnings = [...(session.warnings ?? []), ...warnings];
  return session;
}

export const vboxImporter: FormatImporter = {
  id: VBO_FORMAT_ID,
  sniff: (head) => sniffVbo(head),
  read: async (input, options) => [await readVbo(input, options)],
};
