// The reusable core of long-format ("one reading per row") importers: collects readings per vehicle
// and channel in any row order, tracks laps and the wall-clock start, and builds one Session per vehicle.

import type { Session, SessionMeta } from '../../model/session.ts';
import { SessionBuilder } from '../session-builder.ts';
import { ByteInterner } from './byte-interner.ts';
import { grCupSourceUnit, grCupTrackFrom } from './grcup-units.ts';
import { TimeSeriesBuffer } from './series-sort.ts';

/** The GR Cup lap counter's "lap count lost" marker. */
export const LAP_LOST = 32768;
const SMALL_LAPS = 4096;

/** One vehicle's readings. Fill `event`, `sessionName`, `vehicleNumber` once when it is created. */
export class LongVehicle {
  event = '';
  sessionName = '';
  vehicleNumber = '';
  /** From the optional `driver` / `track` columns (not in the GR Cup export; written by our demo). */
  driver = '';
  track = '';
  /** Earliest reading time (ms, the readings' own clock, e.g. the GR Cup ECU clock). */
  minTimeMs = Infinity;
  /** Wall-clock time (epoch ms) of the row that holds the earliest reading; NaN when unknown. */
  wallStartMs = NaN;
  /** Series by channel id (see LongFormatAccumulator.channelId). */
  readonly series: (TimeSeriesBuffer | undefined)[] = [];
  /** First time each lap number was seen (laps below 4096 in an array, others in a map). */
  readonly lapFirstMs = new Float64Array(SMALL_LAPS).fill(Infinity);
  readonly bigLapFirstMs = new Map<number, number>();
  lapsSeen = false;
  /** Rows of this vehicle whose value cell was blank (skipped; reported as a warning). */
  blankValues = 0;

  constructor(readonly id: string) {}

  /**
   * Notes a row's time; returns true when it is the earliest so far, and the caller should then
   * record that row's wall clock with `wallStartMs = …` (parse it only then: it is rarely needed).
   */
  seeTime(timeMs: number): boolean {
    if (timeMs < this.minTimeMs) { this.minTimeMs = timeMs; return true; }
    return false;
  }

  /** Notes the lap counter of a row (NaN, negatives and the 'lost' marker 32768 are ignored). */
  seeLap(timeMs: number, lap: number): void {
    if (!(lap >= 0) || lap === LAP_LOST || lap !== Math.floor(lap)) return;
    this.lapsSeen = true;
    if (lap < SMALL_LAPS) {
      if (timeMs < this.lapFirstMs[lap]) this.lapFirstMs[lap] = timeMs;
      return;
    }
    const prev = this.bigLapFirstMs.get(lap);
    if (prev === undefined || timeMs < prev) this.bigLapFirstMs.set(lap, timeMs);
  }
}

export interface LongFormatOptions {
  /** File name (meta.sourceFile, errors). */
  file: string;
  /** Importer id for meta.sourceFormat, e.g. 'long-csv' or 'parquet'. */
  sourceFormat: string;
  /** Unit a channel's values are in (default: the GR Cup logger's conventions). */
  sourceUnitOf?: (channelName: string) => string;
  /** Track when known; otherwise derived from each vehicle's event name, then the file name. */
  track?: string;
}

/**
 * Long-format core. Fast path (what the CSV importer does per row):
 *   const v = acc.vehicleAt(acc.vehicleIds.intern(bytes, s, e));   // or acc.vehicle('GR86-002-000')
 *   if (v.seeTime(timeMs)) v.wallStartMs = wallClockOfThisRow;
 *   v.seeLap(timeMs, lap);
 *   acc.push(v, acc.channels.intern(bytes, s, e) /* or acc.channelId(name) *\/, timeMs, value);
 * Convenience: `acc.add(vehicleId, channelName, value, timeMs, lap, wallTimeMs)` does all of that.
 * Times are epoch milliseconds on the readings' clock; rows may come in any order. `finish()` returns
 * one Session per vehicle (sorted by vehicle id): time axis from the readings' clock rebased to the
 * vehicle's earliest reading, meta.startTimeMs from the wall clock of that earliest row, channels
 * converted to SI by the SessionBuilder using `sourceUnitOf`, plus a discrete 'lap' channel sampled at
 * the first time each lap number appears. Values are stored as given: reject non-finite ones before.
 */
