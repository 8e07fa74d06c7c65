// Crossings of the timing line. The logger's lap counter (or its lap-distance beacon) says which sample
// interval a crossing fell in; the map-matched distance then times it inside that interval, at the line's
// position estimated from all laps together. Without a counter or beacon: the GPS crossing the line.

import { channelByName, type Session } from '../model/session.ts';
import { lapDistanceCrossings } from './lap-timing.ts';
import { distanceAtTime, knotIndexAt, timeAtDistance } from './alignment-lookup.ts';
import type { TrackAlignment } from './map-match.ts';
import { normalCdf, normalPdf, truncatedNormalMean } from './gauss.ts';
import type { Crossing } from './types.ts';

/** The GR Cup lap counter's "lap count lost" marker (and anything above it) is not a lap number. */
export const LAP_COUNTER_LOST = 32768;

export function validLapNumber(v: number): boolean {
  return Number.isFinite(v) && v >= 0 && v < LAP_COUNTER_LOST;
}

/** Earliest sample time over all channels. */
export function sessionStartS(session: Session): number {
  let t = Infinity;
  for (const c of session.channels) if (c.timeS.length) t = Math.min(t, c.timeS[0]);
  return Number.isFinite(t) ? t : 0;
}

export function sessionEndS(session: Session): number {
  let t = -Infinity;
  for (const c of session.channels) if (c.timeS.length) t = Math.max(t, c.timeS[c.timeS.length - 1]);
  return Number.isFinite(t) ? t : 0;
}

/** Latest sample of any channel strictly before t: the last moment the logger was still on the old lap. */
function lastSampleBefore(session: Session, t: number): number {
  let best = -Infinity;
  for (const c of session.channels) {
    const ts = c.timeS;
    let lo = 0;
    let hi = ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ts[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && ts[lo - 1] > best) best = ts[lo - 1];
  }
  return Number.isFinite(best) ? best : t;
}

/**
 * Changes of the lap counter. The first counter value counts as a crossing only when it appears well after
 * the recording started (the counter had been lost, e.g. the GR Cup's 32768, and resumed at the line).
 * Changes closer than minLapS to the previous crossing are glitches.
 */
export function counterCrossings(session: Session, minLapS = 20): Crossing[] {
  const lap = channelByName(session, 'lap');
  if (!lap) return [];
  const start = sessionStartS(session);
  const out: Crossing[] = [];
  // A dense counter (logged every tick) last showed the old lap at its previous sample; a counter stored as
  // its changes only (the long-format importer) at the last row of any channel before the change.
  let dense = false;
  for (let i = 1; i < lap.values.length && !dense; i++) dense = lap.values[i] === lap.values[i - 1];
  let prev = NaN;
  for (let i = 0; i < lap.values.length; i++) {
    const v = lap.values[i];
    if (!validLapNumber(v)) continue;
    const t = lap.timeS[i];
    const isCrossing = Number.isNaN(prev) ? t - start > 2 : v !== prev;
    prev = v;
    if (!isCrossing) continue;
    if (out.length && t - out[out.length - 1].timeS < minLapS) continue;
    const lowerS = dense && i > 0 ? lap.timeS[i - 1] : lastSampleBefore(session, t);
    out.push({ timeS: t, source: 'lap-counter', lowerS, upperS: t });
  }
  return out;
}

/** Resets of the lap-distance odometer (the timing beacon), timed by speed integration (lap-timing.ts). */
export function beaconCrossings(session: Session, minLapS = 20): Crossing[] {
  const out: Crossing[] = [];
  for (const t of lapDistanceCrossings(session)) {
    if (out.length && t - out[out.length - 1].timeS < minLapS) continue;
    out.push({ timeS: t, source: 'beacon', lowerS: t, upperS: t });
  }
  return out;
}

