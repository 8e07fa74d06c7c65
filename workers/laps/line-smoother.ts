// The driven line of each moment of a session: the session's mean line plus this pass's deviation w from
// it, estimated by a Kalman filter and Rauch–Tung–Striebel smoother along the distance along the line. The
// state is (w, w′, w″), w‴ white: the deviation bends smoothly. Three kinds of information:
// - the prior: a pass strays from the mean line by about wanderSigmaM over wanderLengthM (drivers repeat
//   their line closer than GPS can tell);
// - GPS: the fix's offset from the reference line minus the mean line, metres of correlated error, so each
//   fix counts for little;
// - path curvature (yaw rate / speed) minus the session's mean path curvature at that spot. The curvature
//   of a line offset by n from a bend of curvature κ is (a²κ + a·n″ + n′(2n′κ + nκ′)) / (a² + n′²)^{3/2},
//   a = 1 − κn, so a deviation changes it by g₀·w + g₁·w′ + g₂·w″ (the gains: that formula linearised about
//   the mean line). In the slow corners, exactly where the line decides how far along the reference line
//   the car is, g₀ ≈ κ²/a² is large and the yaw rate measures the pass's line to centimetres.

export interface LineSmootherInput {
  /** Distance along the reference line at each knot, unwrapped, non-decreasing (m). */
  distanceM: Float64Array;
  /** GPS offset minus the mean line at each knot (m); NaN where there is none. */
  gpsDeviationM: Float64Array;
  /** How many GPS offsets each knot's value averages (default 1): its variance is gpsSigmaM² / count. */
  gpsCount?: Float64Array;
  /** Path curvature minus the session's mean path curvature at each knot (1/m); NaN where there is none. */
  curvatureDeviationPerM?: Float64Array;
  /** Standard deviation of each curvature measurement (1/m). */
  curvatureSigmaPerM?: Float64Array;
  /** ∂(path curvature)/∂w (1/m²), ∂/∂w′ (1/m) and ∂/∂w″ (1) at each knot. */
  curvatureGainPerM2?: Float64Array;
  curvatureSlopeGainPerM?: Float64Array;
  curvatureBendGain?: Float64Array;
}

export interface LineSmootherOptions {
  /** Spectral density of w‴ (white), 1/m³: how fast the deviation's bend may change. */
  bendNoise: number;
  /** Standard deviation of one knot's GPS offset as a measurement of w (m): GPS error, inflated for its correlation. */
  gpsSigmaM: number;
  /** GPS deviations farther than this from the mean line (pit lane, off track) are not used (m). */
  gpsGateM: number;
  /** The prior: how far a pass strays from the mean line (σ, m) over what distance (m). */
  wanderSigmaM: number;
  wanderLengthM: number;
}

export const LINE_SMOOTHER_DEFAULTS: LineSmootherOptions = {
  bendNoise: 1e-10,
  gpsSigmaM: 2.5,
  gpsGateM: 3,
  wanderSigmaM: 0.1,
  wanderLengthM: 100,
};

/** Knots closer than this along the line (standing, crawling) add no more prior than this step would (m). */
const MIN_PRIOR_STEP_M = 0.5;

/** State size and the packed symmetric covariance: (00 01 02 11 12 22). */
const N = 3;
const C = 6;

/** The smoothed deviation w from the mean line at every knot (m). */
export function smoothLineDeviation(input: LineSmootherInput, options: LineSmootherOptions = LINE_SMOOTHER_DEFAULTS): Float64Array {
  const n = input.distanceM.length;
  const store = scratch(n);
  forward(input, options, store);
  return rtsBackward(input.distanceM, store.xf, store.pf, options.bendNoise);
}

/**
 * Reusable storage for the filtered states: sessions are smoothed one after another on a thread, and fresh
 * megabytes for every call cost more (zeroing, page faults, collection) than the filter itself.
 */
let shared: Store = { xf: new Float64Array(0), pf: new Float64Array(0) };
function scratch(n: number): Store {
  if (shared.xf.length < n * N) shared = { xf: new Float64Array(n * N), pf: new Float64Array(n * C) };
  return { xf: shared.xf.subarray(0, n * N), pf: shared.pf.subarray(0, n * C) };
}

