// Builds a track line from the GPS of driven laps: laps of odd length are rejected, every lap is projected
// onto a reference (the median-length lap, smoothed), its lateral offset is resampled on the reference's
// 1 m stations, and the per-station median offset gives the fused line (iterated; laps whose shape strays
// are rejected). The start/finish is where the laps begin. Used by the telemetry side.

import { IngestError } from '../../ingest/errors.ts';
import { frameAroundPoints, localToGeodetic, projectToLocal } from '../projection.ts';
import { buildTrackIndex, projectOnTrack } from '../projector.ts';
import { cleanClosedPolyline, closedPolylineLengthM, median } from '../polyline.ts';
import { buildReferenceLine } from '../reference-line.ts';
import type { TrackGrid, TrackSource } from '../types.ts';

export interface GpsLap {
  latDeg: ArrayLike<number>;
  lonDeg: ArrayLike<number>;
  /** Label used in the report (default: the lap's index in the input). */
  label?: string | number;
}

export interface GpsLapFusionOptions {
  name?: string;
  /** Laps whose closed length differs from the median by more than this fraction are rejected (default 0.03). */
  lengthTolerance?: number;
  /** A lap whose end is farther than this from its start is not a lap (default 60 m). */
  maxClosingGapM?: number;
  /** Laps whose RMS offset from the fused line exceeds max(shapeRmsFactor × median RMS, minShapeRmsM) are rejected. */
  shapeRmsFactor?: number;
  minShapeRmsM?: number;
  /** Fusion passes (default 3; the first one also rejects laps of the wrong shape). */
  iterations?: number;
  /**
   * Spacing of the fused points, metres (default 4): far enough apart that their noise is nearly independent
   * (lap samples are interpolated onto the stations), so the reference line's noise estimate sees it.
   */
  outputSpacingM?: number;
}

export interface GpsLapFusionReport {
  used: (string | number)[];
  rejected: { lap: string | number; reason: string }[];
  /** Closed polyline length of every input lap (NaN when it had too few points). */
  lapLengthsM: number[];
  /** RMS across-line offset of each used lap from the fused line, metres. */
  rmsOffsetM: number[];
}

interface LocalLap {
  label: string | number;
  x: Float64Array;
  y: Float64Array;
  lengthM: number;
}

