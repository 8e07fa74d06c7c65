// FormatImporter 'wide-csv': one row per sample, channels as columns (plain CSV, AiM, MoTeC i2 and
// RaceChrono exports). Blank cells are skipped, so each channel keeps only its own timestamps and rate.

import { canonicalFor } from '../../model/channels.ts';
import type { Session, SessionMeta } from '../../model/session.ts';
import { IngestError } from '../errors.ts';
import type { FormatImporter, ImportOptions } from '../importer.ts';
import type { InputFile } from '../input.ts';
import { emptyMeta, SessionBuilder } from '../session-builder.ts';
import { badNumberKind, parseDecimalBytes, parseNumberCell } from './byte-number.ts';
import { grCupSourceUnit, grCupTrackFrom, looksLikeGrCup } from './grcup-units.ts';
import { LAP_LOST } from './long-accumulator.ts';
import { isLongFormatHead } from './long-format.ts';
import { streamThrough } from './read-loop.ts';
import { TimeSeriesBuffer } from './series-sort.ts';
import { parseClockDurationS, parseIsoBytesLoose, parseIsoBytesMs } from './time-parse.ts';
import { CsvTokenizer } from './tokenizer.ts';
import {
  addPreamblePairs, beaconMarkersS, dialectOf, findTimeColumn, isPreambleRow, metaFromPreamble, splitNameUnit,
  timeUnitScaleS, type WideDialect,
} from './wide-header.ts';

const utf8 = new TextDecoder('utf-8');

/** True for text that looks like a delimited table and is not the GR Cup long layout. */
export function isWideCsvHead(head: Uint8Array, name: string): boolean {
  if (head.length === 0 || isLongFormatHead(head)) return false;
  for (let i = 0; i < Math.min(head.length, 4096); i++) if (head[i] === 0) return false;
  if (/\.(csv|tsv|txt)$/i.test(name)) return true;
  const text = utf8.decode(head.subarray(0, Math.min(head.length, 512)));
  return /^\uFEFF?("?Format"?[,;\t]"?(AiM|MoTeC) CSV File|This file is created using RaceChrono)/i.test(text);
}

export const wideCsvImporter: FormatImporter = {
  id: 'wide-csv',
  sniff: isWideCsvHead,
  read: readWideCsv,
};

type TimeKind = 'iso' | 'number' | 'clock';

/** Column layout decided at the first data row. */
interface Layout {
  ncols: number;
  timeCol: number;
  timeName: string;
  timeKind: TimeKind;
  /** number → seconds. */
  timeScale: number;
  /**
   * Subtracted from every absolute time to keep precision: whole file units for numbers (epoch
   * seconds or ms), whole milliseconds for ISO times; 0 for relative times.
   */
  origin: number;
  absolute: boolean;
  sourceNames: string[];
  sourceUnits: string[];
  isLap: boolean[];
  /** 0 undecided, 1 numeric, 2 text (skipped), 3 the time column. */
  state: Uint8Array;
  series: (TimeSeriesBuffer | null)[];
}

/** Index of the decimal mark in a plain number cell, or -1 (also -1 when it has an exponent). */
function decimalPoint(buf: Uint8Array, s: number, e: number, decimalComma: boolean): number {
  let dot = -1;
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c === 46 || (decimalComma && c === 44)) dot = i;
    else if (c === 101 || c === 69) return -1;
  }
  return dot;
}

const NUMBER_LIKE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function dedupeNames(names: string[], sources: string[]): string[] {
  const seen = new Map<string, number>();
  const used = new Set<string>();
  return names.map((raw, i) => {
    const name = raw === '' ? `column_${i + 1}` : raw;
    const k = name.toLowerCase();
    const count = (seen.get(k) ?? 0) + 1;
    seen.set(k, count);
    let out = name;
    if (count > 1) {
      const label = (sources[i] ?? '').replace(/^\s*\d+\s*:\s*/, '').trim();
      out = label ? `${name} (${label})` : `${name}_${count}`;
      let n = count;
      while (used.has(out.toLowerCase())) out = `${name}_${++n}`;
    }
    used.add(out.toLowerCase());
    return out;
  });
}

