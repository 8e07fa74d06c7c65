// The curve at a signed offset n(s) from a reference line of curvature κ(s) (+ left): its curvature and its
// stretch (path metres per reference-line metre). Position = c(s) + n·normal, so with a = 1 − κn the
// tangent is a·t + n′·normal, stretch = √(a² + n′²) and
// curvature = (a²κ + a·n″ + n′(2n′κ + nκ′)) / stretch³.

export interface OffsetCurvePoint {
  curvaturePerM: number;
  stretch: number;
}

export function offsetCurve(kappaPerM: number, kappaRatePerM2: number, n: number, dn: number, ddn: number): OffsetCurvePoint {
  const a = 1 - n * kappaPerM;
  const stretch = Math.sqrt(a * a + dn * dn);
  const curvaturePerM = (a * a * kappaPerM + a * ddn + dn * (2 * dn * kappaPerM + n * kappaRatePerM2)) / (stretch * stretch * stretch);
  return { curvaturePerM, stretch };
}
