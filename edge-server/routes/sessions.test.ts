import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameChecksum } from '../storage/frame-checksum.ts';
import { postgresReachable } from '../storage/test-databases.ts';
import { ENGINEER_KEY, VIEWER_KEY, startTestApp, type TestApp } from '../sync/test-app.ts';

const T0 = Date.UTC(2024, 6, 1, 10);
// The routes are the same on every backend (the store tests cover each): the server when up, as it starts fastest.
const backend = (await postgresReachable()) ? 'postgres' : 'pglite';

describe('/api/sessions over the telemetry store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(() => t.close());
  const get = async (path: string) => {
    const res = await t.app.request(path, { headers: { Authorization: `Bearer ${VIEWER_KEY}` } });
    expect(res.status, path).toBe(200);
    return res.json();
  };

  it('writes batches idempotently and serves stats, history and raw frames', async () => {
    const frames = Array.from({ length: 300 }, (_, i) => ({ carId: i % 2 ? '44' : '7', tsMs: T0 + Math.floor(i / 2) * 100, values: { speed: i, gear: 3, oil_temp: i / 3 } }));
    const post = (body: unknown) =>
      t.app.request('/api/sessions/race-1/frames', { method: 'POST', headers: { Authorization: `Bearer ${ENGINEER_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const first = await post({ frames });
    expect(first.status).toBe(201);
    const replay = await post({ frames: frames.slice(0, 100) });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: 100, inserted: 0, duplicates: 100 });

    const stats = await get('/api/sessions/race-1/stats');
    const expected = (car: string) => frameChecksum(frames.filter((f) => f.carId === car).map((f) => ({ ...f, sessionId: 'race-1' })));
    expect(stats.cars.map((c: { carId: string; count: number; checksum: string }) => [c.carId, c.count, c.checksum])).toEqual([
      ['44', 150, expected('44')],
      ['7', 150, expected('7')],
    ]);

    const history = await get('/api/sessions/race-1/history?carId=7&channels=speed,gear&bucketMs=5000');
    expect(history.buckets.map((b: { bucketMs: number; frames: number }) => [b.bucketMs - T0, b.frames])).toEqual([
      [0, 50],
      [5000, 50],
      [10000, 50],
    ]);
    expect(history.buckets[0].channels.gear).toEqual({ avg: 3, min: 3, max: 3 });
    expect(history.buckets[0].channels.speed.min).toBe(0);

    const raw = await get(`/api/sessions/race-1/frames?carId=44&fromMs=${T0 + 1000}&limit=2`);
    expect(raw.frames).toEqual([
      { tsMs: T0 + 1000, values: { speed: 21, gear: 3, oil_temp: 7 } },
      { tsMs: T0 + 1100, values: { speed: 23, gear: 3, oil_temp: 23 / 3 } },
    ]);
    const list = await get('/api/sessions');
    expect(list).toMatchObject({ backend: backend === 'pglite' ? 'pglite' : t.telemetry.backend, sessions: [{ sessionId: 'race-1', cars: 2, frames: 300, firstTsMs: T0, lastTsMs: T0 + 149 * 100 }] });
  });
});