/** Times the alignment passes lineM (mod the lap length), with GPS support at the moment of passing. */
export function lineCrossings(al: TrackAlignment, lineM: number, fromS = -Infinity, toS = Infinity): Crossing[] {
  const L = al.lengthM;
  const s = al.distanceM;
  const first = s[0];
  const last = s[s.length - 1];
  const out: Crossing[] = [];
  for (let k = Math.ceil((first - lineM) / L); lineM + k * L <= last; k++) {
    const t = timeAtDistance(al, lineM + k * L);
    if (!Number.isFinite(t) || t <= fromS || t >= toS) continue;
    if (!al.gpsSupport[knotIndexAt(al, t)]) continue;
    out.push({ timeS: t, source: 'gps-line', lowerS: t, upperS: t });
  }
  return out;
}

/**
 * Where on the reference line the logger's timing line lies: the distance most consistent with every
 * crossing interval (lowerS, upperS] mapped to distance (minimum total distance to the intervals, middle
 * of the minimising set). NaN without aligned intervals.
 */
export function estimateTimingLineM(al: TrackAlignment, crossings: Crossing[]): number {
  const L = al.lengthM;
  const raw: [number, number][] = [];
  for (const c of crossings) {
    const a = distanceAtTime(al, c.lowerS);
    const b = distanceAtTime(al, c.upperS);
    const ka = knotIndexAt(al, c.lowerS);
    const kb = knotIndexAt(al, c.upperS);
    if (!Number.isFinite(a) || !Number.isFinite(b) || !al.gpsSupport[ka] || !al.gpsSupport[kb] || b - a > 100) continue;
    raw.push([a, b]);
  }
  if (raw.length === 0) return NaN;
  // circular mean of the interval ends, to unwrap them around one centre
  let cx = 0;
  let cy = 0;
  for (const [, b] of raw) {
    cx += Math.cos((2 * Math.PI * b) / L);
    cy += Math.sin((2 * Math.PI * b) / L);
  }
  const centre = ((Math.atan2(cy, cx) / (2 * Math.PI)) * L + L) % L;
  const iv = raw.map(([a, b]) => {
    const shift = centre + L * Math.round((b - centre) / L) - centre;
    return [a - shift, b - shift] as [number, number];
  });
  const cost = (x: number) => iv.reduce((acc, [a, b]) => acc + (x < a ? a - x : x > b ? x - b : 0), 0);
  const cands = iv.flat();
  let best = Infinity;
  for (const x of cands) best = Math.min(best, cost(x));
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of cands) {
    if (cost(x) <= best + 1e-9) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  return (((lo + hi) / 2) % L + L) % L;
}

/** Share of the map-matched crossing times allowed to be far off (a GPS glitch at the line). */
const OUTLIER_SHARE = 0.1;
/** …spread uniformly over this span, s. */
const OUTLIER_SPAN_S = 1;
/**
 * When the session's typical interval is narrower than this many σ of the map-matched times, the crossings
 * are kept as logged: the logger's own timing (which official timing follows) is finer than the GPS can tell.
 */
const KEEP_INTERVAL_SIGMAS = 2;
/** Spread of the map-matched crossing times when too few laps to estimate it, s. */
const DEFAULT_SIGMA_S = 0.03;

/**
 * Times each crossing from two independent measurements: its source interval (lowerS, upperS] — the
 * crossing lies uniformly in it — and the time the map-matched distance passes the timing line, taken as
 * the true time plus a constant offset plus normal noise (with a small share of outliers). The offset and
 * the noise's σ are the maximum-likelihood values over all the session's crossings; each crossing then
 * gets its posterior mean (a normal truncated to its interval, mixed with the interval's middle by the
 * outlier odds). Narrow intervals (a lap counter logged at 23 Hz) are kept as logged; wide ones (a counter
 * logged at 4.6 Hz) are timed inside by the GPS. Crossings without GPS support keep their time.
 */
