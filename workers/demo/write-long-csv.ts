// Writes sessions in the GR Cup long-format CSV layout (one reading per row), as a stream of string
// chunks for the CLI to write to a file and the edge server to serve. Channels keep their canonical
// names (canonical names are aliases of themselves) and SI units, except where a name is also a GR
// Cup logger name whose unit the long-format importer assumes (speed: km/h). The lap counter goes in
// the `lap` column of every row, as GR Cup files carry it. Timestamps are ISO 8601 UTC with ms.
// Two columns beyond the GR Cup layout, `driver` and `track`, carry what the GR Cup export lacks.

import { CANONICAL, unitConversion } from '../model/channels.ts';
import type { Channel, Session } from '../model/session.ts';
import { grCupSourceUnit } from '../ingest/csv/grcup-units.ts';
import type { DemoTruth } from './generate.ts';

export const LONG_CSV_HEADER =
  'expire_at,lap,meta_event,meta_session,meta_source,meta_time,original_vehicle_id,outing,telemetry_name,telemetry_value,timestamp,vehicle_id,vehicle_number,driver,track';

export interface LongCsvOptions {
  /** meta_source column (GR Cup: 'kafka:gr-raw'). */
  source?: string;
  /** Approximate characters per yielded chunk. */
  chunkChars?: number;
}

/** Decimals written per channel (enough for each sensor's resolution); others are written in full. */
const DECIMALS: Record<string, number> = {
  throttle: 2,
  brake_front: 2,
  brake_rear: 2,
  steering: 1,
  acc_long: 3,
  acc_lat: 3,
  yaw_rate: 4,
  gear: 0,
  speed: 3, // km/h in the file
  rpm: 0,
  lap_distance: 2,
  lat: 8,
  lon: 8,
};

/** Factor from a channel's SI values to the unit the long-format importer reads that name in. */
export function longCsvFactor(channel: Pick<Channel, 'name' | 'unit'>): number {
  const fileUnit = grCupSourceUnit(channel.name);
  const canonical = CANONICAL[channel.name];
  if (!fileUnit || !canonical || canonical.unit !== channel.unit) return 1;
  const conv = unitConversion(canonical, fileUnit);
  if (!conv || conv.offset !== 0) return 1;
  return 1 / conv.factor;
}

function formatValue(name: string, v: number): string {
  const d = DECIMALS[name];
  if (d === undefined) return String(v);
  const s = v.toFixed(d);
  if (d === 0) return s === '-0' ? '0' : s;
  // trim trailing zeros (and the point), keep "-0" out
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  const out = s.slice(0, end);
  return out === '-0' ? '0' : out;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** ISO timestamps for increasing epoch milliseconds, re-formatting the date part only when the second changes. */
class IsoClock {
  private second = NaN;
  private prefix = '';
  format(ms: number): string {
    const sec = Math.floor(ms / 1000);
    if (sec !== this.second) {
      this.second = sec;
      this.prefix = new Date(sec * 1000).toISOString().slice(0, 19);
    }
    const frac = ms - sec * 1000;
    return `${this.prefix}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
  }
}

/** The CSV as string chunks: the header, then each session's readings in time order. */
export function* longCsvChunks(sessions: Session[], options: LongCsvOptions = {}): Generator<string> {
  const chunkChars = options.chunkChars ?? 256 * 1024;
  const source = csvField(options.source ?? 'engitorquemap:demo');
  let buf: string[] = [LONG_CSV_HEADER + '\n'];
  let size = buf[0].length;
  for (const session of sessions) {
    const m = session.meta;
    if (m.startTimeMs === null) throw new Error(`session ${m.vehicleId} has no start time: the long format needs wall-clock timestamps`);
    const start = m.startTimeMs;
    const vehicle = csvField(m.vehicleId);
    const before = `,${csvField(m.event)},${csvField(m.sessionName)},${source},`;
    const tail = `,${vehicle},${csvField(m.vehicleNumber)},${csvField(m.driver)},${csvField(m.track)}\n`;
    const lapCh = session.channels.find((c) => c.name === 'lap');
    const chans = session.channels.filter((c) => c.name !== 'lap' && c.values.length > 0);
    const names = chans.map((c) => csvField(c.name));
    const factors = chans.map((c) => longCsvFactor(c));
    const next = chans.map(() => 0);
    let lapIdx = 0;
    const clock = new IsoClock();
    for (;;) {
      // the channel with the earliest pending reading (ties: channel order)
      let c = -1;
      let best = Infinity;
      for (let j = 0; j < chans.length; j++) {
        if (next[j] < chans[j].timeS.length && chans[j].timeS[next[j]] < best) { best = chans[j].timeS[next[j]]; c = j; }
      }
      if (c < 0) break;
      const ch = chans[c];
      const i = next[c]++;
      const t = ch.timeS[i];
      let lap = '';
      if (lapCh && lapCh.timeS.length > 0) {
        while (lapIdx + 1 < lapCh.timeS.length && lapCh.timeS[lapIdx + 1] <= t) lapIdx++;
        lap = t >= lapCh.timeS[0] || lapIdx > 0 ? String(lapCh.values[lapIdx]) : String(lapCh.values[0]);
      }
      const ts = clock.format(Math.round(start + t * 1000));
      const row = `,${lap}${before}${ts},${vehicle},0,${names[c]},${formatValue(ch.name, ch.values[i] * factors[c])},${ts}${tail}`;
      buf.push(row);
      size += row.length;
      if (size >= chunkChars) {
        yield buf.join('');
        buf = [];
        size = 0;
      }
    }
  }
  if (buf.length) yield buf.join('');
}

/** The ground truth as indented JSON (plain numbers and strings only). */
export function truthToJson(truth: DemoTruth): string {
  return JSON.stringify(truth, null, 2);
}
