// Lines the accelerometer up with the speed signal before it is used for energy: a logger's
// acceleration channel lags (anti-alias filter, CAN delay), carries an offset (mounting pitch,
// calibration) and may count braking as positive (the GR Cup's accx_can does). The lag τ maximises the
// correlation of acc(t + τ), smoothed to the same bandwidth, with dv/dt (the Savitzky–Golay derivative of
// speed: zero phase, no lag of its own); the sign s is that of the correlation, and the offset
// b = mean(acc(t + τ) − s·dv/dt).

import type { Channel } from '../model/session.ts';
import { DEFAULT_DERIVATIVE_MIN_POINTS, DEFAULT_DERIVATIVE_WINDOW_S, savitzkyGolayDerivative, savitzkyGolaySmooth, type DerivativeOptions } from './derivative.ts';
import { interpolateArrays } from './interpolate.ts';

export interface AccelAlignment {
  /** The accelerometer reading at t + lagS belongs to time t, s (positive: the sensor lags). */
  lagS: number;
  /** Subtracted from the accelerometer, m/s². */
  offsetMs2: number;
  /** −1 when the accelerometer reads braking as positive (then a = −(acc − b)), else 1. */
  sign: 1 | -1;
  /** Least-squares gain of acc on dv/dt (≈ ±1 for a calibrated sensor in m/s²; informative, not applied). */
  gain: number;
  /** RMS of s·(acc(t + τ) − b) − dv/dt after alignment, m/s². */
  residualRmsMs2: number;
  samples: number;
}

/** The corrected acceleration for an accelerometer reading at t + lagS. */
export function alignedAcceleration(alignment: AccelAlignment | null, reading: number): number {
  return alignment ? alignment.sign * (reading - alignment.offsetMs2) : reading;
}

export interface AccelAlignmentOptions {
  /** Largest lag searched either way, s (default 0.3), in steps of stepS (default 0.001). */
  maxLagS?: number;
  stepS?: number;
  derivative?: DerivativeOptions;
}

/** Alignment estimated over the samples within [t0, t1] (null with fewer than 20 accelerometer samples there). */
export function estimateAccelAlignment(acc: Channel, speed: Channel, t0: number, t1: number, options: AccelAlignmentOptions = {}): AccelAlignment | null {
  const maxLag = options.maxLagS ?? 0.3;
  const step = options.stepS ?? 0.001;
  const ta: number[] = [];
  for (const t of acc.timeS) if (t >= t0 + maxLag && t <= t1 - maxLag) ta.push(t);
  if (ta.length < 20) return null;
  const tq = Float64Array.from(ta);
  // dv/dt on the speed channel's own samples around the span, then at the accelerometer's times
  let a = 0;
  while (a < speed.timeS.length && speed.timeS[a] < t0 - 2) a++;
  let b = a;
  while (b < speed.timeS.length && speed.timeS[b] <= t1 + 2) b++;
  if (b - a < 5) return null;
  const ts = speed.timeS.subarray(a, b);
  const dv = interpolateArrays(ts, savitzkyGolayDerivative(ts, speed.values.subarray(a, b), options.derivative), tq);
  // the accelerometer smoothed over the derivative's effective window (wider where speed is logged slowly),
  // so that both signals have the same bandwidth and the correlation peak sits at the lag
  const windowS = options.derivative?.windowS ?? DEFAULT_DERIVATIVE_WINDOW_S;
  const minPoints = options.derivative?.minPoints ?? DEFAULT_DERIVATIVE_MIN_POINTS;
  const effectiveS = Math.max(windowS, (minPoints - 1) * medianStep(ts));
  const accS = savitzkyGolaySmooth(acc.timeS, acc.values, { windowS: effectiveS, minPoints: 3 });
  const shifted = new Float64Array(tq.length);
  let best: { lag: number; corr: number } | null = null;
  const steps = Math.round(maxLag / step);
  for (let k = -steps; k <= steps; k++) {
    const lag = k * step;
    for (let i = 0; i < tq.length; i++) shifted[i] = tq[i] + lag;
    const corr = correlation(interpolateArrays(acc.timeS, accS, shifted), dv);
    if (corr !== null && (!best || Math.abs(corr) > Math.abs(best.corr))) best = { lag, corr };
  }
  if (!best) return null;
  for (let i = 0; i < tq.length; i++) shifted[i] = tq[i] + best.lag;
  const ac = interpolateArrays(acc.timeS, acc.values, shifted);
  const sign: 1 | -1 = best.corr < 0 ? -1 : 1;
  let count = 0, mA = 0, mD = 0;
  for (let i = 0; i < tq.length; i++) if (Number.isFinite(ac[i]) && Number.isFinite(dv[i])) { mA += ac[i]; mD += dv[i]; count++; }
  mA /= count;
  mD /= count;
  let sAD = 0, sDD = 0;
  for (let i = 0; i < tq.length; i++) if (Number.isFinite(ac[i]) && Number.isFinite(dv[i])) { sAD += (ac[i] - mA) * (dv[i] - mD); sDD += (dv[i] - mD) ** 2; }
  const offset = mA - sign * mD;
  let ss = 0;
  for (let i = 0; i < tq.length; i++) if (Number.isFinite(ac[i]) && Number.isFinite(dv[i])) ss += (sign * (ac[i] - offset) - dv[i]) ** 2;
  return { lagS: best.lag, offsetMs2: offset, sign, gain: sDD > 0 ? sAD / sDD : 0, residualRmsMs2: Math.sqrt(ss / count), samples: count };
}

function medianStep(t: Float64Array): number {
  const d: number[] = [];
  for (let i = 1; i < t.length; i++) d.push(t[i] - t[i - 1]);
  d.sort((a, b) => a - b);
  return d.length ? d[d.length >> 1] : 0;
}

/** Pearson correlation over the finite pairs (null with fewer than 20 or no variance). */
function correlation(x: Float64Array, y: Float64Array): number | null {
  let n = 0, mx = 0, my = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) { mx += x[i]; my += y[i]; n++; }
  if (n < 20) return null;
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}
