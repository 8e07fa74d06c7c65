import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from './errors.ts';
import { frameChecksum } from './frame-checksum.ts';
import { compressChunksNow } from './frame-schema.ts';
import { openTelemetryStore, type Database } from './open-store.ts';
import type { TelemetryFrame, TelemetryStore } from './telemetry-store.ts';
import { openTestDatabase, reachableBackends } from './test-databases.ts';

const T0_MS = Date.UTC(2024, 2, 1, 23, 59, 0); // frames cross midnight: two daily partitions / many hourly chunks
const NASTY = `'; DROP TABLE frames; -- \\ " $1 %s \u00e9\u{1F3CE}`;

function makeFrames(sessionId: string, carId: string, n: number, hz: number, offsetMs = 0): TelemetryFrame[] {
  return Array.from({ length: n }, (_, i) => ({
    sessionId,
    carId,
    tsMs: T0_MS + offsetMs + (i * 1000) / hz,
    values: { speed: 30 + Math.sin(i / 10) * 5, rpm: 5000 + i, gear: (i % 6) + 1, lat: 40.123456789012 + i * 1e-9, ...(i % 3 === 0 ? { tyre_temp_fl: 80 + i / 7 } : {}) },
  }));
}

function shuffled<T>(xs: readonly T[], seed = 7): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const backends = (await reachableBackends(['pglite', 'pglite-timescaledb', 'postgres'])).map((kind) => ({ kind }));

