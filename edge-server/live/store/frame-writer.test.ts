import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '../../storage/errors.ts';
import { frameChecksum } from '../../storage/frame-checksum.ts';
import { openDatabase, openTelemetryStore, type Database } from '../../storage/open-store.ts';
import type { TelemetryFrame, TelemetryStore, WriteResult } from '../../storage/telemetry-store.ts';
import { FrameWriter } from './frame-writer.ts';

/** The real PGlite store behind a switch that makes writes fail as a lost database connection does. */
class SwitchedStore implements TelemetryStore {
  down = false;
  writes = 0;
  constructor(private readonly inner: TelemetryStore) {}
  get backend() {
    return this.inner.backend;
  }
  async writeFrames(frames: readonly TelemetryFrame[]): Promise<WriteResult> {
    this.writes++;
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    return this.inner.writeFrames(frames);
  }
  stats = (q: Parameters<TelemetryStore['stats']>[0]) => this.inner.stats(q);
  history = (q: Parameters<TelemetryStore['history']>[0]) => this.inner.history(q);
  readFrames = (q: Parameters<TelemetryStore['readFrames']>[0]) => this.inner.readFrames(q);
  listSessions = () => this.inner.listSessions();
  close = () => this.inner.close();
}

const frame = (session: string, i: number, car = 'c1'): TelemetryFrame => ({ sessionId: session, carId: car, tsMs: 1.8e12 + i * 10, values: { speed: i, rpm: 1000 + i } });

describe('FrameWriter', () => {
  let db: Database;
  let store: SwitchedStore;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite' });
    store = new SwitchedStore(await openTelemetryStore(db));
  });
  afterAll(() => db.close());

  it('writes in batches and stores each frame once, resent frames included', async () => {
    const writer = new FrameWriter({ store, batchFrames: 100, flushIntervalMs: 10 });
    const frames = Array.from({ length: 450 }, (_, i) => frame('w1', i));
    for (const f of frames) writer.add(f);
    for (const f of frames.slice(0, 50)) writer.add(f); // a QoS 1 redelivery
    await writer.drain();
    const [stats] = await store.stats({ sessionId: 'w1' });
    expect(stats.count).toBe(450);
    expect(stats.checksum).toBe(frameChecksum(frames));
    expect(writer.status()).toMatchObject({ healthy: true, bufferedFrames: 0, writtenFrames: 500 });
  });

  it('buffers while the database is away, retries with backoff, and catches up', async () => {
    const health: boolean[] = [];
    const writer = new FrameWriter({ store, batchFrames: 50, flushIntervalMs: 5, backoff: { initialMs: 20, maxMs: 50 }, onHealth: (h) => health.push(h) });
    store.down = true;
    const frames = Array.from({ length: 300 }, (_, i) => frame('w2', i));
    for (const f of frames.slice(0, 200)) writer.add(f);
    await new Promise((r) => setTimeout(r, 200));
    expect(writer.status()).toMatchObject({ healthy: false, bufferedFrames: 200, lastError: 'connect ECONNREFUSED 127.0.0.1:5432' });
    const attempts = store.writes;
    for (const f of frames.slice(200)) writer.add(f);
    store.down = false;
    await writer.drain();
    expect(store.writes).toBeGreaterThan(attempts);
    expect(health).toEqual([false, true]);
    const [stats] = await store.stats({ sessionId: 'w2' });
    expect(stats.count).toBe(300);
    expect(stats.checksum).toBe(frameChecksum(frames));
  });

  it('keeps its buffer bounded, dropping the oldest frames and counting them', async () => {
    const dropped: number[] = [];
    const writer = new FrameWriter({ store, batchFrames: 100, maxBufferedFrames: 1000, flushIntervalMs: 5, backoff: { initialMs: 20, maxMs: 20 }, onDropped: (n) => dropped.push(n) });
    store.down = true;
    const frames = Array.from({ length: 1500 }, (_, i) => frame('w3', i));
    for (const f of frames) writer.add(f);
    expect(writer.bufferedFrames).toBeLessThanOrEqual(1000);
    const lost = dropped.reduce((a, b) => a + b, 0);
    expect(lost).toBe(1500 - writer.bufferedFrames);
    store.down = false;
    await writer.drain();
    const [stats] = await store.stats({ sessionId: 'w3' });
    expect(stats.count).toBe(1500 - lost);
    // the newest frames survived
    const last = await store.readFrames({ sessionId: 'w3', carId: 'c1', fromMs: frames[1499].tsMs });
    expect(last).toHaveLength(1);
  });

  it('drops only the frames the store refuses, writing the rest of their batch', async () => {
    const refused: number[] = [];
    const writer = new FrameWriter({ store, batchFrames: 10, flushIntervalMs: 5, onDropped: (n, why) => why === 'invalid' && refused.push(n) });
    const frames = Array.from({ length: 10 }, (_, i) => frame('w4', i));
    const bad = { ...frame('w4', 99), carId: 'x'.repeat(300) };
    for (const f of [...frames.slice(0, 5), bad, ...frames.slice(5)]) writer.add(f);
    await writer.drain();
    expect(refused).toEqual([1]);
    expect((await store.stats({ sessionId: 'w4' }))[0].count).toBe(10);
    await expect(store.writeFrames([bad])).rejects.toBeInstanceOf(StorageError);
  });
});
