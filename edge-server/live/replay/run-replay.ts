// Paces a replay plan onto a sink at real time × speed: frame time advances 1:1 with session time, and
// frame k goes out at start + (ts_k − ts_0) / speed of wall-clock time. Frames due together are sent
// as one batch; at most `window` batches are unacknowledged at once.

import type { LiveFrame } from '../frames/live-frame.ts';
import type { ReplayPlan } from './replay-plan.ts';
import type { ReplaySink } from './replay-sink.ts';

export interface RunReplayOptions {
  speed: number;
  /** Wall-clock start (performance.now() ms); default now. */
  startPerfMs?: number;
  signal?: AbortSignal;
  /** Unacknowledged batches at most (default 64). */
  window?: number;
  onProgress?: (sent: number, total: number) => void;
}

export interface ReplayResult {
  frames: number;
  wallS: number;
  /** Largest delay behind schedule seen at a send, ms. */
  maxLagMs: number;
  aborted: boolean;
}

export async function runReplay(plan: ReplayPlan, sink: ReplaySink, options: RunReplayOptions): Promise<ReplayResult> {
  if (!(options.speed > 0)) throw new RangeError(`speed must be > 0, got ${options.speed}`);
  const start = options.startPerfMs ?? performance.now();
  const window = options.window ?? 64;
  const inFlight = new Set<Promise<void>>();
  let firstTs: number | undefined;
  let sent = 0;
  let maxLagMs = 0;
  let batch: LiveFrame[] = [];
  let batchDue = 0;
  let failure: unknown;
  const flush = async () => {
    if (batch.length === 0) return;
    const frames = batch;
    batch = [];
    const p: Promise<void> = sink.publish(frames).then(
      () => {
        inFlight.delete(p);
      },
      (e: unknown) => {
        inFlight.delete(p);
        failure ??= e;
      },
    );
    inFlight.add(p);
    sent += frames.length;
    options.onProgress?.(sent, plan.count);
    if (inFlight.size >= window) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  for (const frame of plan.frames()) {
    if (options.signal?.aborted) break;
    firstTs ??= frame.tsMs;
    const due = start + (frame.tsMs - firstTs) / options.speed;
    if (batch.length && due - batchDue >= 1) await flush();
    if (batch.length === 0) {
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait, options.signal);
      maxLagMs = Math.max(maxLagMs, performance.now() - due);
      batchDue = due;
    }
    batch.push(frame);
  }
  await flush();
  await Promise.all(inFlight);
  if (failure) throw failure;
  return { frames: sent, wallS: (performance.now() - start) / 1000, maxLagMs, aborted: options.signal?.aborted ?? false };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