describe.each(backends)('telemetry store on $kind', ({ kind }) => {
  let db: Database;
  let store: TelemetryStore;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    store = await openTelemetryStore(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('uses TimescaleDB hypertables only where the extension exists', async () => {
    if (kind === 'pglite-timescaledb') {
      expect(store.backend).toBe('timescaledb');
      const chunks = await db.sql.query('SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_schema = $1', [db.schema]);
      expect(chunks.rows).toHaveLength(1);
    } else {
      expect(store.backend).toBe(kind === 'pglite' ? 'pglite' : db.flavour === 'timescaledb' ? 'timescaledb' : 'postgres');
    }
  });

  it('writes batches idempotently: a replayed or reordered batch adds nothing, count and checksum match', async () => {
    const a = makeFrames('s1', 'car-7', 1500, 20);
    const b = makeFrames('s1', 'car-9', 700, 50);
    const first = await store.writeFrames([...a.slice(0, 1000), ...b]);
    expect(first).toEqual({ received: 1700, inserted: 1700, duplicates: 0 });
    // Replay overlapping, shuffled, with the rest: only the 500 new frames land.
    const second = await store.writeFrames(shuffled([...a, ...b.slice(0, 100)]));
    expect(second).toEqual({ received: 1600, inserted: 500, duplicates: 1100 });
    const third = await store.writeFrames(shuffled(b));
    expect(third.inserted).toBe(0);

    const stats = await store.stats({ sessionId: 's1' });
    expect(stats.map((s) => [s.carId, s.count, s.checksum])).toEqual([
      ['car-7', 1500, frameChecksum(a)],
      ['car-9', 700, frameChecksum(b)],
    ]);
    expect(stats[0].firstTsMs).toBe(T0_MS);
    expect(stats[0].lastTsMs).toBe(a[1499].tsMs);
    // The checksum notices one changed value.
    const tampered = a.map((f, i) => (i === 3 ? { ...f, values: { ...f.values, rpm: f.values.rpm + 1 } } : f));
    expect(frameChecksum(tampered)).not.toBe(stats[0].checksum);
    expect((await store.stats({ sessionId: 's1', carId: 'car-9' })).map((s) => s.count)).toEqual([700]);
    expect(await store.stats({ sessionId: 'nope' })).toEqual([]);
  });

  it('keeps values exactly: NaN, ±Infinity, -0, doubles, extra channels, SQL metacharacters', async () => {
    const frames: TelemetryFrame[] = [
      { sessionId: NASTY, carId: NASTY, tsMs: T0_MS + 0.001, values: { speed: NaN, rpm: Infinity, gear: -0, lat: 0.1 + 0.2, [NASTY]: -Infinity, 'x"y': 1e-300 } },
      { sessionId: NASTY, carId: NASTY, tsMs: T0_MS + 0.002, values: {} },
      { sessionId: NASTY, carId: NASTY, tsMs: T0_MS + 1.5, values: { throttle: 42, 'weird\\name': 5e300 } },
    ];
    expect((await store.writeFrames(frames)).inserted).toBe(3);
    const back = await store.readFrames({ sessionId: NASTY, carId: NASTY });
    expect(back).toHaveLength(3);
    back.forEach((f, i) => {
      expect(f.sessionId).toBe(NASTY);
      expect(f.carId).toBe(NASTY);
      expect(Math.round(f.tsMs * 1000)).toBe(Math.round(frames[i].tsMs * 1000));
      expect(Object.keys(f.values).sort()).toEqual(Object.keys(frames[i].values).sort());
      for (const [k, v] of Object.entries(frames[i].values)) expect(Object.is(f.values[k], v), `${k}: ${f.values[k]} vs ${v}`).toBe(true);
    });
    const [s] = await store.stats({ sessionId: NASTY });
    expect(s.checksum).toBe(frameChecksum(frames));
    const sessions = await store.listSessions();
    expect(sessions.find((x) => x.sessionId === NASTY)).toMatchObject({ cars: 1, frames: 3 });
  });

  it('downsamples history into epoch-aligned buckets (time_bucket / date_bin)', async () => {
    const frames = makeFrames('h1', 'c1', 400, 10); // 40 s at 10 Hz
    await store.writeFrames(frames);
    const buckets = await store.history({ sessionId: 'h1', carId: 'c1', channels: ['speed', 'rpm'], bucketMs: 5000 });
    expect(buckets.length).toBe(8);
    expect(buckets.reduce((n, b) => n + b.frames, 0)).toBe(400);
    for (const b of buckets) {
      expect(b.bucketMs % 5000).toBe(0);
      const inside = frames.filter((f) => f.tsMs >= b.bucketMs && f.tsMs < b.bucketMs + 5000);
      expect(b.frames).toBe(inside.length);
      const avg = inside.reduce((s, f) => s + f.values.speed, 0) / inside.length;
      expect(b.channels.speed.avg).toBeCloseTo(avg, 9);
      expect(b.channels.rpm.min).toBe(Math.min(...inside.map((f) => f.values.rpm)));
      expect(b.channels.rpm.max).toBe(Math.max(...inside.map((f) => f.values.rpm)));
    }
    const latest = await store.history({ sessionId: 'h1', carId: 'c1', channels: ['speed'], bucketMs: 5000, limit: 2, fromMs: T0_MS });
    expect(latest.map((b) => b.bucketMs)).toEqual(buckets.slice(-2).map((b) => b.bucketMs));
    await expect(store.history({ sessionId: 'h1', carId: 'c1', channels: ['speed; DROP TABLE x'], bucketMs: 5000 })).rejects.toThrow(StorageError);
  });

  it('refuses an invalid batch whole, before writing anything', async () => {
    const good = makeFrames('bad', 'c', 3, 10);
    const bad = [...good, { ...good[0], tsMs: NaN }];
    await expect(store.writeFrames(bad)).rejects.toThrow(/tsMs/);
    await expect(store.writeFrames([{ ...good[0], carId: 'a\u0000b' }])).rejects.toThrow(/NUL/);
    await expect(store.writeFrames([{ ...good[0], values: { speed: '1' as unknown as number } }])).rejects.toThrow(/not a number/);
    expect(await store.stats({ sessionId: 'bad' })).toEqual([]);
  });

  it('survives concurrent overlapping batches without duplicates', async () => {
    const frames = makeFrames('conc', 'c', 2000, 100);
    const batches = [0, 1, 2, 3].map((k) => shuffled(frames.slice(k * 400, k * 400 + 800), k + 1));
    const results = await Promise.all(batches.map((b) => store.writeFrames(b)));
    // Four batches of 800 over 2000 frames: 1200 frames are sent twice, each stored once.
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(2000);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(1200);
    const [s] = await store.stats({ sessionId: 'conc' });
    expect(s.count).toBe(2000);
    expect(s.checksum).toBe(frameChecksum(frames));
  });

  if (kind === 'pglite-timescaledb') it('compresses chunks, and a replay into compressed chunks still adds nothing', async () => {
    const compressed = await compressChunksNow(db.sql, db.schema, 0);
    expect(compressed).toBeGreaterThan(0);
    const a = makeFrames('s1', 'car-7', 1500, 20);
    expect((await store.writeFrames(a)).inserted).toBe(0);
    const [s] = await store.stats({ sessionId: 's1', carId: 'car-7' });
    expect([s.count, s.checksum]).toEqual([1500, frameChecksum(a)]);
    const policies = await db.sql.query(`SELECT 1 FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_schema = $1`, [db.schema]);
    expect(policies.rows).toHaveLength(1);
  });

  if (kind !== 'pglite-timescaledb') it('partitions plain PostgreSQL frames by day', async () => {
    if (db.flavour !== 'partitioned') return;
    const { rows } = await db.sql.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = $1 AND p.relname = 'frames' ORDER BY 1`,
      [db.schema],
    );
    expect(rows.map((r) => r.name)).toEqual(['frames_20240301', 'frames_20240302']);
  });
});
