// A car's recent traces for the rolling charts: speed (km/h), throttle (%), brake (bar) and gear against
// frame time, in a bounded buffer (the oldest samples go first), read back at any instant by linear
// interpolation (gear: the previous value). Gaps longer than MAX_GAP_MS read as NaN (uPlot breaks the line).

export const TRACE_CHANNELS = ['speedKmh', 'throttlePct', 'brakeBar', 'gear'] as const;
export type TraceChannel = (typeof TRACE_CHANNELS)[number];
export type TraceValues = Record<TraceChannel, number>;

/** Samples further apart than this are not joined, ms. */
export const MAX_GAP_MS = 2000;

/** Whatever can say a car's value of a trace channel at an instant (live buffers, a stored session). */
export interface TraceReader {
  valueAt(car: string, channel: TraceChannel, tMs: number): number;
}

const MS_TO_KMH = 3.6;

/** The trace values of a frame's channels (canonical names, SI): NaN where the frame has none. */
export function traceValuesOf(values: Readonly<Record<string, number>>): TraceValues {
  const speed = values.speed ?? values.gps_speed;
  return {
    speedKmh: speed === undefined ? NaN : speed * MS_TO_KMH,
    throttlePct: values.throttle ?? NaN,
    brakeBar: values.brake_front ?? values.brake ?? NaN,
    gear: values.gear ?? NaN,
  };
}

export class TraceBuffer {
  private t: Float64Array;
  private readonly v: Record<TraceChannel, Float64Array>;
  private start = 0;
  private end = 0;

  constructor(private readonly capacity = 8192) {
    this.t = new Float64Array(2 * capacity);
    this.v = Object.fromEntries(TRACE_CHANNELS.map((c) => [c, new Float64Array(2 * capacity)])) as Record<TraceChannel, Float64Array>;
  }

  get length(): number {
    return this.end - this.start;
  }

  get lastMs(): number {
    return this.length ? this.t[this.end - 1] : NaN;
  }

  get firstMs(): number {
    return this.length ? this.t[this.start] : NaN;
  }

  /** Appends a sample; one not after the last is ignored (the buffer stays sorted). */
  push(tMs: number, values: TraceValues): boolean {
    if (!Number.isFinite(tMs) || (this.length && tMs <= this.t[this.end - 1])) return false;
    if (this.end === this.t.length) {
      // keep the newest `capacity` samples at the front
      const from = this.end - this.capacity;
      this.t.copyWithin(0, from, this.end);
      for (const c of TRACE_CHANNELS) this.v[c].copyWithin(0, from, this.end);
      this.start = Math.max(0, this.start - from);
      this.end = this.capacity;
    }
    this.t[this.end] = tMs;
    for (const c of TRACE_CHANNELS) this.v[c][this.end] = values[c];
    this.end++;
    if (this.end - this.start > this.capacity) this.start = this.end - this.capacity;
    return true;
  }

  clear(): void {
    this.start = this.end = 0;
  }

  /** Index of the last sample at or before tMs, or start − 1. */
  private floor(tMs: number): number {
    let lo = this.start;
    let hi = this.end - 1;
    if (hi < lo || tMs < this.t[lo]) return this.start - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.t[mid] <= tMs) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  valueAt(channel: TraceChannel, tMs: number): number {
    const i = this.floor(tMs);
    if (i < this.start) return NaN;
    const v = this.v[channel];
    const t0 = this.t[i];
    if (t0 === tMs) return v[i];
    if (i === this.end - 1) return NaN;
    const t1 = this.t[i + 1];
    if (t1 - t0 > MAX_GAP_MS) return NaN;
    if (channel === 'gear') return v[i];
    const a = v[i];
    const b = v[i + 1];
    if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.isFinite(a) ? a : NaN;
    return a + ((b - a) * (tMs - t0)) / (t1 - t0);
  }
}
