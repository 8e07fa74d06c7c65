// Forensic replay of stored sessions: each car's channels from the on-device store (loaded through the
// storage worker), placed on one clock by their recording start times (the demo's cars start 40 s apart),
// read at any instant — values interpolated like the live traces, positions between GPS fixes, and the
// laps and sector times of the analysis worker (LapRecord) that are complete by then.

import type { LapRecord } from '../../../workers/laps/types.ts';
import type { Session } from '../../../workers/model/session.ts';
import { carColour, carLabel, compareCars, markBest, type CarSnapshot, type LapRow } from './car-snapshot.ts';
import type { TraceChannel, TraceReader } from './trace-buffer.ts';

/** What the replay loads of a session (those it has). */
export const REPLAY_CHANNELS = ['speed', 'gps_speed', 'throttle', 'brake_front', 'brake', 'gear', 'lat', 'lon', 'lap'] as const;

/** Sessions without a start time are put on this clock (so that they still play together). */
const NO_DATE_EPOCH_MS = Date.UTC(2000, 0, 1);
const MS_TO_KMH = 3.6;
/** GPS or channel gaps longer than this are not bridged, s. */
const MAX_GAP_S = 2;

interface Series {
  timeS: Float64Array;
  values: Float64Array;
}

export interface ReplayCar {
  car: string;
  sessionId: string;
  label: string;
  colour: string;
  /** Epoch ms of session time 0. */
  startMs: number;
  durationS: number;
  channels: Map<string, Series>;
  laps: LapRecord[];
}

function lastAtOrBefore(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length - 1;
  if (hi < 0 || x < t[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The series at session time s: linear between samples, NaN before, after and across a gap; `step`: the previous value. */
export function seriesAt(series: Series | undefined, s: number, step = false): number {
  if (!series) return NaN;
  const i = lastAtOrBefore(series.timeS, s);
  if (i < 0) return NaN;
  const t0 = series.timeS[i];
  // a discrete channel (gear, lap) is logged when it changes: it holds until the next sample
  if (t0 === s || step) return series.values[i];
  if (i === series.timeS.length - 1) return NaN;
  const t1 = series.timeS[i + 1];
  if (t1 - t0 > MAX_GAP_S) return NaN;
  return series.values[i] + ((series.values[i + 1] - series.values[i]) * (s - t0)) / (t1 - t0);
}

/** Builds the replay's cars from loaded sessions (and their lap records when analysed). */
export function replayCars(inputs: Array<{ sessionId: string; session: Session; laps: LapRecord[] }>): ReplayCar[] {
  const taken = new Set<string>();
  const cars = inputs.map((input) => {
    const m = input.session.meta;
    let car = (m.vehicleNumber || m.vehicleId || input.sessionId).replace(/[^A-Za-z0-9_.-]+/g, '-') || input.sessionId;
    for (let k = 2; taken.has(car); k++) car = `${m.vehicleNumber || m.vehicleId || input.sessionId}-${k}`;
    taken.add(car);
    let durationS = 0;
    const channels = new Map<string, Series>();
    for (const c of input.session.channels) {
      channels.set(c.name, { timeS: c.timeS, values: c.values });
      if (c.timeS.length) durationS = Math.max(durationS, c.timeS[c.timeS.length - 1]);
    }
    return {
      car,
      sessionId: input.sessionId,
      label: carLabel(car),
      colour: '',
      startMs: m.startTimeMs ?? NO_DATE_EPOCH_MS,
      durationS,
      channels,
      laps: input.laps,
    };
  });
  // colours in car order, as the live view gives them to cars in the order they appear (#11 first)
  cars.sort((a, b) => compareCars(a.car, b.car)).forEach((c, i) => (c.colour = carColour(i)));
  return cars;
}

export class ReplaySource implements TraceReader {
  private readonly byCar: Map<string, ReplayCar>;
  readonly startMs: number;
  readonly endMs: number;

  constructor(readonly cars: ReplayCar[]) {
    this.byCar = new Map(cars.map((c) => [c.car, c]));
    this.startMs = Math.min(...cars.map((c) => c.startMs));
    this.endMs = Math.max(...cars.map((c) => c.startMs + c.durationS * 1000));
  }

  carIds(): string[] {
    return this.cars.map((c) => c.car).sort(compareCars);
  }

  colourOf(car: string): string {
    return this.byCar.get(car)?.colour ?? '#e6edf3';
  }

  valueAt(car: string, channel: TraceChannel, tMs: number): number {
    const c = this.byCar.get(car);
    if (!c) return NaN;
    const s = (tMs - c.startMs) / 1000;
    const ch = c.channels;
    switch (channel) {
      case 'speedKmh':
        return seriesAt(ch.get('speed') ?? ch.get('gps_speed'), s) * MS_TO_KMH;
      case 'throttlePct':
        return seriesAt(ch.get('throttle'), s);
      case 'brakeBar':
        return seriesAt(ch.get('brake_front') ?? ch.get('brake'), s);
      case 'gear':
        return seriesAt(ch.get('gear'), s, true);
    }
  }

  /** Every car at replay time tMs. */
  snapshot(tMs: number): CarSnapshot[] {
    return this.carIds().map((car) => {
      const c = this.byCar.get(car)!;
      const s = (tMs - c.startMs) / 1000;
      const done: LapRow[] = [];
      let running: LapRecord | undefined;
      for (const l of c.laps) {
        if (l.complete && l.endTimeS <= s) done.push({ lap: l.lap, lapTimeS: l.lapTimeS, sectorsS: l.sectorsS, best: false });
        else if (l.startTimeS <= s && s < l.endTimeS) running = l;
      }
      const runningSectorsS: number[] = [];
      if (running) {
        let at = running.startTimeS;
        for (const x of running.sectorsS) {
          if (!Number.isFinite(x) || at + x > s) break;
          runningSectorsS.push(x);
          at += x;
        }
      }
      const within = s >= 0 && s <= c.durationS;
      return {
        car,
        label: c.label,
        colour: c.colour,
        session: c.sessionId,
        tsMs: tMs,
        latDeg: seriesAt(c.channels.get('lat'), s),
        lonDeg: seriesAt(c.channels.get('lon'), s),
        speedKmh: this.valueAt(car, 'speedKmh', tMs),
        throttlePct: this.valueAt(car, 'throttlePct', tMs),
        brakeBar: this.valueAt(car, 'brakeBar', tMs),
        gear: this.valueAt(car, 'gear', tMs),
        lap: running?.lap ?? seriesAt(c.channels.get('lap'), s, true),
        lapTimeS: running ? s - running.startTimeS : NaN,
        runningSectorsS,
        laps: markBest(done.reverse()),
        stale: !within,
      };
    });
  }
}
