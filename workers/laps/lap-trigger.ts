// The logger's lap trigger (a beacon or a GPS line at a fixed place) as an anchor of the map-matching.
// Its lap-distance odometer restarts from zero there, and the first count after the restart says how far
// the car has gone since: the trigger time to a few milliseconds. Every pass of the trigger is at the same
// place on the track, so the fused distance at those times must be one place plus whole laps; what each
// pass is off is its own error there. Nothing else pins the distance on a straight: the fusion's error
// there is what the bend before it left. The bends do pin it (the line's sweep through a bend places the
// car: measured on the demo, the first bend after the line brings each pass back to within ~0.1 m), so
// each pass's error is taken out along the straight the trigger is on and faded out through the bends at
// either end of it.

import type { Corner } from '../geometry/types.ts';
import { atUniform, interpolateSorted, mod } from './interpolate.ts';
import { quickMedian } from './residual-fit.ts';

/** A restart counts when the odometer stood at least this share of a lap before it. */
const MIN_LAP_SHARE = 0.5;
/** Slack of the first count after a restart over the distance driven since the previous sample (m). */
const RESTART_SLACK_M = 0.5;
/** A pass farther than this from the trigger's place is not used (a glitch, a pit-lane pass), m. */
const MAX_ANCHOR_ERROR_M = 2;
/** Fewest passes that place the trigger. */
const MIN_ANCHORS = 3;

/**
 * Times at which the lap-distance odometer restarted: where it drops from at least half a lap, the first
 * count after the drop taken back along the speed (linear between the odometer's samples).
 */
export function lapTriggerTimes(distanceT: Float64Array, distanceV: Float64Array, speedT: Float64Array, speedV: Float64Array, lengthM: number): Float64Array {
  const n = distanceT.length;
  const out: number[] = [];
  if (n < 2 || speedT.length < 2) return new Float64Array(0);
  const v = interpolateSorted(speedT, speedV, distanceT);
  for (let i = 1; i < n; i++) {
    const before = distanceV[i - 1];
    const after = distanceV[i];
    if (!(before >= MIN_LAP_SHARE * lengthM) || !(after >= 0) || !(after < before)) continue;
    const h = distanceT[i] - distanceT[i - 1];
    const v0 = v[i - 1];
    const v1 = v[i];
    if (!(h > 0) || !(v1 > 0) || !(v0 >= 0)) continue;
    // the count after the restart is what was driven since the trigger: go back that far along the speed
    if (after > 0.5 * (v0 + v1) * h + RESTART_SLACK_M) continue;
    const a = (v1 - v0) / h;
    // driven back from sample i over τ: v1·τ − a·τ²/2 = after
    const disc = v1 * v1 - 2 * a * after;
    const tau = Math.abs(a) < 1e-9 ? after / v1 : disc >= 0 ? (v1 - Math.sqrt(disc)) / a : after / v1;
    out.push(distanceT[i] - Math.min(h, Math.max(0, tau)));
  }
  return Float64Array.from(out);
}

export interface LapTriggerAnchoring {
  /** Trigger passes used. */
  anchors: number;
  /** Where the trigger is on the line (m, in [0, lengthM)). */
  placeM: number;
  /** RMS of the passes' distance errors taken out (m). */
  rmsCorrectionM: number;
}

/**
 * Takes each trigger pass's error out of the fused distance (`distanceM` at the uniform knots `knotT`,
 * changed in place): in full along the straight the trigger is on, fading to none through the bend at
 * either end of it. Null (nothing changed) with too few passes or no corners to bound the straight.
 */
