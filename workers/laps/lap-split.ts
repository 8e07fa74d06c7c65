// Splits a session into laps at its timing-line crossings and flags what makes a lap unrepresentative:
// partial laps at the ends of the recording, out-laps and in-laps, pit stops, GPS dropouts, caution pace.

import type { TrackModel } from '../geometry/types.ts';
import { channelByName, type Session } from '../model/session.ts';
import { distanceAtTime, knotIndexAt, timeAtDistance } from './alignment-lookup.ts';
import {
  beaconCrossings,
  counterCrossings,
  estimateTimingLineM,
  lineCrossings,
  refineCrossings,
  sessionEndS,
  sessionStartS,
  validLapNumber,
} from './crossings.ts';
import type { TrackAlignment } from './map-match.ts';
import type { Crossing, LapFlag, LapRecord, TimingSource } from './types.ts';

export interface LapSplitOptions {
  /** 'auto': the lap counter, else the beacon, else the GPS crossing the line. */
  timing?: 'auto' | 'lap-counter' | 'beacon' | 'gps-line';
  /** Laps slower than this multiple of the median clean lap are caution laps (default 1.07). */
  cautionFactor?: number;
  /** Below this speed the car is standing, m/s (default 1). */
  stopSpeedMs?: number;
  /** Standing at least this long is a stop, s (default 5). */
  minStopS?: number;
  /** Farther than this from the line the car is off the circuit (pit lane), m (default 15). */
  pitLateralM?: number;
  /** …for at least this long, s (default 4). */
  minPitExcursionS?: number;
  /** A GPS hole at least this long in a lap flags it 'gps-lost', s (default 2). */
  gpsLostS?: number;
  /** Crossings closer than this are one crossing, s (default 20). */
  minLapS?: number;
}

export interface LapSplit {
  laps: LapRecord[];
  crossings: Crossing[];
  timing: TimingSource;
  /** Where the timing line lies on the reference line, m in [0, length) (NaN when not aligned). */
  timingLineM: number;
  /** Median of the laps without out/in/pit/partial flags, s (NaN when none). */
  medianCleanLapS: number;
  stops: [number, number][];
  pitExcursions: [number, number][];
}

const DEFAULTS: Required<LapSplitOptions> = {
  timing: 'auto',
  cautionFactor: 1.07,
  stopSpeedMs: 1,
  minStopS: 5,
  pitLateralM: 15,
  minPitExcursionS: 4,
  gpsLostS: 2,
  minLapS: 20,
};

