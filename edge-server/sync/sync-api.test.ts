import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashBlob } from '../../workers/storage/content-hash.ts';
import { reachableBackends } from '../storage/test-databases.ts';
import { canonicalJson, compareVersions, type MetaVersion } from './lww.ts';
import { SyncClient, SyncHttpError } from './sync-client.ts';
import type { SyncSessionRecord } from './sync-service.ts';
import { ENGINEER_KEY, VIEWER_KEY, failingAfterChunks, startTestApp, testBytes, type TestApp } from './test-app.ts';

const CHUNK = 16 * 1024;

interface LocalSession {
  blob: Blob;
  hash: string;
  fileName: string;
  meta: Record<string, unknown>;
  metaUpdatedAtMs: number;
  metaDeviceId: string;
  deleted: boolean;
  /** Local edits the server has not confirmed. */
  dirty: boolean;
  known: boolean;
}

const versionOfLocal = (s: LocalSession): MetaVersion => ({
  fileName: s.fileName,
  metaJson: canonicalJson(s.meta),
  updatedAtMs: s.metaUpdatedAtMs,
  deviceId: s.metaDeviceId,
  deleted: s.deleted,
});
const versionOfRecord = (r: SyncSessionRecord): MetaVersion => ({
  fileName: r.fileName,
  metaJson: canonicalJson(r.meta),
  updatedAtMs: r.metaUpdatedAtMs,
  deviceId: r.metaDeviceId,
  deleted: r.deleted,
});

/** A tablet: its own sessions (files + metadata), offline until sync(), which pushes then pulls. */
class Tablet {
  readonly sessions = new Map<string, LocalSession>();
  cursor: string | undefined;
  constructor(
    readonly deviceId: string,
    public client: SyncClient,
  ) {}

  async record(bytes: Uint8Array<ArrayBuffer>, fileName: string, meta: Record<string, unknown>, atMs: number): Promise<string> {
    const blob = new Blob([bytes]);
    const hash = await hashBlob(blob);
    this.sessions.set(hash, { blob, hash, fileName, meta, metaUpdatedAtMs: atMs, metaDeviceId: this.deviceId, deleted: false, dirty: true, known: false });
    return hash;
  }

  edit(hash: string, meta: Record<string, unknown>, atMs: number, deleted = false): void {
    const s = this.sessions.get(hash)!;
    Object.assign(s, { meta, metaUpdatedAtMs: atMs, metaDeviceId: this.deviceId, deleted, dirty: true });
  }

  private adopt(r: SyncSessionRecord): void {
    const s = this.sessions.get(r.id)!;
    if (compareVersions(versionOfRecord(r), versionOfLocal(s)) >= 0) {
      Object.assign(s, { fileName: r.fileName, meta: r.meta, metaUpdatedAtMs: r.metaUpdatedAtMs, metaDeviceId: r.metaDeviceId, deleted: r.deleted, dirty: false });
    }
    s.known = true;
  }

  async push(): Promise<{ hash: string; chunksSent: number; chunksResumed: number; status: string }[]> {
    const out = [];
    for (const s of this.sessions.values()) {
      if (!s.dirty) continue;
      if (!s.known) {
        const r = await this.client.push({ blob: s.blob, fileName: s.fileName, meta: s.meta, metaUpdatedAtMs: s.metaUpdatedAtMs, contentHash: s.hash });
        out.push({ hash: s.hash, chunksSent: r.chunksSent, chunksResumed: r.chunksResumed, status: r.status });
        this.adopt(r.session);
      } else {
        const r = await this.client.updateMeta(s.hash, { fileName: s.fileName, meta: s.meta, updatedAtMs: s.metaUpdatedAtMs, deleted: s.deleted });
        this.adopt(r.session);
      }
    }
    return out;
  }

  async pull(): Promise<string[]> {
    const { changes, cursor } = await this.client.changes(this.cursor, 2); // small pages: paging is exercised
    for (const r of changes) {
      if (!this.sessions.has(r.id)) {
        const blob = await this.client.download(r.id);
        this.sessions.set(r.id, { blob, hash: r.id, fileName: r.fileName, meta: r.meta, metaUpdatedAtMs: r.metaUpdatedAtMs, metaDeviceId: r.metaDeviceId, deleted: r.deleted, dirty: false, known: true });
      } else this.adopt(r);
    }
    this.cursor = cursor;
    return changes.map((c) => c.id);
  }

