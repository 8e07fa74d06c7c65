import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareAssets } from './prepare-assets.ts';
import { acceptsGzip } from './worker-assets.ts';
import { createWorkerApp } from './worker-app.ts';
import type { AssetsFetcher, WorkerEnv } from './worker-env.ts';

const KEY = 'worker-test-viewer-key-01';
const WASM = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...Array.from({ length: 1000 }, (_, i) => i % 7)]);

/** A stand-in for the ASSETS binding: index.html and a .wasm.gz (the .wasm itself is left out, as on Cloudflare). */
function assets(): AssetsFetcher & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async fetch(req: Request) {
      const path = new URL(req.url).pathname;
      asked.push(path);
      if (path === '/index.html' || path === '/' || !/\.[a-z0-9]+$/.test(path)) return new Response('<div id="root"></div>', { headers: { 'Content-Type': 'text/html' } });
      if (path === '/assets/duckdb.wasm.gz') return new Response(gzipSync(WASM), { headers: { 'Content-Type': 'application/gzip', ETag: '"w1"' } });
      return new Response('not found', { status: 404 });
    },
  };
}

const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined };

function app(env: Partial<WorkerEnv> = {}) {
  const a = assets();
  const e = { ASSETS: a, ETM_API_KEYS: `${KEY}:viewer`, ...env } as WorkerEnv;
  const worker = createWorkerApp(e, { log: () => undefined });
  return { a, fetch: (path: string, init?: RequestInit) => worker.fetch(new Request(`http://edge.test${path}`, init), e, ctx as never) };
}

describe('the Workers app', () => {
  it('answers /api/health from the Worker with the security headers', async () => {
    const res = await app().fetch('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', runtime: 'cloudflare-workers', pwaBuilt: true, database: null, keysConfigured: true });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('closes the API without keys, never hands out a bootstrap key, and says which routes are Node-only', async () => {
    const noKeys = app({ ETM_API_KEYS: undefined });
    expect((await noKeys.fetch('/api/sessions')).status).toBe(401);
    expect((await noKeys.fetch('/api/auth/bootstrap')).status).toBe(404);
    const a = app();
    for (const path of ['/api/live/status', '/api/sync/sessions', '/metrics']) {
      const res = await a.fetch(path, { headers: { Authorization: `Bearer ${KEY}` } });
      expect(res.status, path).toBe(501);
      expect(((await res.json()) as { message: string }).message).toMatch(/not available on Cloudflare Workers/);
    }
    const noDb = await a.fetch('/api/sessions', { headers: { Authorization: `Bearer ${KEY}` } });
    expect(noDb.status).toBe(503);
    expect((await a.fetch('/api/nope', { headers: { Authorization: `Bearer ${KEY}` } })).status).toBe(404);
  });

  it('serves the PWA from ASSETS, and a .wasm from its gzip copy (inflated for a client without gzip)', async () => {
    const a = app();
    const shell = await a.fetch('/some/route');
    expect(await shell.text()).toContain('id="root"');
    const gz = await a.fetch('/assets/duckdb.wasm', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('content-type')).toBe('application/wasm');
    const plain = await a.fetch('/assets/duckdb.wasm');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await plain.arrayBuffer())).toEqual(WASM);
    expect((await a.fetch('/assets/missing.wasm')).status).toBe(404);
  });

  it('negotiates gzip like the Node server', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1, gzip;q=0')).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
  });
});

describe('prepare-assets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'etm-cf-dist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves files over the limit out of the upload when a small enough .gz copy exists, and writes _headers', () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'big.wasm'), new Uint8Array(5000));
    writeFileSync(join(dir, 'assets', 'big.wasm.gz'), gzipSync(new Uint8Array(5000)));
    writeFileSync(join(dir, 'assets', 'small.js'), 'x');
    const r = prepareAssets(dir, 1000);
    expect(r.ignored).toEqual(['assets/big.wasm']);
    expect(readFileSync(join(dir, '.assetsignore'), 'utf8')).toContain('/assets/big.wasm\n');
    const headers = readFileSync(join(dir, '_headers'), 'utf8');
    expect(headers).toContain('/*\n  Content-Security-Policy:');
    expect(headers).toContain('/sw.js\n  Cache-Control: no-cache');
  });

  it('refuses a large file the Worker could not serve', () => {
    writeFileSync(join(dir, 'assets', 'huge.js'), new Uint8Array(5000));
    expect(() => prepareAssets(dir, 1000)).toThrow(/assets\/huge\.js is over/);
    expect(() => prepareAssets(join(dir, 'nothing'))).toThrow(/npm run build/);
  });
});
