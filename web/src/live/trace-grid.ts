// The rolling charts' data: every car's channel sampled on one time grid over the window that ends at
// the view's "now" (the newest live frame, or the replay clock), as uPlot's aligned arrays — x in epoch
// seconds, null where a car has no value (uPlot leaves a gap).

import type { TraceChannel, TraceReader } from './trace-buffer.ts';

export type AlignedData = [number[], ...Array<Array<number | null>>];

export function rollingData(reader: TraceReader, cars: readonly string[], channel: TraceChannel, endMs: number, windowMs: number, points: number): AlignedData {
  const n = Math.max(2, Math.floor(points));
  const xs: number[] = new Array(n);
  const stepMs = windowMs / (n - 1);
  for (let i = 0; i < n; i++) xs[i] = (endMs - windowMs + i * stepMs) / 1000;
  const ys = cars.map((car) => {
    const y: Array<number | null> = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = reader.valueAt(car, channel, xs[i] * 1000);
      y[i] = Number.isFinite(v) ? v : null;
    }
    return y;
  });
  return [xs, ...ys];
}
