// Writes every received frame through the TelemetryStore in batches. While the database is away the
// frames wait in a bounded in-memory buffer (oldest dropped past the limit, counted) and the batch is
// retried with backoff; the store's idempotent key (session, car, ts) makes retries and QoS 1
// redeliveries harmless.

import { StorageError } from '../../storage/errors.ts';
import type { TelemetryFrame, TelemetryStore } from '../../storage/telemetry-store.ts';
import { Backoff, type BackoffOptions } from '../sources/backoff.ts';

export interface FrameWriterOptions {
  store: TelemetryStore;
  /** Frames per write (default 2000). */
  batchFrames?: number;
  /** Longest a frame waits before a write starts (default 100 ms). */
  flushIntervalMs?: number;
  /** Frames held at most while the database is away (default 250,000); older ones are dropped past it. */
  maxBufferedFrames?: number;
  backoff?: BackoffOptions;
  onDropped?: (frames: number, reason: 'overflow' | 'invalid') => void;
  onHealth?: (healthy: boolean, detail?: string) => void;
}

export interface FrameWriterStatus {
  healthy: boolean;
  bufferedFrames: number;
  maxBufferedFrames: number;
  writtenFrames: number;
  droppedFrames: number;
  lastError?: string;
}

export class FrameWriter {
  private queue: TelemetryFrame[] = [];
  private head = 0;
  /** Frames at the head of the queue that the current write carries. */
  private inFlight = 0;
  private writing = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private healthy = true;
  private lastError: string | undefined;
  private written = 0;
  private dropped = 0;
  private readonly backoff: Backoff;
  private readonly batchFrames: number;
  private readonly flushIntervalMs: number;
  readonly maxBufferedFrames: number;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: FrameWriterOptions) {
    this.batchFrames = options.batchFrames ?? 2000;
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    this.maxBufferedFrames = options.maxBufferedFrames ?? 250_000;
    this.backoff = new Backoff(options.backoff ?? { initialMs: 200, maxMs: 2000 });
  }

  get bufferedFrames(): number {
    return this.queue.length - this.head;
  }

  status(): FrameWriterStatus {
    return {
      healthy: this.healthy,
      bufferedFrames: this.bufferedFrames,
      maxBufferedFrames: this.maxBufferedFrames,
      writtenFrames: this.written,
      droppedFrames: this.dropped,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  add(frame: TelemetryFrame): void {
    if (this.closed) return;
    this.queue.push(frame);
    if (this.bufferedFrames > this.maxBufferedFrames) this.dropOldest();
    if (this.bufferedFrames >= this.batchFrames) void this.pump();
    else this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.pump();
    }, this.flushIntervalMs);
  }

  /** Resolves once everything added so far is written (or dropped). */
  drain(): Promise<void> {
    if (this.bufferedFrames === 0 && !this.writing) return Promise.resolve();
    void this.pump();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Writes what is buffered, for at most timeoutMs, then stops; returns the frames left unwritten. */
  async close(timeoutMs = 5000): Promise<number> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([this.drain(), deadline]);
    this.closed = true;
    return this.bufferedFrames;
  }

  /** Drops 1 % of the limit at once (the oldest frames not being written), so that overflow stays cheap. */
  private dropOldest(): void {
    const n = Math.max(1, Math.min(this.bufferedFrames - this.inFlight, Math.ceil(this.maxBufferedFrames / 100)));
    this.queue.splice(this.head + this.inFlight, n);
    this.dropped += n;
    this.options.onDropped?.(n, 'overflow');
  }

  private async pump(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      while (this.bufferedFrames > 0 && !this.closed) {
        const batch = this.queue.slice(this.head, this.head + this.batchFrames);
        this.inFlight = batch.length;
        try {
          try {
            await this.options.store.writeFrames(batch);
            this.taken(batch.length);
            this.written += batch.length;
          } catch (e) {
            if (!(e instanceof StorageError && e.code === 'bad-argument')) throw e;
            // a frame the store refuses would block the queue forever: write one by one and drop the bad ones
            await this.writeSingly(batch);
          }
          this.setHealthy(true);
        } catch (e) {
          this.inFlight = 0;
          this.setHealthy(false, e instanceof Error ? e.message : String(e));
          await new Promise((resolve) => setTimeout(resolve, this.backoff.next()));
        }
      }
    } finally {
      this.inFlight = 0;
      this.writing = false;
      if (this.bufferedFrames === 0 || this.closed) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    }
  }

  private async writeSingly(batch: TelemetryFrame[]): Promise<void> {
    for (const frame of batch) {
      try {
        await this.options.store.writeFrames([frame]);
        this.written++;
      } catch (e) {
        if (!(e instanceof StorageError && e.code === 'bad-argument')) throw e;
        this.dropped++;
        this.options.onDropped?.(1, 'invalid');
      }
      this.taken(1);
    }
  }

  private taken(n: number): void {
    this.head += n;
    this.inFlight = Math.max(0, this.inFlight - n);
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private setHealthy(healthy: boolean, detail?: string): void {
    if (healthy) this.backoff.reset();
    else this.lastError = detail;
    if (healthy === this.healthy) return;
    this.healthy = healthy;
    this.options.onHealth?.(healthy, detail);
  }
}
