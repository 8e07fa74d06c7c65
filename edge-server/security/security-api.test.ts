import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createDemoSource } from '../demo-source.ts';
import { MetricsRegistry } from '../metrics/registry.ts';
import type { RequestLogLine } from '../middleware/request-log.ts';
import { ENGINEER_KEY, VIEWER_KEY, startTestApp, type TestApp } from '../sync/test-app.ts';
import { KeyRing } from './api-keys.ts';
import { EdgeSecurity, securityFromEnv } from './edge-security.ts';

const LOOPBACK = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
const LAN = { incoming: { socket: { remoteAddress: '192.0.2.10' } } };
const T0 = Date.UTC(2024, 5, 1, 12);
/** An empty PWA build folder (the static routes are not under test here). */
const NO_DIST = mkdtempSync(join(tmpdir(), 'etm-nodist-'));

describe('edge server security (app.request, PGlite)', () => {
  let t: TestApp;
  const logs: RequestLogLine[] = [];
  beforeAll(async () => {
    t = await startTestApp('pglite', { corsOrigins: ['https://pit.example'] }, (line) => logs.push(line));
  });
  afterAll(() => t.close());
  const req = (path: string, init: RequestInit = {}, env: object = LOOPBACK) => t.app.request(path, init, env);
  const json = (key: string | undefined, body: unknown, method = 'POST'): RequestInit => ({
    method,
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const frames = (n: number) => ({ frames: Array.from({ length: n }, (_, i) => ({ carId: '7', tsMs: T0 + i * 10, values: { speed: i } })) });

  it('answers 401 without a key or with a wrong one, and keeps health, the demo and the PWA public', async () => {
    const none = await req('/api/sessions');
    expect(none.status).toBe(401);
    expect(none.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    expect(await none.json()).toMatchObject({ error: 'unauthorized', message: expect.stringMatching(/API key is required/) });
    const wrong = await req('/api/sessions', { headers: { 'X-API-Key': 'not-a-key-but-long-enough' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).message).toMatch(/not valid/);
    expect((await req('/api/sync/sessions')).status).toBe(401);
    expect((await req('/metrics')).status).toBe(401);
    expect((await req('/api/live/status')).status).toBe(401);
    expect((await req('/api/health')).status).toBe(200);
    expect((await req('/api/demo/truth.json')).status).toBe(200);
    expect((await req('/some/deep/link')).status).not.toBe(401);
  });

  it('lets a viewer read but answers 403 when it writes; an engineer writes', async () => {
    const viewer = { headers: { Authorization: `Bearer ${VIEWER_KEY}` } };
    expect((await req('/api/sessions', viewer)).status).toBe(200);
    expect((await req('/api/auth/whoami', viewer)).status).toBe(200);
    expect(await (await req('/api/auth/whoami', viewer)).json()).toMatchObject({ role: 'viewer' });
    const write = await req('/api/sessions/s1/frames', json(VIEWER_KEY, frames(2)));
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/viewer/) });
    const upload = await req('/api/sync/uploads', json(VIEWER_KEY, {}));
    expect(upload.status).toBe(403);
    const ok = await req('/api/sessions/s1/frames', json(ENGINEER_KEY, frames(2)));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ received: 2, inserted: 2, duplicates: 0 });
  });

  it('logs the key id and role of a request, never the key', async () => {
    logs.length = 0;
    await req('/api/sessions', { headers: { Authorization: `Bearer ${VIEWER_KEY}` } });
    await req('/api/sessions');
    expect(logs.map((l) => [l.status, l.role, typeof l.keyId])).toEqual([
      [200, 'viewer', 'string'],
      [401, undefined, 'undefined'],
    ]);
    expect(JSON.stringify(logs)).not.toContain(VIEWER_KEY);
  });

  it('refuses oversized bodies with 413 and a message, declared or streamed', async () => {
    const big = JSON.stringify({ frames: [{ carId: 'x'.repeat(10), tsMs: 1, values: {} }], pad: 'y'.repeat(4 * 1024 * 1024 + 10) });
    const declared = await req('/api/sessions/s1/frames', json(ENGINEER_KEY, big));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: 'payload-too-large', message: expect.stringMatching(/larger than 4194304 bytes/) });
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 65536) c.enqueue(bytes.slice(i, i + 65536));
        c.close();
      },
    });
    const streamed = await req('/api/sessions/s1/frames', { method: 'POST', headers: { Authorization: `Bearer ${ENGINEER_KEY}`, 'Content-Type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    const anyRoute = await req('/api/live/anything', { method: 'POST', headers: { Authorization: `Bearer ${ENGINEER_KEY}` }, body: new Uint8Array(9 * 1024 * 1024 + 1) });
    expect(anyRoute.status).toBe(413);
    const chunk = await req('/api/sync/uploads/AAAAAAAAAAAAAAAAAAAAAA/chunks/0', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${ENGINEER_KEY}`, 'X-Chunk-Sha256': '0'.repeat(64) },
      body: new Uint8Array(8 * 1024 * 1024 + 1),
    });
    expect(chunk.status).toBe(413);
  });

  it('answers malformed input with a 4xx naming the problem', async () => {
    const notJson = await req('/api/sessions/s1/frames', json(ENGINEER_KEY, '{"frames": [1,'));
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: 'bad-json', message: expect.stringMatching(/not valid JSON/) });
    const wrongType = await req('/api/sessions/s1/frames', { method: 'POST', headers: { Authorization: `Bearer ${ENGINEER_KEY}`, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    const bad = await req('/api/sessions/s1/frames', json(ENGINEER_KEY, { frames: [{ carId: '7', tsMs: T0, values: {} }, { carId: '7', tsMs: 'soon', values: {} }] }));
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: 'invalid', field: 'frames[1].tsMs', message: expect.stringMatching(/frames\[1\]\.tsMs: expected a finite number/) });
    const extra = await req('/api/sessions/s1/frames', json(ENGINEER_KEY, { frames: [{ carId: '7', tsMs: T0, values: {}, admin: true }] }));
    expect(await extra.json()).toMatchObject({ field: 'frames[0].admin', message: expect.stringMatching(/not an allowed field/) });
    const value = await req('/api/sessions/s1/frames', json(ENGINEER_KEY, { frames: [{ carId: '7', tsMs: T0, values: { speed: 'fast' } }] }));
    expect(value.status).toBe(422);
    const empty = await req('/api/sessions/s1/frames', json(ENGINEER_KEY, { frames: [] }));
    expect((await empty.json()).message).toMatch(/at least 1 items/);
    const control = await req('/api/sessions/s1/frames', json(ENGINEER_KEY, { frames: [{ carId: 'a\u0000b', tsMs: T0, values: {} }] }));
    expect((await control.json()).message).toMatch(/control characters/);
    const query = await req('/api/sessions/s1/history?carId=7&channels=speed&bucketMs=abc', { headers: { Authorization: `Bearer ${VIEWER_KEY}` } });
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({ field: 'bucketMs' });
    const channel = await req('/api/sessions/s1/history?carId=7&channels=speed,pg_sleep(10)&bucketMs=1000', { headers: { Authorization: `Bearer ${VIEWER_KEY}` } });
    expect(channel.status).toBe(422);
    expect((await channel.json()).message).toMatch(/not a canonical channel/);
    const upload = await req('/api/sync/uploads', json(ENGINEER_KEY, { contentHash: 'abc', bytes: -1 }));
    expect(upload.status).toBe(422);
    expect((await upload.json()).field).toBe('contentHash');
  });

  it('sends CORS headers to allow-listed origins only, and lets their preflight through without a key', async () => {
    const allowed = await req('/api/sessions', { headers: { Origin: 'https://pit.example', Authorization: `Bearer ${VIEWER_KEY}` } });
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://pit.example');
    const other = await req('/api/sessions', { headers: { Origin: 'https://evil.example', Authorization: `Bearer ${VIEWER_KEY}` } });
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const preflight = await req('/api/sync/uploads', {
      method: 'OPTIONS',
      headers: { Origin: 'https://pit.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('https://pit.example');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toMatch(/Authorization/);
    const evilPreflight = await req('/api/sync/uploads', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(evilPreflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('serves Prometheus metrics to a viewer, with the HTTP and store series', async () => {
    const res = await req('/metrics', { headers: { Authorization: `Bearer ${VIEWER_KEY}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE etm_http_requests_total counter$/m);
    expect(text).toMatch(/^etm_http_requests_total\{method="GET",status="4xx"\} \d+$/m);
    expect(text).toMatch(/^etm_http_auth_failures_total\{reason="forbidden"\} [1-9]\d*$/m);
    expect(text).toMatch(/^# TYPE etm_http_request_seconds histogram$/m);
    expect(text).toMatch(/^etm_store_write_seconds_count\{backend="pglite"\} [1-9]\d*$/m);
    expect(text).toMatch(/^etm_store_rows_inserted_total\{backend="pglite"\} [1-9]\d*$/m);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('checks WebSocket upgrades with the same keys (access_token only on an upgrade)', () => {
    const upgrade = (url: string, headers: Record<string, string> = {}) =>
      t.security.checkUpgrade({ method: 'GET', url, headers: { upgrade: 'websocket', ...headers }, socket: { remoteAddress: '127.0.0.1' } } as never);
    expect(upgrade(`/api/live?access_token=${VIEWER_KEY}`)).toMatchObject({ ok: true, principal: { role: 'viewer' } });
    expect(upgrade('/api/live', { authorization: `Bearer ${ENGINEER_KEY}` })).toMatchObject({ ok: true, principal: { role: 'engineer' } });
    expect(upgrade('/api/live')).toMatchObject({ ok: false, status: 401 });
    expect(upgrade(`/api/live?access_token=${VIEWER_KEY}`, {}).ok).toBe(true);
    expect(t.security.checkUpgrade({ method: 'GET', url: `/api/live?access_token=${VIEWER_KEY}`, headers: {}, socket: {} } as never)).toMatchObject({ ok: false, status: 401 });
    expect(t.security.checkUpgrade({ method: 'GET', url: '/x', headers: { upgrade: 'websocket', 'x-api-key': VIEWER_KEY }, socket: {} } as never, 'engineer')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('rate limiting', () => {
  const demo = createDemoSource(() => ({ csv: [''], truthJson: '{}' }));
  it('answers 429 with Retry-After past the burst, per key and per address', async () => {
    let nowMs = 0;
    const security = new EdgeSecurity({
      keys: new KeyRing([
        { key: ENGINEER_KEY, role: 'engineer' },
        { key: VIEWER_KEY, role: 'viewer' },
      ]),
      rateLimit: { ratePerS: 0.5, burst: 3, now: () => nowMs },
    });
    const app = createApp({ distDir: NO_DIST, demo, log: () => undefined, security, metricsRegistry: new MetricsRegistry() });
    const asViewer = () => app.request('/api/auth/whoami', { headers: { Authorization: `Bearer ${VIEWER_KEY}` } }, LOOPBACK);
    expect([(await asViewer()).status, (await asViewer()).status, (await asViewer()).status]).toEqual([200, 200, 200]);
    const limited = await asViewer();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('2');
    expect(await limited.json()).toMatchObject({ error: 'rate-limited', message: expect.stringMatching(/retry in 2 s/) });
    // Another key has its own bucket; so do unauthenticated callers, by address.
    expect((await app.request('/api/auth/whoami', { headers: { Authorization: `Bearer ${ENGINEER_KEY}` } }, LOOPBACK)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await app.request('/api/sessions', {}, LAN)).status).toBe(401);
    expect((await app.request('/api/sessions', {}, LAN)).status).toBe(429);
    expect((await app.request('/api/health', {}, LAN)).status).toBe(200); // public paths are not limited
    nowMs += 2000;
    expect((await asViewer()).status).toBe(200);
  });
});

describe('the generated-key bootstrap', () => {
  const demo = createDemoSource(() => ({ csv: [''], truthJson: '{}' }));
  const generated = securityFromEnv({});
  const app = createApp({ distDir: NO_DIST, demo, log: () => undefined, security: generated, metricsRegistry: new MetricsRegistry() });
  const boot = (env: object, headers: Record<string, string> = {}) => app.request('http://localhost:8000/api/auth/bootstrap', { headers }, env);

  it('hands the generated engineer key to a same-origin page on this machine only', async () => {
    expect(generated.generatedKey).toMatch(/^etm_[A-Za-z0-9_-]{32}$/);
    const ok = await boot(LOOPBACK, { 'Sec-Fetch-Site': 'same-origin' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Cache-Control')).toBe('no-store');
    const { key, role } = await ok.json();
    expect([key, role]).toEqual([generated.generatedKey, 'engineer']);
    expect((await app.request('/api/auth/whoami', { headers: { Authorization: `Bearer ${key}` } }, LOOPBACK)).status).toBe(200);
    expect((await boot(LAN)).status).toBe(403);
    expect((await boot({ incoming: { socket: { remoteAddress: '::ffff:127.0.0.1' } } })).status).toBe(200);
    expect((await boot(LOOPBACK, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await app.request('http://rebind.evil.example:8000/api/auth/bootstrap', {}, LOOPBACK)).status).toBe(403);
  });

  it('is not offered when keys are configured', async () => {
    const configured = createApp({ distDir: NO_DIST, demo, log: () => undefined, security: securityFromEnv({ ETM_API_KEYS: `${ENGINEER_KEY}:engineer` }) });
    const res = await configured.request('http://localhost:8000/api/auth/bootstrap', {}, LOOPBACK);
    expect(res.status).toBe(404);
  });
});
