// Wide Parquet: one time column and one column per channel, nulls where a channel has no sample.
// This is also the layout of our own export ('time_s' plus channels named 'name [unit]').
// An optional 'vehicle_id' string column splits the rows into one session per vehicle.

import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import type { Session } from '../../model/session.ts';
import { foldName } from '../../model/channels.ts';
import { IngestError } from '../errors.ts';
import type { ImportOptions } from '../importer.ts';
import type { InputFile } from '../input.ts';
import type { ProgressTicker } from '../progress-ticker.ts';
import { SessionBuilder, emptyMeta } from '../session-builder.ts';
import { cellNumber, columnChunkBytes, openScan, readColumn, type ParquetColumn } from './columns.ts';
import { PARQUET_SESSION_KEY, type ExportedSessionInfo } from '../../storage/export.ts';

const TIME_NAMES = ['time', 'timestamp', 't', 'elapsed', 'elapsed_time', 'elapsed_s', 'seconds', 'session_time', 'time_sec', 'time_secs'];
const GROUP_NAMES = ['vehicle_id'];

/** 'speed [m/s]' → name 'speed', unit 'm/s'; a name without brackets has no unit. */
export function splitNameUnit(column: string): { name: string; unit: string } {
  const m = /^(.*?)\s*\[([^\]]*)\]\s*$/.exec(column);
  return m && m[1] ? { name: m[1], unit: m[2].trim() } : { name: column, unit: '' };
}

/** The time column: 'time_s', else the first timestamp-typed column, else a numeric column with a time-like name. */
export function pickTimeColumn(columns: ParquetColumn[]): ParquetColumn | undefined {
  return (
    columns.find((c) => c.name === 'time_s' && c.kind === 'number') ??
    columns.find((c) => c.kind === 'timestamp') ??
    columns.find((c) => c.kind === 'number' && TIME_NAMES.includes(foldName(splitNameUnit(c.name).name)))
  );
}

type TimeScale = { toS: number; epoch: boolean };

/**
 * How time values become seconds. Timestamp columns arrive as epoch ms. A numeric column named
 * with '[ms]' is milliseconds. Otherwise seconds, except that magnitudes only an epoch clock
 * reaches are read as one: ≥ 1e11 → epoch milliseconds, ≥ 1e8 (over 3 years) → epoch seconds.
 */
function timeScale(col: ParquetColumn, first: number): TimeScale {
  if (col.kind === 'timestamp') return { toS: 1e-3, epoch: true };
  if (splitNameUnit(col.name).unit.toLowerCase() === 'ms') return { toS: 1e-3, epoch: Math.abs(first) >= 1e11 };
  if (Math.abs(first) >= 1e11) return { toS: 1e-3, epoch: true };
  return { toS: 1, epoch: Math.abs(first) >= 1e8 };
}

