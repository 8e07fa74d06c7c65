import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { createDemoSource } from './demo-source.ts';
import type { RequestLogLine } from './middleware/request-log.ts';
import { DEMO_CSV_FILE_NAME } from './routes/demo.ts';

const CSV_PIECES = ['time_s,channel,value\n', ...Array.from({ length: 200 }, (_, i) => `${(i / 10).toFixed(1)},speed,${10 + i}\n`)];

function fakeDemo() {
  let builds = 0;
  const source = createDemoSource(() => {
    builds++;
    return { csv: CSV_PIECES, truthJson: JSON.stringify({ laps: 2, lapTimesS: [101.5, 99.25] }) };
  });
  return { source, builds: () => builds };
}

describe('edge server app', () => {
  let dist: string;
  const logs: RequestLogLine[] = [];
  const demo = fakeDemo();
  let app: ReturnType<typeof createApp>;

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'etm-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>EngiTorqueMap</title>');
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(dist, 'manifest.webmanifest'), '{"name":"EngiTorqueMap"}');
    writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log(1);');
    const wasm = new Uint8Array(4096).fill(7);
    wasm.set([0x00, 0x61, 0x73, 0x6d]);
    writeFileSync(join(dist, 'assets', 'duckdb-eh-XyZ.wasm'), wasm);
    writeFileSync(join(dist, 'assets', 'duckdb-eh-XyZ.wasm.gz'), gzipSync(wasm));
    app = createApp({ distDir: dist, demo: demo.source, log: (l) => logs.push(l), startedAtMs: Date.now() - 5000 });
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('answers /api/health with status and whether the PWA is built', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', pwaBuilt: true });
    expect(body.uptimeS).toBeGreaterThanOrEqual(5);
  });

  it('logs one JSON line per request', async () => {
    logs.length = 0;
    await app.request('/api/health');
    await app.request('/nope.js');
    expect(logs.map((l) => [l.method, l.path, l.status])).toEqual([
      ['GET', '/api/health', 200],
      ['GET', '/nope.js', 404],
    ]);
    expect(logs[0].level).toBe('info');
    expect(logs[1].level).toBe('warn');
    expect(typeof logs[0].durationMs).toBe('number');
    expect(() => JSON.parse(JSON.stringify(logs[0]))).not.toThrow();
  });

  it('sends security headers that still allow DuckDB-WASM (wasm-unsafe-eval, blob: workers)', async () => {
    const res = await app.request('/');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
  });

  it('serves index.html and the service worker uncached, hashed assets immutable', async () => {
    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(index.headers.get('Cache-Control')).toBe('no-cache');
    expect(await index.text()).toContain('EngiTorqueMap');

    const sw = await app.request('/sw.js');
    expect(sw.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(sw.headers.get('Cache-Control')).toBe('no-cache');

    const manifest = await app.request('/manifest.webmanifest');
    expect(manifest.headers.get('Content-Type')).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers.get('Cache-Control')).toBe('no-cache');

    const asset = await app.request('/assets/index-AbC123.js');
    expect(asset.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves .wasm as application/wasm, gzip-precompressed when the client accepts it', async () => {
    const plain = await app.request('/assets/duckdb-eh-XyZ.wasm');
    expect(plain.headers.get('Content-Type')).toBe('application/wasm');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(new Uint8Array(await plain.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0x00, 0x61, 0x73, 0x6d]));

    const gz = await app.request('/assets/duckdb-eh-XyZ.wasm', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(gz.headers.get('Content-Type')).toBe('application/wasm');
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    expect(Number(gz.headers.get('Content-Length'))).toBeLessThan(4096);
  });

  it('answers client-side routes with the app shell and unknown files or API paths with 404', async () => {
    const deep = await app.request('/sessions/abc');
    expect(deep.status).toBe(200);
    expect(deep.headers.get('Cache-Control')).toBe('no-cache');
    expect(await deep.text()).toContain('EngiTorqueMap');
    expect((await app.request('/assets/missing-123.js')).status).toBe(404);
    const api = await app.request('/api/unknown');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'not-found', path: '/api/unknown' });
  });

  it('streams the demo session as text/csv, built once, with an ETag that answers 304', async () => {
    const res = await app.request('/api/demo/session.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toContain(DEMO_CSV_FILE_NAME);
    const text = await res.text();
    expect(text).toBe(CSV_PIECES.join(''));
    expect(Number(res.headers.get('Content-Length'))).toBe(new TextEncoder().encode(text).length);
    const etag = res.headers.get('ETag');
    expect(etag).toMatch(/^"[\w-]+"$/);

    const head = await app.request('/api/demo/session.csv', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('Content-Length')).toBe(res.headers.get('Content-Length'));
    expect(await head.text()).toBe('');

    const again = await app.request('/api/demo/session.csv', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(demo.builds()).toBe(1);
  });

  it('gzips the demo CSV once for clients that accept it', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await app.request('/api/demo/session.csv', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      expect(res.headers.get('Content-Encoding')).toBe('gzip');
      expect(res.headers.get('Vary')).toContain('Accept-Encoding');
      const gzBytes = Number(res.headers.get('Content-Length'));
      expect(gzBytes).toBeGreaterThan(0);
      expect(gzBytes).toBeLessThan(new TextEncoder().encode(CSV_PIECES.join('')).length);
      const plain = await new Response(res.body!.pipeThrough(new DecompressionStream('gzip'))).text();
      expect(plain).toBe(CSV_PIECES.join(''));
    }
    const gzEtag = (await app.request('/api/demo/session.csv', { headers: { 'Accept-Encoding': 'gzip' } })).headers.get('ETag');
    expect(gzEtag).toMatch(/-gz"$/);
    expect((await app.request('/api/demo/session.csv', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': gzEtag! } })).status).toBe(304);
    const refused = await app.request('/api/demo/session.csv', { headers: { 'Accept-Encoding': 'gzip;q=0, identity' } });
    expect(refused.headers.get('Content-Encoding')).toBeNull();
    expect(await refused.text()).toBe(CSV_PIECES.join(''));
    expect(demo.builds()).toBe(1);
  });

  it('serves the demo truth as JSON', async () => {
    const res = await app.request('/api/demo/truth.json');
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ laps: 2, lapTimesS: [101.5, 99.25] });
  });
});

describe('edge server without a build', () => {
  it('says to run npm run build, and still answers the API', async () => {
    const missing = join(tmpdir(), `etm-no-dist-${process.pid}-${Date.now()}`);
    const app = createApp({ distDir: missing, demo: fakeDemo().source, log: () => undefined });
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
    const health = await app.request('/api/health');
    expect(await health.json()).toMatchObject({ status: 'ok', pwaBuilt: false });
  });

  it('answers 500 with JSON when the demo cannot be built, and retries on the next request', async () => {
    let calls = 0;
    const demo = createDemoSource(() => {
      calls++;
      if (calls === 1) throw new Error('generator exploded');
      return { csv: ['a,b\n'], truthJson: '{}' };
    });
    const errors: Array<Record<string, unknown>> = [];
    const app = createApp({ distDir: tmpdir(), demo, log: () => undefined, logError: (l) => errors.push(l) });
    const first = await app.request('/api/demo/session.csv');
    expect(first.status).toBe(500);
    expect((await first.json()).message).toContain('generator exploded');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 'error', msg: 'unhandled', path: '/api/demo/session.csv' });
    const second = await app.request('/api/demo/session.csv');
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('a,b\n');
  });
});