export function anchorAtLapTrigger(knotT: Float64Array, distanceM: Float64Array, triggerT: Float64Array, lengthM: number, corners: readonly Corner[]): LapTriggerAnchoring | null {
  const nk = knotT.length;
  if (triggerT.length < MIN_ANCHORS || corners.length === 0 || nk < 2) return null;
  const L = lengthM;
  const t0 = knotT[0];
  const step = knotT[1] - knotT[0];
  // the fused distance at each pass (NaN outside the knots)
  const at = triggerT.map((t) => (t >= t0 && t <= knotT[nk - 1] ? atUniform(distanceM, t0, step, t) : NaN));
  // the trigger's place: the median of the passes about the first one (the lap wraps), then the mean of those near it
  const first = at.find(Number.isFinite);
  if (first === undefined) return null;
  const dev = Array.from(at, (d) => d - first - L * Math.round((d - first) / L)).filter(Number.isFinite);
  if (dev.length < MIN_ANCHORS) return null;
  const ref = first + quickMedian(Float64Array.from(dev));
  const wrapNear = (d: number) => d - L * Math.round((d - ref) / L);
  let sum = 0;
  let cnt = 0;
  for (const d of at) {
    if (!Number.isFinite(d)) continue;
    const e = wrapNear(d) - ref;
    if (Math.abs(e) <= MAX_ANCHOR_ERROR_M) { sum += e; cnt++; }
  }
  if (cnt < MIN_ANCHORS) return null;
  const place = ref + sum / cnt;
  const fade = straightFade(corners, place, L);
  // each pass's error, applied around its own passage
  let sq = 0;
  let used = 0;
  let j = 0;
  for (let c = 0; c < at.length; c++) {
    const d = at[c];
    if (!Number.isFinite(d)) continue;
    const e = wrapNear(d) - place;
    if (Math.abs(e) > MAX_ANCHOR_ERROR_M) continue;
    const base = d - e; // where this pass should have been
    sq += e * e;
    used++;
    // knots within the faded stretch around this pass
    const lo = base + fade.startM;
    const hi = base + fade.endM;
    if (j >= nk) j = nk - 1;
    while (j > 0 && distanceM[j] > lo) j--;
    while (j < nk && distanceM[j] < lo) j++;
    for (let k = j; k < nk && distanceM[k] <= hi; k++) {
      const w = fade.weight(distanceM[k] - base);
      if (w > 0) distanceM[k] -= e * w;
    }
  }
  if (!used) return null;
  for (let k = 1; k < nk; k++) if (distanceM[k] < distanceM[k - 1]) distanceM[k] = distanceM[k - 1];
  return { anchors: used, placeM: mod(place, L), rmsCorrectionM: Math.sqrt(sq / used) };
}

interface Fade {
  /** The stretch touched, relative to the trigger (m). */
  startM: number;
  endM: number;
  /** 1 along the straight, linear to 0 through the bends at its ends, 0 beyond (x relative to the trigger). */
  weight(x: number): number;
}

/** The fade around the trigger at `place`: the straight it is on, ramped through its end bends. */
export function straightFade(corners: readonly Corner[], place: number, lengthM: number): Fade {
  const L = lengthM;
  const ahead = (s: number) => mod(s - place, L);
  // each corner as (entry, exit) ahead of the trigger, and the one it is in, if any
  let inside: [number, number] | null = null;
  let next: [number, number] | null = null;
  let prev: [number, number] | null = null;
  for (const c of corners) {
    const a = ahead(c.entryM);
    const len = mod(c.exitM - c.entryM, L);
    if (a + len > L) inside = [a - L, a + len - L];
    if (!next || a < next[0]) next = [a, a + len];
    // the same corner a lap earlier: behind the trigger
    if (!prev || a - L + len > prev[1]) prev = [a - L, a - L + len];
  }
  // (with a single corner, the bend behind is the one ahead, a lap earlier: each pass's correction then
  // fades into the next one's through it)
  const ramps: [number, number, number, number] = inside ? [inside[0], 0, 0, inside[1]] : [prev![0], prev![1], next![0], next![1]];
  const [a0, a1, b0, b1] = ramps;
  return {
    startM: a0,
    endM: b1,
    weight(x: number): number {
      if (x <= a0 || x >= b1) return 0;
      if (x < a1) return (x - a0) / (a1 - a0);
      if (x <= b0) return 1;
      return (b1 - x) / (b1 - b0);
    },
  };
}
