// The benchmark's telemetry: a car's frame at 100 Hz with the demo logger's channel set (14 channels)
// plus a sequence number, stamped with the publisher's wall clock so that receivers measure latency.

export const CHANNELS = ['speed', 'throttle', 'brake_front', 'brake_rear', 'steering', 'acc_long', 'acc_lat', 'yaw_rate', 'gear', 'rpm', 'lat', 'lon', 'lap_distance', 'lap'];

export function benchFrame(car: number, seq: number, tsMs: number): string {
  const t = seq / 100;
  const values: Record<string, number> = {
    speed: 40 + 15 * Math.sin(t / 3 + car),
    throttle: 50 + 50 * Math.sin(t),
    brake_front: Math.max(0, 30 * Math.sin(t + 2)),
    brake_rear: Math.max(0, 20 * Math.sin(t + 2)),
    steering: 90 * Math.sin(t / 2),
    acc_long: 5 * Math.cos(t),
    acc_lat: 10 * Math.sin(t / 2),
    yaw_rate: 0.5 * Math.sin(t / 2),
    gear: 1 + (seq % 6),
    rpm: 5000 + 2000 * Math.sin(t),
    lat: 52.07 + 0.001 * Math.sin(t / 10),
    lon: -1.01 + 0.001 * Math.cos(t / 10),
    lap_distance: (t * 45) % 4000,
    lap: 1 + Math.floor((t * 45) / 4000),
    seq,
  };
  return JSON.stringify({ car: `car-${car}`, ts: tsMs, values });
}

/** Wall clock with sub-millisecond resolution. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
