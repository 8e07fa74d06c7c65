// The all-pairs lap comparison on the CPU, float64: for every ordered pair of laps, the delta-time along
// the 1 m grid (final, largest loss, largest gain) and the per-metre energy differences summed over the
// grid. Same loop as gpu/lap-matrix.wgsl.ts (which needs Kahan summation in float32; float64 does not).

import { LAP_MATRIX_OUTPUTS, type LapMatrixInput, type LapMatrixOutput, type LapMatrixOutputName } from '../kernels.ts';

export function lapMatrixCpu(input: LapMatrixInput): LapMatrixOutput {
  const { laps: n, bins: m, timeOffsetS: t, tractionJ: tr, brakingJ: br } = input;
  if (t.length !== n * (m + 1) || tr.length !== n * m || br.length !== n * m) throw new RangeError(`lap matrix input: ${n} laps × ${m} bins do not match the array lengths`);
  const values = {} as Record<LapMatrixOutputName, Float64Array>;
  for (const k of LAP_MATRIX_OUTPUTS) values[k] = new Float64Array(n * n);
  const pts = m + 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ti = i * pts;
      const tj = j * pts;
      let maxD = -Infinity;
      let minD = Infinity;
      for (let k = 0; k < pts; k++) {
        const d = t[ti + k] - t[tj + k];
        if (d > maxD) maxD = d;
        if (d < minD) minD = d;
      }
      const ei = i * m;
      const ej = j * m;
      let dTr = 0;
      let dBr = 0;
      let l1 = 0;
      for (let k = 0; k < m; k++) {
        const a = tr[ei + k] - tr[ej + k];
        const b = br[ei + k] - br[ej + k];
        dTr += a;
        dBr += b;
        l1 += Math.abs(a - b);
      }
      const o = i * n + j;
      values.finalDeltaS[o] = t[ti + m] - t[tj + m];
      values.maxDeltaS[o] = maxD;
      values.minDeltaS[o] = minD;
      values.tractionDiffJ[o] = dTr;
      values.brakingDiffJ[o] = dBr;
      values.wheelL1J[o] = l1;
    }
  }
  return { laps: n, values };
}