/** The filtered states (the predictions are recomputed from them on the way back). */
interface Store {
  xf: Float64Array;
  pf: Float64Array;
}

/** The Kalman filter along the knots, storing the filtered states (scalar code: it runs for every knot of a session). */
function forward(input: LineSmootherInput, options: LineSmootherOptions, store: Store): void {
  const { distanceM: s, gpsDeviationM: gps } = input;
  const n = s.length;
  const empty = new Float64Array(0);
  const cd = input.curvatureDeviationPerM ?? empty;
  const cs = input.curvatureSigmaPerM ?? empty;
  const g0 = input.curvatureGainPerM2 ?? empty;
  const g1 = input.curvatureSlopeGainPerM ?? empty;
  const g2 = input.curvatureBendGain ?? empty;
  const haveCurvature = cd.length === n && cs.length === n && g0.length === n && g1.length === n && g2.length === n;
  const q = options.bendNoise;
  const rg = options.gpsSigmaM * options.gpsSigmaM;
  const priorPerM = options.wanderSigmaM * options.wanderSigmaM * options.wanderLengthM;
  const gate = options.gpsGateM;
  const { xf, pf } = store;
  const gpsCount = input.gpsCount;
  let x0 = 0, x1 = 0, x2 = 0;
  // P: w ± 1 m, slope ± 0.03, bend ± 0.003 1/m
  let p00 = 1, p01 = 0, p02 = 0, p11 = 9e-4, p12 = 0, p22 = 9e-6;
  for (let j = 0; j < n; j++) {
    const h = j > 0 ? Math.max(0, s[j] - s[j - 1]) : 0;
    if (h > 0) {
      // x ← F x, P ← F P Fᵀ + Q   (F = [1 h h²/2; 0 1 h; 0 0 1], w‴ white)
      const h2 = h * h, hh = 0.5 * h2;
      x0 += h * x1 + hh * x2;
      x1 += h * x2;
      const a00 = p00 + h * p01 + hh * p02, a01 = p01 + h * p11 + hh * p12, a02 = p02 + h * p12 + hh * p22;
      const a11 = p11 + h * p12, a12 = p12 + h * p22;
      p00 = a00 + h * a01 + hh * a02 + (q * h2 * h2 * h) / 20;
      p01 = a01 + h * a02 + (q * h2 * h2) / 8;
      p02 = a02 + (q * h2 * h) / 6;
      p11 = a11 + h * a12 + (q * h2 * h) / 3;
      p12 = a12 + (q * h2) / 2;
      p22 += q * h;
    }
    const jn = j * N, jc = j * C;
    // measurements of w alone (H = [1 0 0]), taken as one: the prior w = 0 spread over the wander length, and GPS
    {
      const priorR = priorPerM / (h > MIN_PRIOR_STEP_M ? h : MIN_PRIOR_STEP_M);
      const z = gps[j];
      let y = 0;
      let r = priorR;
      if (z === z && Math.abs(z) <= gate) {
        const gr = gpsCount ? rg / gpsCount[j] : rg;
        y = (z * priorR) / (priorR + gr);
        r = (priorR * gr) / (priorR + gr);
      }
      const sv = p00 + r;
      const inv = 1 / sv;
      const k0 = p00 * inv, k1 = p01 * inv, k2 = p02 * inv;
      const res = y - x0;
      x0 += k0 * res; x1 += k1 * res; x2 += k2 * res;
      p11 -= sv * k1 * k1; p12 -= sv * k1 * k2; p22 -= sv * k2 * k2;
      p01 -= sv * k0 * k1; p02 -= sv * k0 * k2; p00 -= sv * k0 * k0;
    }
    if (haveCurvature) {
      const y = cd[j];
      const sig = cs[j];
      const h0 = g0[j], h1 = g1[j], h2 = g2[j];
      if (y === y && sig > 0 && h0 === h0) {
        const ph0 = p00 * h0 + p01 * h1 + p02 * h2;
        const ph1 = p01 * h0 + p11 * h1 + p12 * h2;
        const ph2 = p02 * h0 + p12 * h1 + p22 * h2;
        const sv = h0 * ph0 + h1 * ph1 + h2 * ph2 + sig * sig;
        const inv = 1 / sv;
        const k0 = ph0 * inv, k1 = ph1 * inv, k2 = ph2 * inv;
        const res = y - (h0 * x0 + h1 * x1 + h2 * x2);
        x0 += k0 * res; x1 += k1 * res; x2 += k2 * res;
        p00 -= sv * k0 * k0; p01 -= sv * k0 * k1; p02 -= sv * k0 * k2;
        p11 -= sv * k1 * k1; p12 -= sv * k1 * k2; p22 -= sv * k2 * k2;
      }
    }
    xf[jn] = x0; xf[jn + 1] = x1; xf[jn + 2] = x2;
    pf[jc] = p00; pf[jc + 1] = p01; pf[jc + 2] = p02; pf[jc + 3] = p11; pf[jc + 4] = p12; pf[jc + 5] = p22;
  }
}

