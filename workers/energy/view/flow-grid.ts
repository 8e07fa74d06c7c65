// What the FlowGrid view draws, computed in the energy worker: per metre the net, traction and braking
// power (kW) and the speed (km/h) of a lap, or the difference of two laps on one track map (A − B), the
// net energy vectors along the heading, the colour limit, and lap totals; the raster itself comes from
// the raster kernel (flowRaster) on whichever backend the worker picked.

import type { TrackModel } from '../../geometry/types.ts';
import type { RasterOutput } from '../kernels.ts';
import type { PerMetreEnergy } from '../lap-energy.ts';
import { signedLimits, type SignedLimits } from './colour-scale.ts';

const KMH = 3.6;

/** Per bin [j, j + 1) m of the lap, float32. Braking = brakes + engine braking, so that net = traction − braking. */
export interface FlowSeries {
  netKw: Float32Array;
  tractionKw: Float32Array;
  brakingKw: Float32Array;
  speedKmh: Float32Array;
}

export interface FlowTotals {
  lapTimeS: number;
  tractionKJ: number;
  brakingKJ: number;
  /** Traction − braking, kJ. */
  netKJ: number;
}

export interface FlowRaster {
  originXM: number;
  originYM: number;
  cellSizeM: number;
  cols: number;
  rows: number;
  /** Per cell (row-major, row 0 the southernmost) the value shown, kW; NaN outside the track. */
  valueKw: Float32Array;
}

export interface FlowGridData {
  mode: 'lap' | 'difference';
  lengthM: number;
  bins: number;
  /** The reference line at the grid points (local metres, x east, y north) and its direction of travel. */
  xM: Float64Array;
  yM: Float64Array;
  headingRad: Float64Array;
  a: FlowSeries;
  b: FlowSeries | null;
  /** A − B per bin (difference mode only). */
  delta: FlowSeries | null;
  /** What the raster and arrows show: A's net power (lap mode) or A − B (difference mode), kW per bin. */
  shownKw: Float32Array;
  /** Net wheel energy per metre along the heading (or its A − B difference), J per bin, x east / y north. */
  vectorXJ: Float32Array;
  vectorYJ: Float32Array;
  /** Colour limits of shownKw per sign (98th percentile of each side's magnitudes, rounded up), kW. */
  limitsKw: SignedLimits;
  totalsA: FlowTotals;
  totalsB: FlowTotals | null;
  raster: FlowRaster;
}

/** The lap's per-metre powers: energy in the bin ÷ time spent in it. */
export function flowSeries(pm: PerMetreEnergy): FlowSeries {
  const n = pm.bins;
  const out: FlowSeries = { netKw: new Float32Array(n), tractionKw: new Float32Array(n), brakingKw: new Float32Array(n), speedKmh: new Float32Array(n) };
  const v = pm.values;
  for (let j = 0; j < n; j++) {
    const t = v.timeS[j];
    const tr = v.tractionJ[j];
    const br = v.brakeFrontJ[j] + v.brakeRearJ[j] + v.engineBrakeJ[j];
    out.tractionKw[j] = t > 0 ? tr / t / 1000 : 0;
    out.brakingKw[j] = t > 0 ? br / t / 1000 : 0;
    out.netKw[j] = out.tractionKw[j] - out.brakingKw[j];
    out.speedKmh[j] = 0.5 * (pm.speedMs[j] + pm.speedMs[j + 1]) * KMH;
  }
  return out;
}

export function differenceSeries(a: FlowSeries, b: FlowSeries): FlowSeries {
  const d = (x: Float32Array, y: Float32Array) => x.map((v, j) => v - y[j]);
  return { netKw: d(a.netKw, b.netKw), tractionKw: d(a.tractionKw, b.tractionKw), brakingKw: d(a.brakingKw, b.brakingKw), speedKmh: d(a.speedKmh, b.speedKmh) };
}

export function flowTotals(pm: PerMetreEnergy, lapTimeS: number): FlowTotals {
  let tr = 0;
  let br = 0;
  const v = pm.values;
  for (let j = 0; j < pm.bins; j++) {
    tr += v.tractionJ[j];
    br += v.brakeFrontJ[j] + v.brakeRearJ[j] + v.engineBrakeJ[j];
  }
  return { lapTimeS, tractionKJ: tr / 1000, brakingKJ: br / 1000, netKJ: (tr - br) / 1000 };
}

/** The per-metre values the raster kernel should spread over the cells (kW, float64 as the kernels take them). */
export function shownValues(a: FlowSeries, delta: FlowSeries | null): Float64Array {
  return Float64Array.from(delta ? delta.netKw : a.netKw);
}

/** The raster kernel's output as the view draws it: float32, NaN outside the track. */
export function flowRaster(model: TrackModel, out: RasterOutput): FlowRaster {
  const { originXM, originYM, cellSizeM, cols, rows, cellIndex } = model.raster;
  const valueKw = new Float32Array(cols * rows);
  for (let i = 0; i < valueKw.length; i++) valueKw[i] = cellIndex[i] < 0 ? NaN : out.value[i];
  return { originXM, originYM, cellSizeM, cols, rows, valueKw };
}

export interface FlowLap {
  lapTimeS: number;
  perMetre: PerMetreEnergy;
}

/** Everything but the raster, for lap A alone or A − B. Both laps must be on `model`'s grid. */
export function flowGridData(model: TrackModel, a: FlowLap, b: FlowLap | null): Omit<FlowGridData, 'raster'> {
  if (b && b.perMetre.bins !== a.perMetre.bins) throw new RangeError(`the laps are on different grids (${a.perMetre.bins} and ${b.perMetre.bins} bins)`);
  const sa = flowSeries(a.perMetre);
  const sb = b ? flowSeries(b.perMetre) : null;
  const delta = sb ? differenceSeries(sa, sb) : null;
  const bins = a.perMetre.bins;
  const vectorXJ = new Float32Array(bins);
  const vectorYJ = new Float32Array(bins);
  const g = model.grid;
  for (let j = 0; j < bins; j++) {
    const w = a.perMetre.wheelJ[j] - (b ? b.perMetre.wheelJ[j] : 0);
    const h = g.headingRad[Math.min(j, g.headingRad.length - 1)];
    vectorXJ[j] = w * Math.cos(h);
    vectorYJ[j] = w * Math.sin(h);
  }
  const shownKw = delta ? delta.netKw : sa.netKw;
  return {
    mode: b ? 'difference' : 'lap',
    lengthM: a.perMetre.lengthM,
    bins,
    xM: g.xM,
    yM: g.yM,
    headingRad: g.headingRad,
    a: sa,
    b: sb,
    delta,
    shownKw,
    vectorXJ,
    vectorYJ,
    limitsKw: signedLimits(shownKw),
    totalsA: flowTotals(a.perMetre, a.lapTimeS),
    totalsB: b ? flowTotals(b.perMetre, b.lapTimeS) : null,
  };
}
