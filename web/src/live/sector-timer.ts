// Sector times of a live car from its lap-distance odometer (the frames' `lap_distance`, or the derived
// lapDistanceM): a sector ends where the odometer passes its boundary, a fraction of the lap length (equal
// thirds, or the stored track's sectors). While a lap runs, its boundaries come from the last measured lap
// length (or an expected one) so that S1 and S2 show as they are driven; when the server's lap-completed
// alert arrives, the lap is measured from its own odometer (the reading at the line) and its sectors are
// recomputed. The server times the line crossing; the alert is settled once a frame after it has arrived.

export interface TimedLap {
  lap: number;
  lapTimeS: number;
  startMs: number;
  endMs: number;
  best: boolean;
  /** One per sector, s; NaN where a boundary was not seen. Their sum is the lap time when all are known. */
  sectorsS: number[];
  /** The odometer at the line, m (NaN when the lap had too few samples). */
  lengthM: number;
}

export interface LapEnd {
  lap: number;
  lapTimeS: number;
  endMs: number;
  best?: boolean;
}

/** Samples kept at most (a car sending no lap alerts must not grow without bound). */
const MAX_SAMPLES = 20_000;

export const EQUAL_THIRDS: readonly number[] = [1 / 3, 2 / 3];

export class SectorTimer {
  private ts: number[] = [];
  private d: number[] = [];
  private pending: LapEnd[] = [];
  private lastLengthM: number | undefined;

  /** `boundaries`: where sectors 2, 3, … start, as fractions of the lap length (increasing, in (0, 1)). */
  constructor(private boundaries: readonly number[] = EQUAL_THIRDS) {}

  setBoundaries(fractions: readonly number[]): void {
    this.boundaries = fractions.filter((f) => f > 0 && f < 1).sort((a, b) => a - b);
  }

  get sectorCount(): number {
    return this.boundaries.length + 1;
  }

  /** An in-order sample of the odometer; returns the laps it settles. */
  sample(tsMs: number, lapDistanceM: number): TimedLap[] {
    if (!Number.isFinite(tsMs) || !Number.isFinite(lapDistanceM)) return [];
    if (this.ts.length && tsMs <= this.ts[this.ts.length - 1]) return [];
    this.ts.push(tsMs);
    this.d.push(lapDistanceM);
    if (this.ts.length > MAX_SAMPLES) {
      this.ts.splice(0, MAX_SAMPLES / 2);
      this.d.splice(0, MAX_SAMPLES / 2);
    }
    return this.settle();
  }

  /** The server's lap-completed alert; the lap is settled once a sample after its end is in. */
  lapCompleted(end: LapEnd): TimedLap[] {
    this.pending.push(end);
    this.pending.sort((a, b) => a.endMs - b.endMs);
    return this.settle();
  }

  private settle(): TimedLap[] {
    const out: TimedLap[] = [];
    const lastTs = this.ts.length ? this.ts[this.ts.length - 1] : -Infinity;
    while (this.pending.length && this.pending[0].endMs < lastTs) {
      const end = this.pending.shift()!;
      out.push(this.measure(end));
      // keep a little before the line for the next lap's first interpolation
      let k = 0;
      while (k < this.ts.length - 1 && this.ts[k + 1] < end.endMs) k++;
      this.ts.splice(0, k);
      this.d.splice(0, k);
    }
    return out;
  }

  /** First index i with ts[i] > tMs (binary search). */
  private after(tMs: number): number {
    let lo = 0;
    let hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ts[mid] <= tMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Time the odometer first reaches `m` within samples [from, to), interpolated; NaN when it does not. */
  private crossing(m: number, from: number, to: number): number {
    for (let i = from + 1; i < to; i++) {
      const a = this.d[i - 1];
      const b = this.d[i];
      if (a < m && b >= m) return this.ts[i - 1] + ((m - a) / (b - a)) * (this.ts[i] - this.ts[i - 1]);
    }
    return NaN;
  }

  /** Times at which the boundaries (fractions of lengthM) are passed after startMs, up to endMs. */
  private boundaryTimes(startMs: number, endMs: number, lengthM: number): number[] {
    const from = this.after(startMs);
    const to = this.after(endMs);
    // the odometer resets at the line: only samples after the reset count (a sample just past the
    // server's interpolated crossing may still carry the previous lap's reading)
    let first = from;
    while (first < to - 1 && this.d[first + 1] < this.d[first] - lengthM / 2) first++;
    return this.boundaries.map((f) => this.crossing(f * lengthM, first, to));
  }

  private measure(end: LapEnd): TimedLap {
    const startMs = end.endMs - end.lapTimeS * 1000;
    // the last reading before the line (a sample at or just past it may already be reset)
    let last = this.after(end.endMs) - 1;
    while (last >= 1 && (this.ts[last] >= end.endMs || this.d[last] < this.d[last - 1])) last--;
    let lengthM = NaN;
    if (last >= 1 && this.ts[last] > startMs) {
      // the reading at the line: the last one before it, carried on at the last rate of change
      const t0 = this.ts[last - 1];
      const t1 = this.ts[last];
      const rate = t1 > t0 && this.d[last] >= this.d[last - 1] ? (this.d[last] - this.d[last - 1]) / (t1 - t0) : 0;
      lengthM = this.d[last] + rate * (end.endMs - t1);
    }
    const times = Number.isFinite(lengthM) && lengthM > 0 ? this.boundaryTimes(startMs, end.endMs, lengthM) : this.boundaries.map(() => NaN);
    if (Number.isFinite(lengthM) && lengthM > 0) this.lastLengthM = lengthM;
    const marks = [startMs, ...times, end.endMs];
    const sectorsS = marks.slice(1).map((t, k) => (Number.isFinite(t) && Number.isFinite(marks[k]) ? (t - marks[k]) / 1000 : NaN));
    return { lap: end.lap, lapTimeS: end.lapTimeS, startMs, endMs: end.endMs, best: end.best ?? false, sectorsS, lengthM };
  }

  /**
   * Sectors of the running lap so far (those whose end has been passed), s. The boundaries use the last
   * measured lap length, else `expectedLengthM`; without either, none.
   */
  running(lapStartMs: number, expectedLengthM?: number): number[] {
    const lengthM = this.lastLengthM ?? expectedLengthM;
    if (!(lengthM && lengthM > 0) || !Number.isFinite(lapStartMs)) return [];
    const times = this.boundaryTimes(lapStartMs, Infinity, lengthM);
    const out: number[] = [];
    let prev = lapStartMs;
    for (const t of times) {
      if (!Number.isFinite(t)) break;
      out.push((t - prev) / 1000);
      prev = t;
    }
    return out;
  }

  /** The last measured lap length, m. */
  get lapLengthM(): number | undefined {
    return this.lastLengthM;
  }
}
