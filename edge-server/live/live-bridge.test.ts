import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameKey, pgliteStore, startLiveServer, TestTablet, type LiveServer, type TestStore } from '../../tests/live/harness.ts';
import type { LiveFrame } from './frames/live-frame.ts';
import { defaultSession } from './live-bridge.ts';
import { nowMs } from './sources/telemetry-source.ts';

const T = Date.UTC(2026, 5, 14, 13, 0, 0);
const meta = () => ({ source: 'test', origin: 'unit', receivedAtMs: nowMs() });
const f = (car: string, i: number, values: Record<string, number>, sessionId?: string): LiveFrame => ({ carId: car, tsMs: T + i * 100, values, ...(sessionId ? { sessionId } : {}) });

describe('live bridge', () => {
  let db: TestStore;
  let live: LiveServer;
  let tablet: TestTablet;
  beforeAll(async () => {
    db = await pgliteStore();
    live = await startLiveServer({ sources: [], store: db.store });
    tablet = await TestTablet.connect(live.wsUrl);
  });
  afterAll(async () => {
    tablet.close();
    await live.close();
    await db.close();
  });

  it('shows a redelivered frame once but hands it to the store (which keeps it once)', async () => {
    const frames = [0, 1, 2].map((i) => f('d', i, { speed: 10 + i }, 'dup'));
    live.bridge.ingest(frames, meta());
    live.bridge.ingest([frames[1]], meta());
    await tablet.until(() => tablet.frames.has(frameKey('d', frames[2].tsMs)), 2000, 'the frames');
    await new Promise((r) => setTimeout(r, 50));
    expect(tablet.received).toBe(3);
    expect(live.bridge.status().duplicates).toBe(1);
    await live.bridge.writer!.drain();
    expect((await db.store.stats({ sessionId: 'dup' }))[0].count).toBe(3);
  });

  it('sends a late frame without derived values, and names the session of frames that name none', async () => {
    live.bridge.ingest([f('l', 10, { speed: 20 }), f('l', 12, { speed: 20 })], meta());
    live.bridge.ingest([f('l', 11, { speed: 20 })], meta());
    await tablet.until(() => tablet.frames.has(frameKey('l', T + 1100)), 2000, 'the late frame');
    expect(tablet.frames.get(frameKey('l', T + 1100))!.derived).toBeUndefined();
    expect(tablet.frames.get(frameKey('l', T + 1200))!.derived).toMatchObject({ distanceM: 4 });
    expect(tablet.frames.get(frameKey('l', T + 1000))!.session).toBe(defaultSession(T));
    expect(defaultSession(T)).toBe('live-20260614');
  });

  it('starts a car’s laps and distance over when it appears in a new session', async () => {
    live.bridge.ingest([f('s', 0, { speed: 10 }, 'one'), f('s', 10, { speed: 10 }, 'one')], meta());
    live.bridge.ingest([f('s', 20, { speed: 10 }, 'two'), f('s', 30, { speed: 10 }, 'two')], meta());
    await tablet.until(() => tablet.frames.has(frameKey('s', T + 3000)), 2000, 'the second session');
    expect(tablet.frames.get(frameKey('s', T + 1000))!.derived!.distanceM).toBeCloseTo(10, 9);
    expect(tablet.frames.get(frameKey('s', T + 3000))!.derived!.distanceM).toBeCloseTo(10, 9);
    expect(live.bridge.status().cars.find((c) => c.carId === 's')!.sessionId).toBe('two');
  });
});
