// The SessionStore suite, run against native DuckDB (file) and DuckDB-WASM (memory) alike.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_FIXTURES, type DriverFixture } from '../../cli/node/driver-fixtures.ts';
import type { Session } from '../model/session.ts';
import { StoreError } from './errors.ts';
import { fixtureChannel, fixtureSession } from './session-fixtures.ts';
import { SessionStore, sessionIdFor, type ImportSource } from './session-store.ts';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

function sameFloat64(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function expectSameSession(actual: Session, expected: Session): void {
  expect(actual.meta).toEqual(expected.meta);
  expect(actual.warnings).toEqual(expected.warnings);
  expect(actual.channels.map((c) => [c.name, c.sourceName, c.unit, c.kind])).toEqual(expected.channels.map((c) => [c.name, c.sourceName, c.unit, c.kind]));
  actual.channels.forEach((c, i) => {
    expect(sameFloat64(c.timeS, expected.channels[i].timeS), `${c.name} times`).toBe(true);
    expect(sameFloat64(c.values, expected.channels[i].values), `${c.name} values`).toBe(true);
  });
}

function source(name: string, hash: string, bytes = 1234): ImportSource {
  return { fileName: name, contentHash: hash, bytes };
}

async function tableCounts(db: SqlDriver): Promise<Record<string, number>> {
  const [r] = await db.query<{ i: number; s: number; c: number; x: number }>(
    'SELECT (SELECT count(*) FROM imports) AS i, (SELECT count(*) FROM sessions) AS s, (SELECT count(*) FROM channels) AS c, (SELECT count(*) FROM samples) AS x',
  );
  return { imports: r.i, sessions: r.s, channels: r.c, samples: r.x };
}

/** A driver whose transactions fail on the n-th samples append: a crash in the middle of an import. */
function failingOnAppend(driver: SqlDriver, n: number): SqlDriver {
  let appends = 0;
  const wrap = (tx: SqlExecutor): SqlExecutor => ({
    ...tx,
    appendColumns: async (table, columns) => {
      if (++appends === n) throw new Error(`injected failure on append ${n}`);
      return tx.appendColumns(table, columns);
    },
  });
  return { ...driver, transaction: (fn) => driver.transaction((tx) => fn(wrap(tx))) };
}

describe.each(DRIVER_FIXTURES)('SessionStore on $name', ({ make, persistent }) => {
  let fixture: DriverFixture;
  let store: SessionStore;
  const a = fixtureSession('GR86-002', { seed: 11, awkward: true, warnings: ['unit "psi" converted to bar'] });
  const b1 = fixtureSession('GR86-013', { seed: 21 });
  const b2 = fixtureSession('GR86-022', { seed: 31 });
  const b3 = fixtureSession('GR86-013', { seed: 41 });
  b3.meta.sessionName = 'Race 2';

  beforeAll(async () => {
    fixture = make();
    store = await SessionStore.open(await fixture.open());
  });
  afterAll(async () => {
    await store.close();
    fixture.dispose();
  });

  it('imports a file and returns its summaries', async () => {
    const result = await store.importSessions([a], source('a.csv', 'hash-a'));
    expect(result.duplicate).toBe(false);
    const [s] = result.sessions;
    expect(s.id).toBe(await sessionIdFor('hash-a', 'GR86-002', 0));
    expect(s.id).toMatch(/^s_[0-9a-f]{8}$/);
    expect(s.meta).toEqual(a.meta);
    expect(s.contentHash).toBe('hash-a');
    expect(s.samples).toBe(500 + 200 + 100 + 100 + 7);
    expect(s.laps).toEqual([1, 2, 3]);
    expect(s.channels.map((c) => [c.name, c.unit, c.kind, c.samples])).toEqual([
      ['speed', 'm/s', 'continuous', 500],
      ['throttle', '%', 'continuous', 200],
      ['gear', '', 'discrete', 100],
      ['lap', '', 'discrete', 100],
      ['Oil Temp, sump "A"', '°C', 'continuous', 7],
    ]);
    expect(s.channels[0].rateHz).toBeGreaterThan(40);
    expect(await store.count()).toBe(1);
    expect(await store.get(s.id)).toEqual(s);
    expect(await store.list()).toEqual([s]);
  });

  it('loads a session back bit-for-bit, awkward doubles included', async () => {
    const [s] = await store.findByContentHash('hash-a');
    expectSameSession(await store.load(s.id), a);
  });

  it('loads a subset of channels and names a missing one', async () => {
    const [s] = await store.findByContentHash('hash-a');
    const part = await store.load(s.id, { channels: ['lap', 'speed'] });
    expect(part.channels.map((c) => c.name)).toEqual(['speed', 'lap']);
    expect(sameFloat64(part.channels[1].values, a.channels[3].values)).toBe(true);
    const err = await store.load(s.id, { channels: ['rpm'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'not-found' });
    expect((err as Error).message).toContain("channel 'rpm'");
  });

  it('stores a multi-session file with unique, stable ids', async () => {
    const result = await store.importSessions([b1, b2, b3], source('b.csv', 'hash-b'));
    const ids = result.sessions.map((s) => s.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe(await sessionIdFor('hash-b', 'GR86-013', 0));
    expect(ids[2]).toBe(await sessionIdFor('hash-b', 'GR86-013', 1));
    expect(result.sessions.map((s) => s.meta.sessionName)).toEqual(['Race 1', 'Race 1', 'Race 2']);
    expect(await store.count()).toBe(4);
    expectSameSession(await store.load(ids[2]), b3);
  });

  it('writes nothing for a file it has seen and returns the stored sessions', async () => {
    const before = await tableCounts(store.driver);
    const stored = await store.findByContentHash('hash-b');
    const again = await store.importSessions([b1, b2, b3], source('renamed.csv', 'hash-b'));
    expect(again.duplicate).toBe(true);
    expect(again.sessions).toEqual(stored);
    expect(await tableCounts(store.driver)).toEqual(before);
  });

  it('leaves the store untouched when an import fails midway', async () => {
    const before = await tableCounts(store.driver);
    const listed = await store.list();
    const c1 = fixtureSession('GR86-031', { seed: 51 });
    const c2 = fixtureSession('GR86-032', { seed: 61 });
    const c3 = fixtureSession('GR86-033', { seed: 71 });
    // The first two sessions' samples are appended, then the third append fails.
    const broken = await SessionStore.open(failingOnAppend(store.driver, 3));
    await expect(broken.importSessions([c1, c2, c3], source('c.csv', 'hash-c'))).rejects.toThrow('injected failure on append 3');
    expect(await tableCounts(store.driver)).toEqual(before);
    expect(await store.list()).toEqual(listed);
    expect(await store.findByContentHash('hash-c')).toEqual([]);
    expectSameSession(await store.load(listed[0].id), a);
    // Nothing half-written blocks a retry.
    const retry = await store.importSessions([c1, c2, c3], source('c.csv', 'hash-c'));
    expect(retry.duplicate).toBe(false);
    expectSameSession(await store.load(retry.sessions[1].id), c2);
  });

  it('refuses a session that breaks the model before writing, naming session and channel', async () => {
    const before = await tableCounts(store.driver);
    const bad = fixtureSession('GR86-040', { seed: 81 });
    bad.channels[1].timeS[5] = bad.channels[1].timeS[4];
    const err = await store.importSessions([fixtureSession('GR86-041'), bad], source('bad.csv', 'hash-bad')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('invalid-session');
    expect((err as Error).message).toMatch(/file 'bad.csv', session #2 of the file, channel 'throttle': times must increase strictly/);
    const short = fixtureSession('GR86-042');
    short.channels[0].values = short.channels[0].values.subarray(1);
    await expect(store.importSessions([short], source('short.csv', 'hash-short'))).rejects.toThrow(/channel 'speed': 500 times but 499 values/);
    await expect(store.importSessions([], source('empty.csv', 'hash-empty'))).rejects.toMatchObject({ code: 'invalid-session' });
    expect(await tableCounts(store.driver)).toEqual(before);
  });

  it('deletes a session, its samples, and the import record with the last session', async () => {
    const [s] = await store.findByContentHash('hash-a');
    const before = await tableCounts(store.driver);
    expect(await store.delete(s.id)).toBe(true);
    expect(await store.delete(s.id)).toBe(false);
    expect(await store.get(s.id)).toBeUndefined();
    await expect(store.load(s.id)).rejects.toMatchObject({ code: 'not-found', where: { sessionId: s.id } });
    expect(await tableCounts(store.driver)).toEqual({
      imports: before.imports - 1,
      sessions: before.sessions - 1,
      channels: before.channels - a.channels.length,
      samples: before.samples - s.samples,
    });
    // The file can be imported again, under the same id.
    const again = await store.importSessions([a], source('a.csv', 'hash-a'));
    expect(again.duplicate).toBe(false);
    expect(again.sessions[0].id).toBe(s.id);
    // Deleting one session of a multi-session file keeps the file's record: a re-import is a duplicate.
    const bSessions = await store.findByContentHash('hash-b');
    await store.delete(bSessions[1].id);
    const dup = await store.importSessions([b1, b2, b3], source('b.csv', 'hash-b'));
    expect(dup.duplicate).toBe(true);
    expect(dup.sessions.map((x) => x.id)).toEqual([bSessions[0].id, bSessions[2].id]);
  });

  it('keeps per-session settings, replaces them, and deletes them with the session', async () => {
    const { sessions } = await store.importSessions([fixtureSession('GR86-091', { seed: 91 })], source('settings.csv', 'f'.repeat(64)));
    const id = sessions[0].id;
    expect(await store.getSetting(id, 'vehicle')).toBeUndefined();
    await store.putSetting(id, 'vehicle', { massKg: 1300, cdAM2: 0.7 });
    await store.putSetting(id, 'vehicle', { massKg: 1320, cdAM2: 0.7 });
    expect(await store.getSetting(id, 'vehicle')).toEqual({ massKg: 1320, cdAM2: 0.7 });
    await expect(store.putSetting('s_nothere', 'vehicle', {})).rejects.toMatchObject({ code: 'not-found' });
    await store.delete(id);
    const left = await store.driver.query<{ n: number }>('SELECT count(*) AS n FROM session_settings WHERE session_id = ?', [id]);
    expect(left[0].n).toBe(0);
  });

  it('answers SQL over the samples through the channel_samples view', async () => {
    const [s] = await store.findByContentHash('hash-a');
    const rows = await store.driver.query<{ n: number; tmax: number }>(
      "SELECT count(*) AS n, max(t) AS tmax FROM channel_samples WHERE session_id = ? AND channel = 'throttle'",
      [s.id],
    );
    expect(rows[0].n).toBe(200);
    expect(rows[0].tmax).toBe(a.channels[1].timeS[199]);
  });

  if (persistent) it('keeps everything across close and reopen of the database file', async () => {
    const listed = await store.list();
    await store.close();
    store = await SessionStore.open(await fixture.open());
    expect(await store.list()).toEqual(listed);
    const [s] = await store.findByContentHash('hash-a');
    expectSameSession(await store.load(s.id), a);
  });

  it('stores and loads 1.3 M samples', async () => {
    const channels = Array.from({ length: 13 }, (_, i) => fixtureChannel({ name: `ch${i}`, unit: 'V', samples: 100_000, rateHz: 100 + i }, 1000 + i));
    const big: Session = { meta: fixtureSession('BIG-1').meta, channels };
    let progressCalls = 0;
    let lastDone = 0;
    const t0 = performance.now();
    const result = await store.importSessions([big], source('big.ld', 'hash-big', 52_000_000), {
      onProgress: (p) => {
        progressCalls++;
        expect(p.phase).toBe('store');
        expect(p.bytesDone).toBeGreaterThanOrEqual(lastDone);
        lastDone = p.bytesDone;
      },
    });
    const t1 = performance.now();
    const loaded = await store.load(result.sessions[0].id);
    const t2 = performance.now();
    console.log(`[${fixture.name}] import 1.3 M samples: ${(t1 - t0).toFixed(0)} ms, load: ${(t2 - t1).toFixed(0)} ms`);
    expect(result.sessions[0].samples).toBe(1_300_000);
    expect(progressCalls).toBeGreaterThan(0);
    expect(lastDone).toBe(52_000_000);
    expectSameSession(loaded, big);
  });
});
