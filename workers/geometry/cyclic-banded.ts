// Solver for symmetric positive-definite cyclic banded systems (band p, entries wrap around the corners),
// as they arise in periodic splines: banded Cholesky of the leading block plus a small Schur complement.

/**
 * A symmetric cyclic band matrix of size n: bands[k][i] = A[i][(i + k) mod n] for k = 0..p.
 * Requires n > 2p + 1 so that no two band entries fall on the same cell.
 */
export interface CyclicBandMatrix {
  n: number;
  bands: Float64Array[];
}

/** Factorisation reusable for several right-hand sides. */
export interface CyclicBandFactor {
  n: number;
  p: number;
  m: number;
  /** Banded Cholesky factor of the leading m×m block: lower[k][i] = L[i][i - k]. */
  lower: Float64Array[];
  /** A12 (m × p, column-major) and Z = A11⁻¹ A12. */
  a12: Float64Array[];
  z: Float64Array[];
  /** Cholesky factor of the p×p Schur complement, row-major dense. */
  schurL: Float64Array;
}

export function factorCyclicBand(a: CyclicBandMatrix): CyclicBandFactor {
  const n = a.n;
  const p = a.bands.length - 1;
  if (n <= 2 * p + 1) throw new RangeError(`cyclic band system too small: n=${n}, band=${p}`);
  const m = n - p;
  const lower = Array.from({ length: p + 1 }, () => new Float64Array(m));
  const a12 = Array.from({ length: p }, () => new Float64Array(m));
  const a22 = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    if (i >= m) a22[(i - m) * p + (i - m)] += a.bands[0][i];
    for (let k = 1; k <= p; k++) {
      const j = (i + k) % n;
      const v = a.bands[k][i];
      if (i < m && j < m) lower[k][j] = v; // within the leading block: A[j][j-k] (j = i + k here)
      else if (i < m) a12[j - m][i] += v;
      else if (j < m) a12[i - m][j] += v;
      else {
        a22[(i - m) * p + (j - m)] += v;
        a22[(j - m) * p + (i - m)] += v;
      }
    }
    if (i < m) lower[0][i] = a.bands[0][i];
  }
  bandCholesky(lower, m, p);
  const z = a12.map((col) => {
    const x = Float64Array.from(col);
    bandSolveInPlace(lower, m, p, x);
    return x;
  });
  const schur = new Float64Array(p * p);
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < p; c++) {
      let s = 0;
      const ar = a12[r];
      const zc = z[c];
      for (let i = 0; i < m; i++) s += ar[i] * zc[i];
      schur[r * p + c] = a22[r * p + c] - s;
    }
  }
  denseCholesky(schur, p);
  return { n, p, m, lower, a12, z, schurL: schur };
}

/** Solves A x = b (b is left untouched). */
export function solveCyclicBand(f: CyclicBandFactor, b: Float64Array): Float64Array {
  const { n, p, m, lower, a12, z, schurL } = f;
  if (b.length !== n) throw new RangeError('right-hand side has the wrong length');
  const x = new Float64Array(n);
  const y1 = b.slice(0, m);
  bandSolveInPlace(lower, m, p, y1);
  const r2 = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    let s = 0;
    const ar = a12[r];
    for (let i = 0; i < m; i++) s += ar[i] * y1[i];
    r2[r] = b[m + r] - s;
  }
  denseSolveInPlace(schurL, p, r2);
  for (let i = 0; i < m; i++) {
    let s = y1[i];
    for (let r = 0; r < p; r++) s -= z[r][i] * r2[r];
    x[i] = s;
  }
  for (let r = 0; r < p; r++) x[m + r] = r2[r];
  return x;
}

/** In-place banded Cholesky: on entry lower[k][i] = A[i][i-k]; on exit L[i][i-k]. */
function bandCholesky(l: Float64Array[], m: number, p: number): void {
  for (let i = 0; i < m; i++) {
    for (let k = p; k >= 1; k--) {
      const j = i - k;
      if (j < 0) continue;
      // L[i][j] = (A[i][j] - Σ_{q<j} L[i][q] L[j][q]) / L[j][j]
      let s = l[k][i];
      for (let q = Math.max(0, i - p); q < j; q++) s -= l[i - q][i] * l[j - q][j];
      l[k][i] = s / l[0][j];
    }
    let d = l[0][i];
    for (let q = Math.max(0, i - p); q < i; q++) d -= l[i - q][i] * l[i - q][i];
    if (!(d > 0)) throw new RangeError('matrix is not positive definite');
    l[0][i] = Math.sqrt(d);
  }
}

function bandSolveInPlace(l: Float64Array[], m: number, p: number, x: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = x[i];
    for (let k = 1; k <= p && k <= i; k++) s -= l[k][i] * x[i - k];
    x[i] = s / l[0][i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = 1; k <= p && i + k < m; k++) s -= l[k][i + k] * x[i + k];
    x[i] = s / l[0][i];
  }
}

function denseCholesky(a: Float64Array, p: number): void {
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let q = 0; q < j; q++) s -= a[i * p + q] * a[j * p + q];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('matrix is not positive definite');
        a[i * p + i] = Math.sqrt(s);
      } else a[i * p + j] = s / a[j * p + j];
    }
    for (let j = i + 1; j < p; j++) a[i * p + j] = 0;
  }
}

function denseSolveInPlace(l: Float64Array, p: number, x: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = x[i];
    for (let q = 0; q < i; q++) s -= l[i * p + q] * x[q];
    x[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let q = i + 1; q < p; q++) s -= l[q * p + i] * x[q];
    x[i] = s / l[i * p + i];
  }
}