export function splitLaps(session: Session, alignment: TrackAlignment | null, model: TrackModel | null, options: LapSplitOptions = {}): LapSplit {
  const o = { ...DEFAULTS, ...options };
  const start = sessionStartS(session);
  const end = sessionEndS(session);

  // 1. Crossings from the best source available.
  let crossings: Crossing[] = [];
  let timing: TimingSource = 'recording';
  let lineM = alignment ? 0 : NaN;
  const tryCounter = o.timing === 'auto' || o.timing === 'lap-counter';
  const tryBeacon = o.timing === 'auto' || o.timing === 'beacon';
  if (tryCounter) {
    const c = counterCrossings(session, o.minLapS);
    if (c.length >= 1) [crossings, timing] = [c, 'lap-counter'];
  }
  if (crossings.length === 0 && tryBeacon) {
    const c = beaconCrossings(session, o.minLapS);
    if (c.length >= 1) [crossings, timing] = [c, 'beacon'];
  }
  if (alignment && crossings.length > 0) {
    const est = estimateTimingLineM(alignment, crossings);
    if (Number.isFinite(est)) lineM = est;
    crossings = refineCrossings(alignment, crossings, lineM);
    // after the logger stopped counting (e.g. the slow-down lap after the flag), the line itself
    const last = crossings[crossings.length - 1].timeS;
    for (const c of lineCrossings(alignment, lineM, last + o.minLapS)) {
      if (c.timeS - crossings[crossings.length - 1].timeS >= o.minLapS) crossings.push(c);
    }
  } else if (alignment && crossings.length === 0 && o.timing !== 'lap-counter' && o.timing !== 'beacon') {
    crossings = debounce(lineCrossings(alignment, lineM), o.minLapS);
    timing = 'gps-line';
  }

  // 2. Laps between crossings, and the partial ones at either end.
  const lapChannel = channelByName(session, 'lap');
  const counterAt = (t: number): number => {
    if (!lapChannel || lapChannel.timeS.length === 0 || t < lapChannel.timeS[0]) return NaN;
    const ts = lapChannel.timeS;
    let lo = 0;
    let hi = ts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lapChannel.values[lo];
  };
  const bounds: { t0: number; t1: number; s0: TimingSource; s1: TimingSource; complete: boolean }[] = [];
  if (crossings.length === 0) bounds.push({ t0: start, t1: end, s0: 'recording', s1: 'recording', complete: false });
  else {
    if (crossings[0].timeS > start) bounds.push({ t0: start, t1: crossings[0].timeS, s0: 'recording', s1: crossings[0].source, complete: false });
    for (let k = 0; k + 1 < crossings.length; k++) {
      bounds.push({ t0: crossings[k].timeS, t1: crossings[k + 1].timeS, s0: crossings[k].source, s1: crossings[k + 1].source, complete: true });
    }
    const lastC = crossings[crossings.length - 1];
    if (end > lastC.timeS) bounds.push({ t0: lastC.timeS, t1: end, s0: lastC.source, s1: 'recording', complete: false });
  }
  const laps: LapRecord[] = [];
  let prevNumber = NaN;
  const mid = (i: number) => (i < bounds.length ? 0.5 * (bounds[i].t0 + bounds[i].t1) : NaN);
  bounds.forEach((b, i) => {
    let lap = counterAt(mid(i));
    if (!validLapNumber(lap) || lap <= prevNumber) {
      if (Number.isFinite(prevNumber)) lap = prevNumber + 1;
      else {
        const next = counterAt(mid(i + 1));
        lap = validLapNumber(next) ? next - 1 : b.complete ? 1 : 0;
      }
    }
    lap = Math.round(lap);
    prevNumber = lap;
    laps.push({
      lap,
      startTimeS: b.t0,
      endTimeS: b.t1,
      lapTimeS: b.complete ? b.t1 - b.t0 : NaN,
      complete: b.complete,
      sectorsS: [],
      flags: b.complete ? [] : ['partial'],
      startSource: b.s0,
      endSource: b.s1,
      baseDistanceM: NaN,
    });
  });

  // 3. Positions: the lap's base distance and sector times.
  if (alignment && model) {
    const L = alignment.lengthM;
    for (const lap of laps) {
      const d0 = distanceAtTime(alignment, lap.complete ? lap.startTimeS : lap.endTimeS);
      if (!Number.isFinite(d0)) continue;
      lap.baseDistanceM = L * Math.round((d0 - (lap.complete ? 0 : L)) / L);
      if (lap.complete) lap.sectorsS = sectorTimes(alignment, model, lap);
    }
  }

  // 4. Flags.
  const speed = channelByName(session, 'speed') ?? channelByName(session, 'gps_speed');
  const stops = speed ? intervalsBelow(speed.timeS, speed.values, o.stopSpeedMs, o.minStopS) : [];
  const pitExcursions = alignment ? lateralExcursions(alignment, o.pitLateralM, o.minPitExcursionS) : [];
  const events = [...stops, ...pitExcursions].sort((a, b) => a[0] - b[0]);
  const typical = medianOf(laps.filter((l) => l.complete).map((l) => l.lapTimeS));
  const near = Number.isFinite(typical) ? 0.5 * typical : 60;
  for (const lap of laps) {
    const f = new Set<LapFlag>(lap.flags);
    const dur = lap.endTimeS - lap.startTimeS;
    if (!lap.complete) {
      if (lap.startTimeS <= start) f.add('out-lap');
      if (lap.endTimeS >= end) f.add('in-lap');
    } else {
      for (const [a, b] of stops) if (b > lap.startTimeS && a < lap.endTimeS) f.add('pit-stop');
      for (const [a, b] of events) {
        if (b > lap.startTimeS - near && a < lap.startTimeS + 0.4 * dur) f.add('out-lap');
        if (a < lap.endTimeS + near && b > lap.endTimeS - 0.4 * dur) f.add('in-lap');
      }
    }
    if (alignment && longestGpsHoleS(alignment, lap.startTimeS, lap.endTimeS) >= o.gpsLostS) f.add('gps-lost');
    lap.flags = [...f];
  }
  const cleanTimes = laps.filter((l) => l.complete && !l.flags.some((x) => x === 'out-lap' || x === 'in-lap' || x === 'pit-stop')).map((l) => l.lapTimeS);
  const medianCleanLapS = medianOf(cleanTimes);
  if (Number.isFinite(medianCleanLapS)) {
    for (const lap of laps) if (lap.complete && lap.lapTimeS > o.cautionFactor * medianCleanLapS) lap.flags.push('caution');
  }
  return { laps, crossings, timing, timingLineM: lineM, medianCleanLapS, stops, pitExcursions };
}

