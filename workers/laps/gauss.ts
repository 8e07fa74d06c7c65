// Normal distribution helpers for combining timing measurements: density, cumulative distribution
// (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8) and the mean of a normal truncated to an interval.

const INV_SQRT_2PI = 0.3989422804014327;

export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

export function normalCdf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.2316419 * z);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = normalPdf(z) * poly;
  return x >= 0 ? 1 - tail : tail;
}

/** Mean of N(mu, sd²) restricted to [a, b] (the nearer end when the interval holds no probability). */
export function truncatedNormalMean(mu: number, sd: number, a: number, b: number): number {
  const al = (a - mu) / sd;
  const be = (b - mu) / sd;
  const z = normalCdf(be) - normalCdf(al);
  if (z < 1e-12) return mu < a ? a : b;
  return mu + (sd * (normalPdf(al) - normalPdf(be))) / z;
}