/**
 * Rauch–Tung–Striebel: x_s[j] = x_f[j] + G (x_s[j+1] − x_p[j+1]), G = P_f[j] Fᵀ P_p[j+1]⁻¹, with the
 * prediction x_p[j+1] = F x_f[j], P_p[j+1] = F P_f[j] Fᵀ + Q recomputed. Returns w.
 */
function rtsBackward(s: Float64Array, xf: Float64Array, pf: Float64Array, q: number): Float64Array {
  const n = s.length;
  const out = new Float64Array(n);
  let s0 = xf[(n - 1) * N], s1 = xf[(n - 1) * N + 1], s2 = xf[(n - 1) * N + 2];
  out[n - 1] = s0;
  for (let j = n - 2; j >= 0; j--) {
    const h = Math.max(0, s[j + 1] - s[j]);
    const f = j * C;
    const p00 = pf[f], p01 = pf[f + 1], p02 = pf[f + 2], p11 = pf[f + 3], p12 = pf[f + 4], p22 = pf[f + 5];
    // M = P_f Fᵀ (Fᵀ = [1 0 0; h 1 0; h²/2 h 1])
    const h2 = h * h, hh = 0.5 * h2;
    const m00 = p00 + h * p01 + hh * p02, m01 = p01 + h * p02, m02 = p02;
    const m10 = p01 + h * p11 + hh * p12, m11 = p11 + h * p12, m12 = p12;
    const m20 = p02 + h * p12 + hh * p22, m21 = p12 + h * p22, m22 = p22;
    // the predicted covariance at j + 1: F M + Q, and its inverse
    const a = m00 + h * m10 + hh * m20 + (q * h2 * h2 * h) / 20;
    const b = m01 + h * m11 + hh * m21 + (q * h2 * h2) / 8;
    const c = m02 + h * m12 + hh * m22 + (q * h2 * h) / 6;
    const d = m11 + h * m21 + (q * h2 * h) / 3;
    const e = m12 + h * m22 + (q * h2) / 2;
    const ff = m22 + q * h;
    const i00 = d * ff - e * e, i01 = c * e - b * ff, i02 = b * e - c * d;
    const i11 = a * ff - c * c, i12 = b * c - a * e, i22 = a * d - b * b;
    const det = a * i00 + b * i01 + c * i02;
    const x0 = xf[j * N], x1 = xf[j * N + 1], x2 = xf[j * N + 2];
    const e0 = s0 - (x0 + h * x1 + hh * x2), e1 = s1 - (x1 + h * x2), e2 = s2 - x2;
    if (!(Math.abs(det) > 1e-300)) {
      s0 = x0; s1 = x1; s2 = x2;
    } else {
      // v = P_p⁻¹ e
      const id = 1 / det;
      const v0 = (i00 * e0 + i01 * e1 + i02 * e2) * id;
      const v1 = (i01 * e0 + i11 * e1 + i12 * e2) * id;
      const v2 = (i02 * e0 + i12 * e1 + i22 * e2) * id;
      s0 = x0 + m00 * v0 + m01 * v1 + m02 * v2;
      s1 = x1 + m10 * v0 + m11 * v1 + m12 * v2;
      s2 = x2 + m20 * v0 + m21 * v1 + m22 * v2;
    }
    out[j] = s0;
  }
  return out;
}