/** Reads a wide CSV export into one Session. */
export async function readWideCsv(input: InputFile, options: ImportOptions = {}): Promise<Session[]> {
  const file = input.name;
  let stage = 0; // 0 nothing yet, 1 preamble, 2 after the header, 3 data
  let dialect: WideDialect = 'plain';
  const pairs = new Map<string, string[]>();
  let sawBlank = false;
  let header: string[] = [];
  let headerLine = 0;
  let headerUnits: string[] = [];
  let headerNames: string[] = [];
  let timeCol = -1;
  const extra: string[][] = [];
  let layout: Layout | null = null;
  let decimalComma = false;
  let rows = 0;
  let skippedNoTime = 0;
  let minT = Infinity;
  const warnings: string[] = [];

  const timeError = (tok: CsvTokenizer, col: number, name: string): never => {
    throw new IngestError('not-a-number', `time '${tok.text(col)}' is not a number or a date-time`, { file, line: tok.line, column: col + 1, byteOffset: tok.rowOffset, channel: name });
  };

  /** Seconds of a time cell relative to the layout origin; NaN for a blank cell. */
  const readTime = (tok: CsvTokenizer, L: Layout): number => {
    const buf = tok.buf, s = tok.starts[L.timeCol], e = tok.ends[L.timeCol];
    if (s === e) return NaN;
    if (L.timeKind === 'number') {
      if (L.absolute) {
        // epoch numbers: whole and fractional parts apart, so that 1771754400.2 - origin is 0.2 exactly
        const dot = decimalPoint(buf, s, e, decimalComma);
        if (dot > s) {
          const whole = parseDecimalBytes(buf, s, dot, false);
          const frac = parseDecimalBytes(buf, dot, e, decimalComma);
          if (whole === whole && frac === frac && whole >= 0) return (whole - L.origin + frac) * L.timeScale;
        }
      }
      let v = parseDecimalBytes(buf, s, e, decimalComma);
      if (v !== v) v = parseNumberCell(buf, s, e, decimalComma);
      if (v !== v) { if (tok.text(L.timeCol).trim() === '') return NaN; timeError(tok, L.timeCol, L.timeName); }
      return (v - L.origin) * L.timeScale;
    }
    if (L.timeKind === 'iso') {
      let ms = parseIsoBytesMs(buf, s, e);
      if (ms !== ms) ms = parseIsoBytesLoose(buf, s, e);
      if (ms !== ms) { if (tok.text(L.timeCol).trim() === '') return NaN; timeError(tok, L.timeCol, L.timeName); }
      return (ms - L.origin) / 1000;
    }
    const text = tok.text(L.timeCol);
    const v = parseClockDurationS(text);
    if (v !== v) { if (text.trim() === '') return NaN; timeError(tok, L.timeCol, L.timeName); }
    return v;
  };

  /** How the first data row's time cell reads (value: the number, ISO ms or clock seconds), or null when it is not a time (a units/source row). */
  const timeKindOf = (tok: CsvTokenizer): { kind: TimeKind; value: number } | null => {
    const buf = tok.buf, s = tok.starts[timeCol], e = tok.ends[timeCol];
    if (timeCol >= tok.count || s === e) return null;
    const n = parseNumberCell(buf, s, e, decimalComma);
    if (n === n) return { kind: 'number', value: n };
    const ms = parseIsoBytesLoose(buf, s, e);
    if (ms === ms) return { kind: 'iso', value: ms };
    const c = parseClockDurationS(tok.text(timeCol));
    if (c === c) return { kind: 'clock', value: c };
    return null;
  };

  const makeLayout = (first: { kind: TimeKind; value: number }): Layout => {
    const ncols = header.length;
    const unitRow = extra[0] ?? [];
    const sourceRow = dialect === 'racechrono' ? extra[1] ?? [] : [];
    const grCup = looksLikeGrCup(headerNames);
    const units = headerNames.map((name, i) => {
      if (headerUnits[i]) return headerUnits[i];
      const u = (unitRow[i] ?? '').trim();
      if (u) return u;
      return grCup ? grCupSourceUnit(name) : '';
    });
    const timeName = headerNames[timeCol];
    let scale = first.kind === 'number' ? timeUnitScaleS(units[timeCol], timeName) : 1;
    // plain numbers this large are epoch seconds (≥ 1973) or, larger still, epoch milliseconds
    if (first.kind === 'number' && scale === 1 && first.value >= 1e11 && first.value < 1e14) scale = 0.001;
    const absolute = first.kind === 'iso' || (first.kind === 'number' && first.value * scale >= 1e8);
    const origin = absolute ? Math.floor(first.value) : 0;
    const sourceNames = dedupeNames(headerNames, sourceRow);
    const state = new Uint8Array(ncols);
    state[timeCol] = 3;
    return {
      ncols, timeCol, timeName, timeKind: first.kind, timeScale: scale, origin, absolute,
      sourceNames, sourceUnits: units,
      isLap: sourceNames.map((n) => canonicalFor(n)?.name === 'lap'),
      state,
      series: sourceNames.map((_, i) => (i === timeCol ? null : new TimeSeriesBuffer())),
    };
  };

  const dataRow = (tok: CsvTokenizer, L: Layout): void => {
    const n = tok.count;
    const ncols = L.ncols;
    if (n !== ncols) {
      if (tok.isBlankRow()) return;
      let extraBlank = n > ncols;
      for (let c = ncols; c < n && extraBlank; c++) if (tok.ends[c] > tok.starts[c]) extraBlank = false;
      if (!extraBlank) {
        throw new IngestError('ragged-row', `the row has ${n} cells; the header has ${ncols}`, { file, line: tok.line, column: Math.min(n, ncols) + 1, byteOffset: tok.rowOffset });
      }
    }
    const t = readTime(tok, L);
    if (t !== t) { skippedNoTime++; return; }
    if (t < minT) minT = t;
    rows++;
    const buf = tok.buf, starts = tok.starts, ends = tok.ends, state = L.state, series = L.series;
    for (let c = 0; c < ncols; c++) {
      const s = starts[c], e = ends[c];
      if (s === e) continue;
      const st = state[c];
      if (st >= 2) continue;
      let v = parseDecimalBytes(buf, s, e, decimalComma);
      if (v !== v) {
        v = parseNumberCell(buf, s, e, decimalComma);
        if (v !== v) {
          const text = tok.text(c);
          if (text.trim() === '') continue;
          const kind = badNumberKind(text);
          if (kind === 'not-a-number' && st === 0 && !NUMBER_LIKE.test(text)) {
            state[c] = 2;
            warnings.push(`column '${L.sourceNames[c]}' holds text ('${text.slice(0, 40)}' on line ${tok.line}); it was skipped`);
            continue;
          }
          throw new IngestError(kind, `'${text}' is not a finite number`, { file, line: tok.line, column: c + 1, byteOffset: tok.rowOffset, channel: L.sourceNames[c] });
        }
      }
      state[c] = 1;
      if (L.isLap[c] && v === LAP_LOST) continue;
      series[c]!.push(t, v);
    }
  };

  const onRow = (tok: CsvTokenizer): void => {
    if (stage === 3) { dataRow(tok, layout!); return; }
    if (tok.isBlankRow()) { if (stage === 1) sawBlank = true; return; }
    const row = tok.texts();
    if (stage === 0) {
      decimalComma = tok.delimiter !== 44;
      dialect = dialectOf(row);
      if (dialect !== 'plain') {
        if (dialect !== 'racechrono') addPreamblePairs(row, pairs);
        stage = 1;
        return;
      }
    } else if (stage === 1) {
      if (isPreambleRow(row, sawBlank)) { addPreamblePairs(row, pairs); return; }
    }
    if (stage <= 1) {
      header = row;
      headerLine = tok.line;
      const split = row.map(splitNameUnit);
      headerNames = split.map((x) => x.name);
      headerUnits = split.map((x) => x.unit);
      timeCol = findTimeColumn(headerNames);
      if (timeCol < 0) {
        throw new IngestError('bad-header', `no time column (time, timestamp, elapsed…) among: ${headerNames.slice(0, 12).join(', ')}`, { file, line: tok.line });
      }
      stage = 2;
      return;
    }
    // stage 2: units/source rows until the first row whose time cell reads as a time
    const first = timeKindOf(tok);
    if (first === null) {
      if (extra.length >= 3) timeError(tok, timeCol, headerNames[timeCol]);
      extra.push(row);
      return;
    }
    layout = makeLayout(first);
    stage = 3;
    dataRow(tok, layout);
  };

  const tok = new CsvTokenizer(onRow, { file });
  await streamThrough(input, tok, options);
  if (stage === 0) throw new IngestError('empty-file', 'the file holds no rows', { file });
  if (stage === 1) throw new IngestError('no-data', 'the file holds a preamble but no header and no data', { file });
  if (stage === 2 || layout === null || rows === 0) throw new IngestError('no-data', 'the file has a header but no data rows', { file, line: headerLine });
  return [finishSession(file, dialect, pairs, layout, minT, skippedNoTime, warnings)];
}