  async sync(): Promise<void> {
    await this.push();
    await this.pull();
  }

  async snapshot() {
    const rows = [];
    for (const s of [...this.sessions.values()].sort((a, b) => (a.hash < b.hash ? -1 : 1))) {
      rows.push({ id: s.hash, bytes: s.blob.size, sha256: createHash('sha256').update(new Uint8Array(await s.blob.arrayBuffer())).digest('hex'), ...versionOfLocal(s) });
    }
    return rows;
  }
}

async function serverSnapshot(t: TestApp) {
  const { changes } = await t.sync.changes(undefined, 10_000);
  const rows = [];
  for (const r of changes.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const file = await t.sync.openFile(r.id);
    const bytes: Buffer[] = [];
    for await (const chunk of file.stream()) bytes.push(chunk as Buffer);
    rows.push({ id: r.id, bytes: r.bytes, sha256: createHash('sha256').update(Buffer.concat(bytes)).digest('hex'), ...versionOfRecord(r) });
  }
  return rows;
}

const backends = (await reachableBackends(['pglite', 'postgres'])).map((kind) => ({ kind }));

describe.each(backends)('sync API on $kind', ({ kind }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });
  const client = (deviceId: string, fetchFn = t.fetch, key = ENGINEER_KEY) => new SyncClient({ baseUrl: 'http://edge.test', apiKey: key, deviceId, fetch: fetchFn, chunkBytes: CHUNK });

  it('an offline tablet pushes N sessions, resumes an interrupted upload, re-pushes as a no-op; pulls match exactly; all sides end identical', async () => {
    const a = new Tablet('tablet-A', client('tablet-A'));
    const sizes = [0, 1, CHUNK, 5 * CHUNK + 123, 3 * CHUNK - 1];
    const hashes: string[] = [];
    for (let i = 0; i < sizes.length; i++) hashes.push(await a.record(testBytes(sizes[i], i + 1), `run-${i}.csv`, { laps: i, note: `stint ${i}` }, 1000 + i));

    // The network drops after 2 of the 6 chunks of session 3 (sessions go in order; 1 and 2 take one chunk each).
    a.client = client('tablet-A', failingAfterChunks(t.fetch, 4));
    await expect(a.push()).rejects.toThrow(/network down/);
    const partial = await t.sync.changes(undefined, 100);
    expect(partial.changes.map((c) => c.id).sort()).toEqual(hashes.slice(0, 3).sort());

    a.client = client('tablet-A');
    const resumed = await a.push();
    const big = resumed.find((r) => r.hash === hashes[3])!;
    expect(big.chunksResumed).toBe(2);
    expect(big.chunksSent).toBe(6 - 2);
    expect(resumed.find((r) => r.hash === hashes[4])!.chunksSent).toBe(3);
    await a.pull();
    const cursorAfterA = a.cursor;

    // A duplicate push of everything is a no-op: no change appears after the cursor.
    for (const s of a.sessions.values()) s.dirty = true, (s.known = false);
    const again = await a.push();
    expect(again.map((r) => r.status)).toEqual(['exists', 'exists', 'exists', 'exists', 'exists']);
    expect(again.every((r) => r.chunksSent === 0)).toBe(true);
    expect(await a.pull()).toEqual([]);
    expect(a.cursor).toBe(cursorAfterA);

    // Tablet B joins empty and pulls everything, files verified against their hashes.
    const b = new Tablet('tablet-B', client('tablet-B'));
    expect((await b.pull()).sort()).toEqual([...hashes].sort());

    // B edits one session, deletes another and records a new one; A (offline) records the same new
    // content with older metadata and edits session 1 at an older time than B did.
    b.edit(hashes[1], { laps: 1, note: 'B: gearbox issue' }, 5000);
    b.edit(hashes[4], { laps: 4, note: 'bin it' }, 5001, true);
    const shared = await b.record(testBytes(40_000, 99), 'shared-B.csv', { from: 'B' }, 6000);
    await b.sync();
    a.edit(hashes[1], { laps: 1, note: 'A: older edit' }, 4000);
    await a.record(testBytes(40_000, 99), 'shared-A.csv', { from: 'A' }, 5500);
    const pushedByA = await a.push();
    expect(pushedByA.find((r) => r.hash === shared)).toMatchObject({ status: 'exists', chunksSent: 0 });
    expect(await a.pull()).toEqual(expect.arrayContaining([hashes[1], hashes[4], shared]));
    expect((await t.sync.get(hashes[1]))!.meta).toEqual({ laps: 1, note: 'B: gearbox issue' });
    expect((await t.sync.get(shared))!.fileName).toBe('shared-B.csv');
    expect((await t.sync.get(hashes[4]))!.deleted).toBe(true);

    // A pull since a cursor returns exactly what changed after it.
    const before = b.cursor;
    a.edit(hashes[0], { laps: 0, note: 'A again' }, 7000);
    await a.push();
    expect(await b.pull()).toEqual([hashes[0]]);
    expect(b.cursor).not.toBe(before);

    await b.sync();
    await a.sync();
    const server = await serverSnapshot(t);
    expect(server).toHaveLength(6);
    expect(await a.snapshot()).toEqual(server);
    expect(await b.snapshot()).toEqual(server);
  });

  it('metadata conflicts resolve the same whatever order the edits arrive in', async () => {
    const edits = [
      { meta: { v: 'x' }, updatedAtMs: 100, deviceId: 'dev-b' },
      { meta: { v: 'y' }, updatedAtMs: 100, deviceId: 'dev-a' }, // same time: the larger device id wins
      { meta: { v: 'z' }, updatedAtMs: 90, deviceId: 'dev-z' },
      { meta: { v: 'gone' }, updatedAtMs: 100, deviceId: 'dev-b', deleted: true }, // same time and device: delete wins
    ];
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
    ];
    const finals: { meta: Record<string, unknown>; at: number; device: string; deleted: boolean }[] = [];
    for (const [i, order] of orders.entries()) {
      const r = await client(`seed-${i}`).push({ blob: new Blob([testBytes(100, 1000 + i)]), fileName: 'f', meta: {}, metaUpdatedAtMs: 1 });
      for (const k of order) {
        const { deviceId, ...edit } = edits[k];
        await client(deviceId).updateMeta(r.session.id, edit);
      }
      const s = (await t.sync.get(r.session.id))!;
      finals.push({ meta: s.meta, at: s.metaUpdatedAtMs, device: s.metaDeviceId, deleted: s.deleted });
    }
    expect(finals).toEqual(orders.map(() => finals[0]));
    expect(finals[0]).toEqual({ meta: { v: 'gone' }, at: 100, device: 'dev-b', deleted: true });
  });

  it('refuses bad chunks: wrong SHA-256 (422), conflicting re-send (409), wrong size (422), early complete (409), wrong file hash (422)', async () => {
    const bytes = testBytes(3 * CHUNK + 10, 7);
    const hash = await hashBlob(new Blob([bytes]));
    const auth = { Authorization: `Bearer ${ENGINEER_KEY}` };
    const post = (path: string, body?: unknown) =>
      t.fetch(`http://edge.test${path}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const put = (id: string, n: number, data: Uint8Array<ArrayBuffer>, sha = createHash('sha256').update(data).digest('hex')) =>
      t.fetch(`http://edge.test/api/sync/uploads/${id}/chunks/${n}`, { method: 'PUT', headers: { ...auth, 'X-Chunk-Sha256': sha }, body: data });
    const created = await post('/api/sync/uploads', { contentHash: hash, bytes: bytes.length, fileName: 'x.csv', chunkBytes: CHUNK, meta: {}, metaUpdatedAtMs: 1, deviceId: 'd' });
    expect(created.status).toBe(201);
    const { uploadId, chunkCount } = await created.json();
    expect(chunkCount).toBe(4);
    const chunk = (n: number) => bytes.slice(n * CHUNK, Math.min(bytes.length, (n + 1) * CHUNK));

    const badSha = await put(uploadId, 0, chunk(0), '0'.repeat(64));
    expect(badSha.status).toBe(422);
    expect(await badSha.json()).toMatchObject({ error: 'checksum-mismatch' });
    expect((await put(uploadId, 0, chunk(0))).status).toBe(201);
    expect((await put(uploadId, 0, chunk(0))).status).toBe(200); // identical re-send
    const conflict = await put(uploadId, 0, chunk(1));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: 'chunk-conflict' });
    expect((await put(uploadId, 3, chunk(2))).status).toBe(422); // the last chunk is 10 bytes
    expect((await put(uploadId, 4, chunk(3))).status).toBe(422); // out of range
    const noHeader = await t.fetch(`http://edge.test/api/sync/uploads/${uploadId}/chunks/1`, { method: 'PUT', headers: auth, body: chunk(1) });
    expect(noHeader.status).toBe(400);
    const early = await post(`/api/sync/uploads/${uploadId}/complete`);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: 'incomplete', missing: [1, 2, 3] });
    const status = await (await t.fetch(`http://edge.test/api/sync/uploads/${uploadId}`, { headers: auth })).json();
    expect(status).toMatchObject({ received: [0], missing: [1, 2, 3], bytesReceived: CHUNK, completed: false });

    // Declaring another file's hash: every chunk checks out, the whole file does not.
    const liar = await post('/api/sync/uploads', { contentHash: 'f'.repeat(64), bytes: bytes.length, fileName: 'y', chunkBytes: CHUNK, meta: {}, metaUpdatedAtMs: 1, deviceId: 'd' });
    const lid = (await liar.json()).uploadId;
    for (let n = 0; n < 4; n++) expect((await put(lid, n, chunk(n))).status).toBe(201);
    const wrong = await post(`/api/sync/uploads/${lid}/complete`);
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ error: 'hash-mismatch', actual: hash });
    expect((await t.fetch(`http://edge.test/api/sync/uploads/${lid}`, { headers: auth })).status).toBe(404);

    for (let n = 1; n < 4; n++) await put(uploadId, n, chunk(n));
    const done = await post(`/api/sync/uploads/${uploadId}/complete`);
    expect(done.status).toBe(201);
    const repeat = await post(`/api/sync/uploads/${uploadId}/complete`);
    expect(repeat.status).toBe(200);
    expect((await repeat.json()).session.id).toBe(hash);
    expect((await put(uploadId, 1, chunk(1))).status).toBe(409);

    // Ranged download (resumable pull), 416 outside the file, 304 on the ETag.
    const part = await t.fetch(`http://edge.test/api/sync/sessions/${hash}/file`, { headers: { ...auth, Range: `bytes=${CHUNK}-${CHUNK + 99}` } });
    expect(part.status).toBe(206);
    expect(part.headers.get('Content-Range')).toBe(`bytes ${CHUNK}-${CHUNK + 99}/${bytes.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(CHUNK, CHUNK + 100));
    expect((await t.fetch(`http://edge.test/api/sync/sessions/${hash}/file`, { headers: { ...auth, Range: `bytes=${bytes.length}-` } })).status).toBe(416);
    expect((await t.fetch(`http://edge.test/api/sync/sessions/${hash}/file`, { headers: { ...auth, 'If-None-Match': `"${hash}"` } })).status).toBe(304);
  });

  it('lets a viewer pull but not push', async () => {
    const viewer = client('viewer-tab', t.fetch, VIEWER_KEY);
    const pulled = await viewer.changes();
    expect(pulled.changes.length).toBeGreaterThan(0);
    const err = await viewer.push({ blob: new Blob([testBytes(10, 5)]), fileName: 'v', meta: {}, metaUpdatedAtMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncHttpError);
    expect((err as SyncHttpError).status).toBe(403);
  });

  it('answers a cursor from another database with a reset, a malformed one with 400', async () => {
    const c = client('x');
    const all = await c.changes();
    const foreign = await c.changes(`0123456789abcdef.5`);
    expect(foreign.reset).toBe(true);
    expect(foreign.changes.map((r) => r.id)).toEqual(all.changes.map((r) => r.id));
    const epoch = all.cursor.split('.')[0];
    expect((await c.changes(`${epoch}.999999999`)).reset).toBe(true);
    const bad = await t.fetch('http://edge.test/api/sync/sessions?since=1%27%20OR%201=1', { headers: { Authorization: `Bearer ${ENGINEER_KEY}` } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/since/);
  });
});