function debounce(c: Crossing[], minLapS: number): Crossing[] {
  const out: Crossing[] = [];
  for (const x of c) if (!out.length || x.timeS - out[out.length - 1].timeS >= minLapS) out.push(x);
  return out;
}

/** Sector times of a complete lap: from its start, through each sector start after the first, to its end. */
function sectorTimes(al: TrackAlignment, model: TrackModel, lap: LapRecord): number[] {
  const L = al.lengthM;
  const times = [lap.startTimeS];
  const from = knotIndexAt(al, lap.startTimeS);
  for (let k = 1; k < model.sectors.length; k++) {
    const t = timeAtDistance(al, lap.baseDistanceM + (((model.sectors[k].startM % L) + L) % L), from);
    times.push(Number.isFinite(t) && t > lap.startTimeS && t < lap.endTimeS ? t : NaN);
  }
  times.push(lap.endTimeS);
  const out: number[] = [];
  for (let k = 0; k + 1 < times.length; k++) out.push(times[k + 1] - times[k]);
  return out;
}

/** Time intervals where v stays below the threshold for at least minS. */
export function intervalsBelow(t: Float64Array, v: Float64Array, threshold: number, minS: number): [number, number][] {
  const out: [number, number][] = [];
  let a = -1;
  for (let i = 0; i <= t.length; i++) {
    const below = i < t.length && v[i] < threshold;
    if (below && a < 0) a = i;
    if (!below && a >= 0) {
      if (t[i - 1] - t[a] >= minS) out.push([t[a], t[i - 1]]);
      a = -1;
    }
  }
  return out;
}

/** Time intervals where the car is farther than limitM from the line for at least minS. */
function lateralExcursions(al: TrackAlignment, limitM: number, minS: number): [number, number][] {
  const abs = new Float64Array(al.lateralM.length);
  for (let j = 0; j < abs.length; j++) abs[j] = Number.isFinite(al.lateralM[j]) ? -Math.abs(al.lateralM[j]) : 0;
  return intervalsBelow(al.timeS, abs, -limitM, minS);
}

/** Longest stretch of [t0, t1] without any GPS fix (outside the aligned span counts as none). */
function longestGpsHoleS(al: TrackAlignment, t0: number, t1: number): number {
  const a = Math.max(t0, al.t0S);
  const lastT = al.timeS[al.timeS.length - 1];
  const b = Math.min(t1, lastT);
  let longest = Math.max(0, Math.min(t1, al.t0S) - t0, t1 - Math.max(t0, lastT));
  if (b <= a) return Math.max(longest, t1 - t0);
  let run = 0;
  for (let j = knotIndexAt(al, a); j <= knotIndexAt(al, b); j++) {
    if (al.gpsPresent[j]) run = 0;
    else {
      run += al.stepS;
      if (run > longest) longest = run;
    }
  }
  return longest;
}

export function medianOf(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}