function finishSession(
  file: string, dialect: WideDialect, pairs: Map<string, string[]>, L: Layout, minT: number, skippedNoTime: number, warnings: string[],
): Session {
  const meta: SessionMeta = { ...emptyMeta(file, 'wide-csv'), ...metaFromPreamble(dialect, pairs) };
  if (L.absolute) {
    const originMs = L.timeKind === 'iso' ? L.origin : Math.round(L.origin * L.timeScale * 1000);
    meta.startTimeMs = Math.round(originMs + minT * 1000);
  }
  else if (meta.startTimeMs != null) meta.startTimeMs = Math.round(meta.startTimeMs + minT * 1000);
  if (!meta.track && looksLikeGrCup(L.sourceNames)) meta.track = grCupTrackFrom(file);
  const builder = new SessionBuilder(meta, file);
  let hasLap = false;
  for (let c = 0; c < L.ncols; c++) {
    const s = L.series[c];
    if (!s || s.n === 0) continue;
    if (L.isLap[c]) hasLap = true;
    const key = `c${c}`;
    builder.declareChannel(key, { sourceName: L.sourceNames[c], sourceUnit: L.sourceUnits[c] });
    s.sortByTime();
    for (let k = 0; k < s.n; k++) builder.add(key, s.t[k], s.v[k]);
  }
  const beacons = beaconMarkersS(pairs);
  if (!hasLap && beacons.length > 0 && !L.absolute) {
    builder.declareChannel('beacon-lap', { sourceName: 'lap', sourceUnit: '' });
    builder.add('beacon-lap', minT, 1);
    beacons.forEach((b, k) => { if (b > minT) builder.add('beacon-lap', b, k + 2); });
  }
  const session = builder.finish({ t0: minT });
  if (skippedNoTime > 0) warnings.push(`${skippedNoTime} rows without a time were skipped`);
  if (warnings.length) session.warnings = [...(session.warnings ?? []), ...warnings];
  return session;
}
