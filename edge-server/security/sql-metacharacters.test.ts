import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashBlob } from '../../workers/storage/content-hash.ts';
import { frameChecksum } from '../storage/frame-checksum.ts';
import { reachableBackends } from '../storage/test-databases.ts';
import { SyncClient } from '../sync/sync-client.ts';
import { ENGINEER_KEY, startTestApp, type TestApp } from '../sync/test-app.ts';

/** Text that breaks naively built SQL (quotes, comments, statement separators, casts, dollar quoting, LIKE wildcards, backslashes). */
const NASTY = [
  `'; DROP TABLE frames; --`,
  `" OR 1=1 --`,
  `$$; SELECT pg_sleep(5); $$`,
  `\\'; DELETE FROM sync_sessions; /*`,
  `%_\\%::text[]{"a","b"}`,
  `Robert'); DROP SCHEMA etm CASCADE;-- ü 🏎`,
];

const backends = (await reachableBackends(['pglite', 'postgres'])).map((kind) => ({ kind }));

describe.each(backends)('SQL metacharacters are stored literally on $kind', ({ kind }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });
  const auth = { Authorization: `Bearer ${ENGINEER_KEY}` };

  it('in session ids, car ids, channel names and query parameters of the telemetry API', async () => {
    const t0 = Date.UTC(2024, 1, 2, 3, 4, 5);
    for (const [i, text] of NASTY.entries()) {
      const sessionId = text;
      const frames = [
        { carId: text, tsMs: t0 + i, values: { speed: 10 + i, [text]: i + 0.5 } },
        { carId: text, tsMs: t0 + i + 100, values: { rpm: 'NaN', [`${text}-2`]: '-Infinity' } },
      ];
      const post = await t.app.request(`/api/sessions/${encodeURIComponent(sessionId)}/frames`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ frames }),
      });
      expect(post.status, await post.clone().text()).toBe(201);
      const q = new URLSearchParams({ carId: text });
      const read = await (await t.app.request(`/api/sessions/${encodeURIComponent(sessionId)}/frames?${q}`, { headers: auth })).json();
      expect(read.sessionId).toBe(sessionId);
      expect(read.carId).toBe(text);
      expect(read.frames).toEqual([
        { tsMs: t0 + i, values: { speed: 10 + i, [text]: i + 0.5 } },
        { tsMs: t0 + i + 100, values: { rpm: 'NaN', [`${text}-2`]: '-Infinity' } },
      ]);
      const stats = await (await t.app.request(`/api/sessions/${encodeURIComponent(sessionId)}/stats?${q}`, { headers: auth })).json();
      const sent = frames.map((f) => ({
        sessionId,
        carId: f.carId,
        tsMs: f.tsMs,
        values: Object.fromEntries(Object.entries(f.values).map(([k, v]) => [k, v === 'NaN' ? NaN : v === '-Infinity' ? -Infinity : Number(v)])),
      }));
      expect(stats.cars).toEqual([expect.objectContaining({ carId: text, count: 2, checksum: frameChecksum(sent) })]);
    }
    const listed = await (await t.app.request('/api/sessions', { headers: auth })).json();
    expect(listed.sessions.map((s: { sessionId: string }) => s.sessionId).sort()).toEqual([...NASTY].sort());
  });

  it('in file names, device ids and metadata of the sync API', async () => {
    for (const [i, text] of NASTY.entries()) {
      const client = new SyncClient({ baseUrl: '', apiKey: ENGINEER_KEY, deviceId: text, fetch: t.fetch });
      const blob = new Blob([`file ${i}: ${text}`]);
      const meta = { [text]: text, nested: { list: [text, i] } };
      const pushed = await client.push({ blob, fileName: text, meta, metaUpdatedAtMs: 1000 + i });
      expect(pushed.status).toBe('stored');
      const back = (await client.changes()).changes.find((c) => c.id === pushed.session.id)!;
      expect(back).toMatchObject({ fileName: text, metaDeviceId: text, meta });
      const file = await client.download(await hashBlob(blob));
      expect(await file.text()).toBe(`file ${i}: ${text}`);
    }
  });

  it('leaves every table in place', async () => {
    const { rows } = await t.db.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT LIKE 'frames\\_2%' ORDER BY 1`,
      [t.db.schema],
    );
    expect(rows.map((r) => r.table_name)).toEqual(['etm_meta', 'frame_streams', 'frames', 'sync_sessions', 'sync_upload_chunks', 'sync_uploads']);
  });
});