export async function readWideParquet(
  input: InputFile,
  file: AsyncBuffer,
  metadata: FileMetaData,
  columns: ParquetColumn[],
  options: ImportOptions,
  ticker: ProgressTicker,
  formatId: string,
): Promise<Session[]> {
  const name = input.name;
  const timeCol = pickTimeColumn(columns);
  if (!timeCol) {
    throw new IngestError('bad-header', `no time column (looked for 'time_s', a timestamp column or one named time/timestamp/elapsed); columns: ${columns.map((c) => c.name).join(', ')}`, { file: name });
  }
  const groupCol = columns.find((c) => c.kind === 'string' && GROUP_NAMES.includes(foldName(c.name)));
  // pandas writes its row index as '__index_level_0__': bookkeeping, not a channel.
  const channelCols = columns.filter((c) => c !== timeCol && c.kind === 'number' && !/^__index_level_\d+__$/.test(c.name));
  if (channelCols.length === 0) throw new IngestError('no-data', `no numeric channel columns besides '${timeCol.name}'`, { file: name });
  const ignored = columns.filter((c) => c !== timeCol && c !== groupCol && !channelCols.includes(c) && !/^__index_level_\d+__$/.test(c.name)).map((c) => c.name);

  const scan = await openScan(file, metadata, [timeCol.name, ...(groupCol ? [groupCol.name] : []), ...channelCols.map((c) => c.name)]);
  const builders = new Map<string, SessionBuilder>();
  const builderFor = (group: string): SessionBuilder => {
    let b = builders.get(group);
    if (!b) {
      b = new SessionBuilder({ ...emptyMeta(name, formatId), vehicleId: group }, name);
      for (const c of channelCols) {
        const { name: sourceName, unit } = splitNameUnit(c.name);
        b.declareChannel(c.name, { sourceName, sourceUnit: unit });
      }
      builders.set(group, b);
    }
    return b;
  };
  let scale: TimeScale | null = null;
  let rowsWithoutTime = 0;

  for (const [g, range] of scan.ranges.entries()) {
    options.signal?.throwIfAborted();
    const { rowStart, rowEnd } = range;
    const n = rowEnd - rowStart;
    const rawTimes = await readColumn(scan, name, timeCol.name, rowStart, rowEnd);
    ticker.add(columnChunkBytes(metadata, g, timeCol.name));
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = cellNumber(rawTimes[i]);
      if (t === null) { times[i] = NaN; rowsWithoutTime++; continue; }
      if (!Number.isFinite(t)) throw new IngestError('non-finite', `row ${rowStart + i}: time is ${t}`, { file: name, channel: timeCol.name });
      scale ??= timeScale(timeCol, t);
      times[i] = t * scale.toS;
    }
    const groups: string[] = new Array(n).fill('');
    if (groupCol) {
      const raw = await readColumn(scan, name, groupCol.name, rowStart, rowEnd);
      for (let i = 0; i < n; i++) groups[i] = raw[i] == null ? '' : String(raw[i]);
      ticker.add(columnChunkBytes(metadata, g, groupCol.name));
    }
    for (const col of channelCols) {
      options.signal?.throwIfAborted();
      const values = await readColumn(scan, name, col.name, rowStart, rowEnd);
      let current = '\u0000';
      let builder: SessionBuilder | null = null;
      for (let i = 0; i < n; i++) {
        const t = times[i];
        if (Number.isNaN(t)) continue;
        const v = cellNumber(values[i]);
        if (v === null) continue;
        if (!Number.isFinite(v)) throw new IngestError('non-finite', `row ${rowStart + i}: value is ${v}`, { file: name, channel: col.name });
        if (groups[i] !== current) { current = groups[i]; builder = builderFor(current); }
        builder!.add(col.name, t, v);
      }
      ticker.add(columnChunkBytes(metadata, g, col.name));
    }
  }
  if (builders.size === 0) throw new IngestError('no-data', 'no row has both a time and a channel value', { file: name });
  const sessions: Session[] = [];
  for (const b of builders.values()) {
    if (b.readingCount === 0) continue;
    const s = b.finish({ epochSeconds: scale?.epoch ?? false });
    const warnings: string[] = [];
    if (rowsWithoutTime) warnings.push(`${rowsWithoutTime} rows without a time were skipped`);
    if (ignored.length) warnings.push(`non-numeric columns not imported: ${ignored.join(', ')}`);
    if (warnings.length) s.warnings = [...(s.warnings ?? []), ...warnings];
    sessions.push(s);
  }
  const info = exportedInfo(metadata);
  if (info && sessions.length === 1) restoreExportedSession(sessions[0], info);
  return sessions;
}

/** The session description our own Parquet export writes into the file's key/value metadata, if any. */
function exportedInfo(metadata: FileMetaData): ExportedSessionInfo | undefined {
  const kv = metadata.key_value_metadata?.find((e) => e.key === PARQUET_SESSION_KEY);
  if (!kv?.value) return undefined;
  try {
    const info = JSON.parse(kv.value) as ExportedSessionInfo;
    return info.format === 'engitorquemap-wide' && info.version === 1 ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A file exported by EngiTorqueMap gets its session back as it was: event, session, track, car and
 * driver, the start time, and each channel's name, source name and kind (the file's own name and
 * format stay those of this import).
 */
function restoreExportedSession(s: Session, info: ExportedSessionInfo): void {
  const { sourceFile, sourceFormat } = s.meta;
  s.meta = { ...info.meta, startTimeMs: info.meta.startTimeMs ?? s.meta.startTimeMs, sourceFile, sourceFormat };
  const byColumn = new Map(info.channels.map((c) => [c.column, c]));
  for (const c of s.channels) {
    const original = byColumn.get(c.sourceName) ?? [...byColumn.values()].find((o) => o.name === c.name);
    if (!original) continue;
    c.name = original.name;
    c.sourceName = original.sourceName;
    c.unit = original.unit;
    c.kind = original.kind;
  }
  if (info.warnings.length) s.warnings = [...info.warnings, ...(s.warnings ?? [])];
}