export function fuseGpsLaps(laps: GpsLap[], options: GpsLapFusionOptions = {}): { source: TrackSource; report: GpsLapFusionReport } {
  const file = options.name ?? 'gps-laps';
  const tol = options.lengthTolerance ?? 0.03;
  const rejected: GpsLapFusionReport['rejected'] = [];
  const allLat: number[] = [];
  const allLon: number[] = [];
  const finite = laps.map((lap, i) => {
    const label = lap.label ?? i;
    const lat: number[] = [];
    const lon: number[] = [];
    const n = Math.min(lap.latDeg.length, lap.lonDeg.length);
    for (let k = 0; k < n; k++) {
      const la = lap.latDeg[k];
      const lo = lap.lonDeg[k];
      if (Number.isFinite(la) && Number.isFinite(lo) && Math.abs(la) <= 90 && Math.abs(lo) <= 180 && !(la === 0 && lo === 0)) {
        lat.push(la);
        lon.push(lo);
      }
    }
    for (let k = 0; k < lat.length; k += 10) {
      allLat.push(lat[k]);
      allLon.push(lon[k]);
    }
    return { label, lat, lon };
  });
  if (allLat.length === 0) throw new IngestError('no-data', 'no valid GPS positions in the laps', { file });
  const frame = frameAroundPoints(allLat, allLon);
  const lapLengthsM: number[] = [];
  let candidates: LocalLap[] = [];
  for (const f of finite) {
    const p = projectToLocal(frame, f.lat, f.lon);
    const keep = cleanClosedPolyline(p.xM, p.yM, 0.05);
    if (keep.length < 20) {
      lapLengthsM.push(NaN);
      rejected.push({ lap: f.label, reason: 'too few GPS points' });
      continue;
    }
    const x = Float64Array.from(keep, (k) => p.xM[k]);
    const y = Float64Array.from(keep, (k) => p.yM[k]);
    const lengthM = closedPolylineLengthM(x, y);
    lapLengthsM.push(lengthM);
    const gap = Math.hypot(x[0] - x[x.length - 1], y[0] - y[y.length - 1]);
    if (gap > (options.maxClosingGapM ?? 60)) {
      rejected.push({ lap: f.label, reason: `not a closed lap (ends ${gap.toFixed(0)} m from its start)` });
      continue;
    }
    candidates.push({ label: f.label, x, y, lengthM });
  }
  if (candidates.length === 0) throw new IngestError('no-data', 'no complete lap in the GPS data', { file });
  const medLen = median(candidates.map((c) => c.lengthM));
  candidates = candidates.filter((c) => {
    const dev = c.lengthM / medLen - 1;
    if (Math.abs(dev) <= tol) return true;
    rejected.push({ lap: c.label, reason: `length ${c.lengthM.toFixed(0)} m is ${(dev * 100).toFixed(1)} % off the median` });
    return false;
  });
  const ref = [...candidates].sort((a, b) => Math.abs(a.lengthM - medLen) - Math.abs(b.lengthM - medLen))[0];
  let grid = buildReferenceLine({ xM: ref.x, yM: ref.y }).grid;
  // First pass: offsets from the reference lap; laps that stray from the others are rejected once.
  let offsets = offsetsFrom(grid, candidates);
  if (candidates.length > 2) {
    const fused = fuseOffsets(offsets, grid.xM.length);
    const rms = offsets.map((o) => rmsAgainst(o, fused));
    const limit = Math.max((options.shapeRmsFactor ?? 3) * median(rms), options.minShapeRmsM ?? 2);
    const keep = candidates.map((c, i) => {
      const covered = coverage(offsets[i]);
      if (covered < 0.9) {
        rejected.push({ lap: c.label, reason: `covers only ${(covered * 100).toFixed(0)} % of the line` });
        return false;
      }
      if (rms[i] > limit) {
        rejected.push({ lap: c.label, reason: `shape: RMS ${rms[i].toFixed(1)} m from the other laps (limit ${limit.toFixed(1)} m)` });
        return false;
      }
      return true;
    });
    if (!keep.some((k) => k)) throw new IngestError('no-data', 'no two GPS laps agree on the track shape', { file });
    candidates = candidates.filter((_c, i) => keep[i]);
    offsets = offsets.filter((_o, i) => keep[i]);
  }
  const spacing = Math.max(1, Math.round(options.outputSpacingM ?? 4));
  grid = rebuild(grid, fuseOffsets(offsets, grid.xM.length), spacing);
  for (let it = 1; it < Math.max(1, options.iterations ?? 3); it++) {
    grid = rebuild(grid, fuseOffsets(offsetsFrom(grid, candidates), grid.xM.length), spacing);
  }
  offsets = offsetsFrom(grid, candidates);
  // Start/finish: where the laps begin, as a median distance on the fused line (unwrapped around the first).
  const finalIndex = buildTrackIndex(grid);
  const starts = candidates.map((c) => projectOnTrack(finalIndex, c.x[0], c.y[0]).distanceM);
  const L = grid.lengthM;
  const s0 = starts[0];
  const sMed = median(starts.map((s) => s0 + (((s - s0 + L / 2) % L) + L) % L - L / 2));
  const sf = pointAt(grid, ((sMed % L) + L) % L);
  const n = grid.xM.length;
  const outN = Math.ceil(n / spacing);
  const latDeg = new Float64Array(outN);
  const lonDeg = new Float64Array(outN);
  for (let k = 0; k < outN; k++) {
    const g = localToGeodetic(frame, grid.xM[k * spacing], grid.yM[k * spacing]);
    latDeg[k] = g.latDeg;
    lonDeg[k] = g.lonDeg;
  }
  const sfGeo = localToGeodetic(frame, sf.xM, sf.yM);
  const fused = fuseOffsets(offsets, n);
  const report: GpsLapFusionReport = {
    used: candidates.map((c) => c.label),
    rejected,
    lapLengthsM,
    rmsOffsetM: offsets.map((o) => rmsAgainst(o, fused)),
  };
  const source: TrackSource = {
    name: options.name ?? 'Track from GPS laps',
    sourceFormat: 'gps-laps',
    sourceFile: '',
    points: { frame: 'wgs84', latDeg, lonDeg },
    startFinish: { frame: 'wgs84', latDeg: sfGeo.latDeg, lonDeg: sfGeo.lonDeg },
  };
  if (rejected.length) source.warnings = rejected.map((r) => `lap ${r.lap} left out: ${r.reason}`);
  return { source, report };
}