export class LongFormatAccumulator {
  readonly channels = new ByteInterner();
  readonly vehicleIds = new ByteInterner();
  private readonly vehicles: LongVehicle[] = [];
  private readonly unitOf: (name: string) => string;

  constructor(private readonly options: LongFormatOptions) {
    this.unitOf = options.sourceUnitOf ?? grCupSourceUnit;
  }

  /** The vehicle with interned id `id` (from `vehicleIds`), created on first use. */
  vehicleAt(id: number): LongVehicle {
    let v = this.vehicles[id];
    if (v === undefined) {
      v = new LongVehicle(this.vehicleIds.text(id));
      this.vehicles[id] = v;
    }
    return v;
  }

  vehicle(vehicleId: string): LongVehicle {
    return this.vehicleAt(this.vehicleIds.internString(vehicleId));
  }

  channelId(name: string): number {
    return this.channels.internString(name);
  }

  push(v: LongVehicle, channelId: number, timeMs: number, value: number): void {
    let s = v.series[channelId];
    if (s === undefined) {
      s = new TimeSeriesBuffer();
      v.series[channelId] = s;
    }
    s.push(timeMs, value);
  }

  /** One reading, by strings (slower than the fast path; fine for columnar sources in batches). */
  add(vehicleId: string, channelName: string, value: number, timeMs: number, lap = NaN, wallTimeMs = NaN): void {
    const v = this.vehicle(vehicleId);
    if (v.seeTime(timeMs)) v.wallStartMs = wallTimeMs;
    v.seeLap(timeMs, lap);
    this.push(v, this.channelId(channelName), timeMs, value);
  }

  get vehicleCount(): number {
    return this.vehicles.filter((v) => v !== undefined).length;
  }

  finish(): Session[] {
    const list = this.vehicles.filter((v): v is LongVehicle => v !== undefined && Number.isFinite(v.minTimeMs));
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return list.map((v) => this.finishVehicle(v));
  }

  private finishVehicle(v: LongVehicle): Session {
    const { file, sourceFormat } = this.options;
    const t0 = v.minTimeMs;
    const warnings: string[] = [];
    let startTimeMs: number | null = Number.isFinite(v.wallStartMs) ? Math.round(v.wallStartMs) : null;
    if (startTimeMs === null) {
      startTimeMs = Math.round(t0);
      warnings.push('no wall-clock time (meta_time) for the first reading: the start time is the logger clock, which may be offset');
    }
    if (v.blankValues > 0) warnings.push(`${v.blankValues} rows with a blank value were skipped`);
    const meta: SessionMeta = {
      event: v.event,
      sessionName: v.sessionName,
      track: v.track || (this.options.track ?? grCupTrackFrom(v.event, file)),
      vehicleId: v.id,
      vehicleNumber: v.vehicleNumber,
      driver: v.driver,
      startTimeMs,
      sourceFile: file,
      sourceFormat,
    };
    const builder = new SessionBuilder(meta, file);
    for (let id = 0; id < v.series.length; id++) {
      const s = v.series[id];
      if (s === undefined || s.n === 0) continue;
      const name = this.channels.text(id);
      const key = `c:${name}`;
      builder.declareChannel(key, { sourceName: name, sourceUnit: this.unitOf(name) });
      s.sortByTime();
      const t = s.t, val = s.v;
      for (let k = 0; k < s.n; k++) builder.add(key, (t[k] - t0) / 1000, val[k]);
    }
    if (v.lapsSeen) {
      const laps: [number, number][] = [];
      for (let lap = 0; lap < SMALL_LAPS; lap++) if (v.lapFirstMs[lap] !== Infinity) laps.push([v.lapFirstMs[lap], lap]);
      for (const [lap, t] of v.bigLapFirstMs) laps.push([t, lap]);
      laps.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      builder.declareChannel('lap', { sourceName: 'lap', sourceUnit: '' });
      for (const [t, lap] of laps) builder.add('lap', (t - t0) / 1000, lap);
    }
    const session = builder.finish({ t0: 0 });
    if (warnings.length) session.warnings = [...(session.warnings ?? []), ...warnings];
    return session;
  }
}
