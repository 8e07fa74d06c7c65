// Accumulates (time, value) readings per source channel in growable typed arrays while a file
// streams past, then sorts each channel by time, maps it to its canonical name and SI unit.

import { canonicalFor, unitConversion } from '../model/channels.ts';
import type { Channel, Session, SessionMeta } from '../model/session.ts';
import { IngestError } from './errors.ts';

class GrowableSeries {
  t = new Float64Array(1024);
  v = new Float64Array(1024);
  n = 0;
  sorted = true;
  push(t: number, v: number): void {
    if (this.n === this.t.length) {
      const cap = this.t.length * 2;
      const nt = new Float64Array(cap); nt.set(this.t); this.t = nt;
      const nv = new Float64Array(cap); nv.set(this.v); this.v = nv;
    }
    if (this.n > 0 && t < this.t[this.n - 1]) this.sorted = false;
    this.t[this.n] = t;
    this.v[this.n] = v;
    this.n++;
  }
}

export interface SourceChannelInfo {
  /** The name in the source file. */
  sourceName: string;
  /** The unit in the source file ('' when the file gives none: the canonical SI unit is assumed, except where a known logger convention says otherwise). */
  sourceUnit: string;
}

/**
 * One session's readings. Times are absolute seconds on any clock (epoch seconds are fine);
 * `finish` rebases them to the first reading and records the start as `meta.startTimeMs` when
 * `absoluteEpoch` is set.
 */
export class SessionBuilder {
  private readonly series = new Map<string, GrowableSeries>();
  private readonly info = new Map<string, SourceChannelInfo>();

  constructor(readonly meta: SessionMeta, private readonly fileName: string) {}

  declareChannel(key: string, info: SourceChannelInfo): void {
    if (!this.info.has(key)) this.info.set(key, info);
  }

  /** Add one reading; `key` identifies the source channel (declare it first to give a unit). */
  add(key: string, timeS: number, value: number): void {
    let s = this.series.get(key);
    if (!s) {
      s = new GrowableSeries();
      this.series.set(key, s);
      if (!this.info.has(key)) this.info.set(key, { sourceName: key, sourceUnit: '' });
    }
    s.push(timeS, value);
  }

  get readingCount(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.n;
    return n;
  }

  /**
   * Sorted, converted channels. `t0` is the session's time origin in the same clock as the readings
   * (default: the earliest reading). Duplicate timestamps keep the last reading.
   */
  finish(options: { epochSeconds?: boolean; t0?: number } = {}): Session {
    let t0 = options.t0 ?? Infinity;
    if (options.t0 === undefined) for (const s of this.series.values()) for (let i = 0; i < s.n; i++) if (s.t[i] < t0) t0 = s.t[i];
    if (!Number.isFinite(t0)) throw new IngestError('no-data', 'the file holds no readings', { file: this.fileName });
    const channels: Channel[] = [];
    const usedNames = new Set<string>();
    for (const [key, s] of this.series) {
      const info = this.info.get(key)!;
      const { timeS, values } = sortAndDedupe(s);
      for (let i = 0; i < timeS.length; i++) timeS[i] -= t0;
      const canonical = canonicalFor(info.sourceName);
      let name = info.sourceName;
      let unit = info.sourceUnit;
      let kind: Channel['kind'] = 'continuous';
      if (canonical) {
        const conv = unitConversion(canonical, info.sourceUnit);
        if (conv && !usedNames.has(canonical.name)) {
          if (conv.factor !== 1 || conv.offset !== 0) for (let i = 0; i < values.length; i++) values[i] = values[i] * conv.factor + conv.offset;
          name = canonical.name;
          unit = canonical.unit;
          kind = canonical.kind;
        }
      }
      while (usedNames.has(name)) name = `${name}_2`;
      usedNames.add(name);
      channels.push({ name, sourceName: info.sourceName, unit, kind, timeS, values });
    }
    const meta = { ...this.meta };
    if (options.epochSeconds && meta.startTimeMs === null) meta.startTimeMs = Math.round(t0 * 1000);
    return { meta, channels };
  }
}

function sortAndDedupe(s: GrowableSeries): { timeS: Float64Array; values: Float64Array } {
  let t = s.t.subarray(0, s.n);
  let v = s.v.subarray(0, s.n);
  if (!s.sorted) {
    const idx = new Uint32Array(s.n);
    for (let i = 0; i < s.n; i++) idx[i] = i;
    // stable by original order for equal times, so "last reading wins" holds after dedupe
    idx.sort((a, b) => t[a] - t[b] || a - b);
    const nt = new Float64Array(s.n);
    const nv = new Float64Array(s.n);
    for (let i = 0; i < s.n; i++) { nt[i] = t[idx[i]]; nv[i] = v[idx[i]]; }
    t = nt; v = nv;
  }
  let m = 0;
  const outT = new Float64Array(t.length);
  const outV = new Float64Array(v.length);
  for (let i = 0; i < t.length; i++) {
    if (m > 0 && t[i] === outT[m - 1]) { outV[m - 1] = v[i]; continue; }
    outT[m] = t[i]; outV[m] = v[i]; m++;
  }
  return { timeS: outT.slice(0, m), values: outV.slice(0, m) };
}

export function emptyMeta(sourceFile: string, sourceFormat: string): SessionMeta {
  return { event: '', sessionName: '', track: '', vehicleId: '', vehicleNumber: '', driver: '', startTimeMs: null, sourceFile, sourceFormat };
}
