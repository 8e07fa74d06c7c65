// Header dialects of wide CSV exports: plain, AiM Race Studio, MoTeC i2 and RaceChrono v3 preambles,
// `name [unit]` / `name (unit)` header cells, the time column, and the metadata the preambles carry.

import { foldName } from '../../model/channels.ts';
import type { SessionMeta } from '../../model/session.ts';
import { parseClockMs, preambleStartMs } from './time-parse.ts';

export type WideDialect = 'plain' | 'aim' | 'motec' | 'racechrono';

/** The dialect, from the file's first non-blank row. */
export function dialectOf(firstRow: string[]): WideDialect {
  const a = (firstRow[0] ?? '').trim().toLowerCase();
  const b = (firstRow[1] ?? '').trim().toLowerCase();
  if (a.startsWith('this file is created using racechrono')) return 'racechrono';
  if (a === 'format' && b === 'aim csv file') return 'aim';
  if (a === 'format' && b === 'motec csv file') return 'motec';
  return 'plain';
}

/** Keys the AiM, MoTeC and RaceChrono preambles use (lower case). */
const PREAMBLE_KEYS = new Set([
  'format', 'venue', 'track', 'vehicle', 'driver', 'racer', 'device', 'comment', 'session', 'championship', 'event',
  'date', 'time', 'log date', 'log time', 'sample rate', 'duration', 'range', 'beacon markers', 'segment', 'segment times',
  'data source', 'origin time', 'start time', 'end time', 'start distance', 'end distance', 'workbook', 'worksheet',
  'vehicle desc', 'engine id', 'short comment', 'user', 'session title', 'session type', 'track name',
  'driver name', 'created', 'note', 'export scope', 'vehicle name',
]);

function nonEmpty(row: string[]): number {
  let n = 0;
  for (const c of row) if (c.trim() !== '') n++;
  return n;
}

/** True for a key/value preamble row (AiM/MoTeC `"Venue","Barber"`, RaceChrono `Track name,…`). */
export function isPreambleRow(row: string[], sawBlank: boolean): boolean {
  const key = (row[0] ?? '').trim().toLowerCase();
  if (key === 'time') {
    // AiM/MoTeC "Time","10:21 AM" is the start time; a header row starting with Time has channel names
    return nonEmpty(row) <= 3 && Number.isFinite(parseClockMs(row[1] ?? ''));
  }
  if (PREAMBLE_KEYS.has(key)) return true;
  // unknown keys before the blank line that ends a preamble: short key/value rows
  return !sawBlank && nonEmpty(row) <= 2 && !isTimeColumnName(key);
}

/**
 * Preamble key/value pairs. MoTeC rows carry a second pair after empty cells
 * (`"Comment","",,,"Session","FP1"`), so every (key, value) at cells 0/1 and 4/5 is taken.
 */
export function addPreamblePairs(row: string[], pairs: Map<string, string[]>): void {
  const put = (k: number) => {
    const key = (row[k] ?? '').trim().toLowerCase();
    if (key !== '' && !pairs.has(key)) pairs.set(key, row.slice(k + 1).map((c) => c.trim()));
  };
  put(0);
  if (row.length >= 6 && (row[4] ?? '').trim() !== '') put(4);
}

function first(pairs: Map<string, string[]>, ...keys: string[]): string {
  for (const k of keys) {
    const v = pairs.get(k);
    if (v && v[0]) return v[0];
  }
  return '';
}

/** Metadata of a preamble mapped onto SessionMeta fields (only those the preamble states). */
export function metaFromPreamble(dialect: WideDialect, pairs: Map<string, string[]>): Partial<SessionMeta> {
  if (dialect === 'racechrono') {
    const created = pairs.get('created') ?? [];
    return {
      sessionName: first(pairs, 'session title'),
      track: first(pairs, 'track name'),
      driver: first(pairs, 'driver name'),
      vehicleId: first(pairs, 'vehicle', 'vehicle name'),
      startTimeMs: preambleStartMs(created[0], created[1]),
    };
  }
  if (dialect === 'aim' || dialect === 'motec') {
    return {
      event: first(pairs, 'event', 'championship'),
      sessionName: first(pairs, 'session'),
      track: first(pairs, 'venue', 'track'),
      driver: first(pairs, 'driver', 'racer'),
      vehicleId: first(pairs, 'vehicle'),
      startTimeMs: preambleStartMs(first(pairs, 'log date', 'date') || undefined, first(pairs, 'log time', 'time') || undefined),
    };
  }
  return {};
}

/** Beacon (lap) marker times in seconds: `"Beacon Markers","95.3","190.6"` or `"95.3 190.6"` in one cell. */
export function beaconMarkersS(pairs: Map<string, string[]>): number[] {
  const cells = pairs.get('beacon markers') ?? [];
  const out: number[] = [];
  for (const c of cells) for (const part of c.split(/[\s,]+/)) if (part !== '' && Number.isFinite(Number(part))) out.push(Number(part));
  return out.filter((t) => t > 0).sort((a, b) => a - b);
}

/** Splits `Speed [km/h]` or `Time (s)` into name and unit; a long or spaced suffix stays in the name. */
export function splitNameUnit(cell: string): { name: string; unit: string } {
  const t = cell.trim();
  const m = /^(.*?\S)\s*(?:\[([^\]]*)\]|\(([^)]*)\))$/.exec(t);
  if (m) {
    const unit = (m[2] ?? m[3] ?? '').trim();
    if (unit.length <= 10 && !/\s/.test(unit)) return { name: m[1], unit };
  }
  return { name: t, unit: '' };
}

/** Time column names, best first (folded: lower case, separators as '_'). */
const TIME_NAMES = [
  'time', 'time_s', 'time_sec', 'time_ms', 'timestamp', 'timestamp_ms', 'elapsed_time', 'elapsed', 'elapsed_time_s',
  'session_time', 'time_utc_seconds', 'time_utc', 'utc_time', 'utc', 'gps_time', 'datetime', 'date_time', 'seconds', 'secs', 'sec', 't',
];

export function isTimeColumnName(raw: string): boolean {
  return TIME_NAMES.includes(foldName(raw));
}

/** Index of the time column among header names (units already split off), or -1. */
export function findTimeColumn(names: string[]): number {
  const folded = names.map((n) => foldName(n));
  for (const want of TIME_NAMES) {
    const i = folded.indexOf(want);
    if (i >= 0) return i;
  }
  return -1;
}

/** Scale from a time column's unit to seconds (NaN when the unit is not a time unit). */
export function timeUnitScaleS(unit: string, name: string): number {
  const u = unit.trim().toLowerCase();
  if (u === '' ) return /(^|_)ms$/.test(foldName(name)) ? 0.001 : 1;
  if (u === 's' || u === 'sec' || u === 'secs' || u === 'seconds' || u === 'unix time' || u === 'unix' || u === 'utc') return 1;
  if (u === 'ms' || u === 'msec') return 0.001;
  if (u === 'us' || u === 'µs') return 1e-6;
  if (u === 'min') return 60;
  if (u === 'h') return 3600;
  return 1;
}