export function refineCrossings(al: TrackAlignment, crossings: Crossing[], lineM: number): Crossing[] {
  const L = al.lengthM;
  if (!Number.isFinite(lineM)) return crossings;
  const est = crossings.map((c) => {
    const b = distanceAtTime(al, c.upperS);
    if (!Number.isFinite(b) || !al.gpsSupport[knotIndexAt(al, c.upperS)] || !al.gpsSupport[knotIndexAt(al, c.lowerS)]) return NaN;
    const target = lineM + L * Math.round((b - lineM) / L);
    return timeAtDistance(al, target, knotIndexAt(al, c.lowerS - 30));
  });
  const usable = crossings.map((c, k) => ({ lo: c.lowerS, hi: c.upperS, a: est[k] })).filter((r) => Number.isFinite(r.a));
  if (usable.length === 0) return crossings;
  const { sigmaS, offsetS } = timingNoise(usable);
  // a counter logged finer than the GPS can time it is the timing itself (its occasional long interval too)
  if (median(usable.map((r) => r.hi - r.lo)) <= KEEP_INTERVAL_SIGMAS * sigmaS) return crossings;
  return crossings.map((c, k) => {
    if (!Number.isFinite(est[k])) return c;
    return { ...c, timeS: posteriorTime(c.lowerS, c.upperS, est[k] - offsetS, sigmaS) };
  });
}

/** Likelihood of a map-matched time a given the interval [lo, hi], noise σ (mixture with outliers). */
function likelihood(a: number, lo: number, hi: number, sigma: number): number {
  const w = hi - lo;
  const inside = w > 1e-6 ? (normalCdf((a - lo) / sigma) - normalCdf((a - hi) / sigma)) / w : normalPdf((a - hi) / sigma) / sigma;
  return (1 - OUTLIER_SHARE) * inside + OUTLIER_SHARE / OUTLIER_SPAN_S;
}

/** Maximum-likelihood offset and σ of the map-matched crossing times (grid search, coarse then fine). */
export function timingNoise(recs: { lo: number; hi: number; a: number }[]): { sigmaS: number; offsetS: number } {
  const mids = recs.map((r) => r.a - 0.5 * (r.lo + r.hi));
  const m0 = median(mids);
  if (recs.length < 5) return { sigmaS: DEFAULT_SIGMA_S, offsetS: m0 };
  const logL = (offset: number, sigma: number) => {
    let ll = 0;
    for (const r of recs) ll += Math.log(likelihood(r.a - offset, r.lo, r.hi, sigma));
    return ll;
  };
  let best = { ll: -Infinity, offset: m0, sigma: DEFAULT_SIGMA_S };
  const search = (offsets: number[], sigmas: number[]) => {
    for (const o of offsets) for (const s of sigmas) {
      const ll = logL(o, s);
      if (ll > best.ll) best = { ll, offset: o, sigma: s };
    }
  };
  const range = (a: number, b: number, step: number) => Array.from({ length: Math.round((b - a) / step) + 1 }, (_, i) => a + i * step);
  search(range(m0 - 0.2, m0 + 0.2, 0.02), range(0, 26, 1).map((i) => 0.003 * 1.2 ** i));
  search(range(best.offset - 0.02, best.offset + 0.02, 0.002), range(-3, 3, 1).map((i) => best.sigma * 1.06 ** i));
  return { sigmaS: best.sigma, offsetS: best.offset };
}

/** Posterior mean of a crossing uniform in [lo, hi] measured at a with noise σ (and the outlier share). */
function posteriorTime(lo: number, hi: number, a: number, sigma: number): number {
  const w = hi - lo;
  if (!(w > 1e-6)) return hi;
  const g = normalCdf((hi - a) / sigma) - normalCdf((lo - a) / sigma);
  const inlier = ((1 - OUTLIER_SHARE) * g) / w;
  const outlier = OUTLIER_SHARE / OUTLIER_SPAN_S;
  const meanIn = truncatedNormalMean(a, sigma, lo, hi);
  return (inlier * meanIn + outlier * 0.5 * (lo + hi)) / (inlier + outlier);
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}
