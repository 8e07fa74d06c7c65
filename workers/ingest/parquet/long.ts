// Long Parquet (GR Cup layout: telemetry_name, telemetry_value, timestamp, vehicle_id, lap,
// meta_time…), read one row group at a time into the CSV importer's LongFormatAccumulator so that
// vehicles, laps, start times and units follow exactly the long-CSV rules.

import type { AsyncBuffer, DecodedArray, FileMetaData } from 'hyparquet';
import type { Session } from '../../model/session.ts';
import { LongFormatAccumulator, type LongVehicle } from '../csv/long-accumulator.ts';
import { parseIsoMs } from '../csv/time-parse.ts';
import { IngestError } from '../errors.ts';
import type { ImportOptions } from '../importer.ts';
import type { InputFile } from '../input.ts';
import type { ProgressTicker } from '../progress-ticker.ts';
import { cellNumber, columnChunkBytes, openScan, readColumn, type ParquetColumn } from './columns.ts';

/** A time cell as epoch ms: timestamp columns already are; strings are ISO-8601; numbers are ms. */
function timeMsOf(v: unknown): number {
  if (typeof v === 'string') return parseIsoMs(v);
  const n = cellNumber(v);
  return n === null ? NaN : n;
}

export async function readLongParquet(
  input: InputFile,
  file: AsyncBuffer,
  metadata: FileMetaData,
  columns: ParquetColumn[],
  options: ImportOptions,
  ticker: ProgressTicker,
  formatId: string,
): Promise<Session[]> {
  const name = input.name;
  const has = (n: string) => columns.some((c) => c.name === n);
  if (!has('timestamp')) throw new IngestError('bad-header', "the long layout needs a 'timestamp' column", { file: name });
  const vehicleCol = ['vehicle_id', 'original_vehicle_id'].find(has);
  const optional = ['meta_time', 'lap', 'meta_event', 'meta_session', 'vehicle_number'].filter(has);
  const wanted = ['telemetry_name', 'telemetry_value', 'timestamp', ...(vehicleCol ? [vehicleCol] : []), ...optional];
  const scan = await openScan(file, metadata, wanted);
  const acc = new LongFormatAccumulator({ file: name, sourceFormat: formatId });
  const vehicles = new Map<string, LongVehicle>();
  const channelIds = new Map<string, number>();
  let skipped = 0;
  let rows = 0;

  for (const [g, { rowStart, rowEnd }] of scan.ranges.entries()) {
    options.signal?.throwIfAborted();
    const col: Record<string, DecodedArray | undefined> = {};
    for (const c of wanted) {
      col[c] = await readColumn(scan, name, c, rowStart, rowEnd);
      ticker.add(columnChunkBytes(metadata, g, c));
      options.signal?.throwIfAborted();
    }
    const names = col.telemetry_name!, values = col.telemetry_value!, times = col.timestamp!;
    const ids = vehicleCol ? col[vehicleCol] : undefined;
    const n = rowEnd - rowStart;
    for (let i = 0; i < n; i++) {
      const channel = names[i];
      const value = cellNumber(values[i]);
      const timeMs = timeMsOf(times[i]);
      if (channel == null || value === null || Number.isNaN(timeMs)) {
        skipped++;
        continue;
      }
      if (!Number.isFinite(value)) {
        throw new IngestError('non-finite', `row ${rowStart + i}: telemetry_value is ${value}`, { file: name, channel: String(channel) });
      }
      const vid = ids?.[i] == null ? '' : String(ids[i]);
      let v = vehicles.get(vid);
      if (!v) {
        v = acc.vehicle(vid);
        v.event = col.meta_event?.[i] == null ? '' : String(col.meta_event[i]);
        v.sessionName = col.meta_session?.[i] == null ? '' : String(col.meta_session[i]);
        v.vehicleNumber = col.vehicle_number?.[i] == null ? '' : String(col.vehicle_number[i]);
        vehicles.set(vid, v);
      }
      if (v.seeTime(timeMs) && col.meta_time) v.wallStartMs = timeMsOf(col.meta_time[i]);
      if (col.lap) {
        const lap = cellNumber(col.lap[i]);
        if (lap !== null) v.seeLap(timeMs, lap);
      }
      const key = String(channel);
      let id = channelIds.get(key);
      if (id === undefined) {
        id = acc.channelId(key);
        channelIds.set(key, id);
      }
      acc.push(v, id, timeMs, value);
      rows++;
    }
  }
  if (rows === 0) throw new IngestError('no-data', 'no row has a channel name, a value and a time', { file: name });
  const sessions = acc.finish();
  if (skipped) for (const s of sessions) (s.warnings ??= []).push(`${skipped} rows with a null name, value or time were skipped`);
  return sessions;
}