function offsetsFrom(grid: TrackGrid, laps: LocalLap[]): Float64Array[] {
  const index = buildTrackIndex(grid);
  return laps.map((c) => lateralOnStations(index, grid, c));
}

/** The lap's signed offset from the line at every grid station (NaN where the lap does not cover it). */
function lateralOnStations(index: ReturnType<typeof buildTrackIndex>, grid: TrackGrid, lap: LocalLap): Float64Array {
  const L = grid.lengthM;
  const s: number[] = [];
  const lat: number[] = [];
  // Laps start at the start/finish line, which is distance 0 of the reference (built from a lap, or from fused
  // stations that keep its origin): the first hint, so a start on a figure-eight crossing finds its strand.
  let hint: number | undefined = 0;
  let unwrapped = 0;
  let prev = 0;
  for (let k = 0; k < lap.x.length; k++) {
    const p = projectOnTrack(index, lap.x[k], lap.y[k], { hintDistanceM: hint });
    if (k === 0) unwrapped = p.distanceM;
    else {
      let d = p.distanceM - prev;
      d -= L * Math.round(d / L);
      unwrapped += d;
    }
    prev = p.distanceM;
    hint = p.distanceM;
    if (s.length === 0 || unwrapped > s[s.length - 1]) {
      s.push(unwrapped);
      lat.push(p.lateralM);
    }
  }
  const n = grid.xM.length;
  const out = new Float64Array(n).fill(NaN);
  const first = s[0];
  const last = s[s.length - 1];
  for (let i = 0; i < n; i++) {
    let u = grid.distanceM[i];
    u += L * Math.ceil((first - u) / L); // u in [first, first + L)
    if (u <= last) {
      let lo = 0;
      let hi = s.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (s[mid] <= u) lo = mid;
        else hi = mid;
      }
      const f = s[hi] > s[lo] ? (u - s[lo]) / (s[hi] - s[lo]) : 0;
      out[i] = lat[lo] + Math.min(1, Math.max(0, f)) * (lat[hi] - lat[lo]);
    } else if (first + L - last < 30) {
      // Across the lap's own start/finish gap.
      const f = (u - last) / (first + L - last);
      out[i] = lat[lat.length - 1] + f * (lat[0] - lat[lat.length - 1]);
    }
  }
  return out;
}

function fuseOffsets(offsets: Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    vals.length = 0;
    for (const o of offsets) if (Number.isFinite(o[i])) vals.push(o[i]);
    if (vals.length === 0) continue;
    if (vals.length < 3) out[i] = vals.reduce((a, b) => a + b, 0) / vals.length;
    else out[i] = median(vals);
  }
  return out;
}

function rmsAgainst(o: Float64Array, ref: Float64Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < o.length; i++) {
    if (Number.isFinite(o[i]) && Number.isFinite(ref[i])) {
      s += (o[i] - ref[i]) ** 2;
      n++;
    }
  }
  return n ? Math.sqrt(s / n) : Infinity;
}

function coverage(o: Float64Array): number {
  let n = 0;
  for (const v of o) if (Number.isFinite(v)) n++;
  return n / o.length;
}

/** New reference line through every `spacing`-th grid point moved sideways by the fused offset. */
function rebuild(grid: TrackGrid, offset: Float64Array, spacing: number): TrackGrid {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < grid.xM.length; i += spacing) {
    if (!Number.isFinite(offset[i])) continue;
    const h = grid.headingRad[i];
    xs.push(grid.xM[i] - Math.sin(h) * offset[i]);
    ys.push(grid.yM[i] + Math.cos(h) * offset[i]);
  }
  return buildReferenceLine({ xM: xs, yM: ys }).grid;
}

function pointAt(grid: TrackGrid, s: number): { xM: number; yM: number } {
  const n = grid.xM.length;
  const i = Math.min(n - 1, Math.floor(s / grid.stepM));
  const j = i + 1 < n ? i + 1 : 0;
  const step = i + 1 < n ? grid.stepM : grid.lengthM - grid.distanceM[i];
  const f = step > 0 ? (s - grid.distanceM[i]) / step : 0;
  return { xM: grid.xM[i] + f * (grid.xM[j] - grid.xM[i]), yM: grid.yM[i] + f * (grid.yM[j] - grid.yM[i]) };
}
