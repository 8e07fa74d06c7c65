// The Cloudflare Workers target, offline: runs `wrangler dev --local` (workerd) on the built PWA and the
// Worker entry (edge-server/cloudflare/worker.ts) and checks it over HTTP — /api/health, index.html with the
// security headers, a client-side route, DuckDB's .wasm (over the 25 MiB asset limit, served from its .gz),
// the API keys, /api/sessions writing and reading frames in PostgreSQL through `pg` inside workerd (count
// and checksum), and the Node-only routes answering 501. Needs dist/ (npm test builds first).
// Run: node --import tsx tests/cloudflare/run.ts   — prints 'N passed, N failed'.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameChecksum } from '../../edge-server/storage/frame-checksum.ts';
import { postgresReachable, TEST_PG_URL, uniqueSchema } from '../../edge-server/storage/test-databases.ts';
import { quoteIdent } from '../../edge-server/storage/sql-client.ts';
import pg from 'pg';
import { assert, Steps } from '../browser/harness.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST_DIR = join(REPO_ROOT, 'dist');
const WRANGLER = join(REPO_ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const OVERALL_LIMIT_MS = 60_000;
const ENGINEER_KEY = 'cf-test-engineer-key-0001';
const VIEWER_KEY = 'cf-test-viewer-key-00001';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Stops wrangler and the workerd/esbuild processes it started (its own process group). */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

async function main(): Promise<number> {
  const started = performance.now();
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    process.stdout.write('SKIP the Cloudflare check: dist/ is not built (run `npm run build` first)\n0 passed, 0 failed\n');
    return 0;
  }
  const steps = new Steps();
  // wrangler keeps its bundle in .wrangler/ of the project: removed afterwards unless it was there before
  const wranglerDir = join(REPO_ROOT, '.wrangler');
  const hadWranglerDir = existsSync(wranglerDir);
  const stateDir = mkdtempSync(join(tmpdir(), 'etm-wrangler-'));
  const usePg = await postgresReachable();
  const schema = uniqueSchema('etm_cf');
  const log: string[] = [];
  let child: ChildProcess | undefined;
  let base = '';
  const watchdog = setTimeout(() => {
    process.stderr.write(`cloudflare check: over ${OVERALL_LIMIT_MS / 1000} s, giving up\n${log.join('').slice(-3000)}\n`);
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    process.exit(1);
  }, OVERALL_LIMIT_MS);

  try {
    await steps.run('wrangler dev --local starts workerd with the Worker and dist/ as static assets', async () => {
      const port = await freePort();
      const vars = [`ETM_API_KEYS:${ENGINEER_KEY}:engineer,${VIEWER_KEY}:viewer`, `ETM_DB_SCHEMA:${schema}`];
      if (usePg) vars.push(`ETM_DATABASE_URL:${TEST_PG_URL}`);
      const args = [WRANGLER, 'dev', '--local', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', stateDir, '--log-level', 'info', ...vars.flatMap((v) => ['--var', v])];
      child = spawn(process.execPath, args, {
        cwd: REPO_ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '1', NO_COLOR: '1' },
      });
      child.stdout!.on('data', (d) => log.push(String(d)));
      child.stderr!.on('data', (d) => log.push(String(d)));
      base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 45_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`wrangler exited with ${child.exitCode}:\n${log.join('').slice(-2000)}`);
        const ok = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`no answer on ${base} after 45 s:\n${log.join('').slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      process.stdout.write(`        ${base} (PostgreSQL: ${usePg ? `${TEST_PG_URL}, schema ${schema}` : 'not reachable, /api/sessions not checked'})\n`);
    });

    await steps.run('/api/health answers from the Worker (runtime, PWA present, keys configured)', async () => {
      const res = await fetch(`${base}/api/health`);
      const body = (await res.json()) as Record<string, unknown>;
      assert(res.status === 200, `status ${res.status}`);
      assert(body.status === 'ok' && body.runtime === 'cloudflare-workers', `body ${JSON.stringify(body)}`);
      assert(body.pwaBuilt === true && body.keysConfigured === true, `body ${JSON.stringify(body)}`);
      assert(res.headers.get('content-security-policy')?.includes("default-src 'self'"), 'no CSP on the API answer');
    });

    await steps.run('index.html is served as the app shell, with the security headers; a deep link gets the shell too', async () => {
      const expected = readFileSync(join(DIST_DIR, 'index.html'), 'utf8');
      const res = await fetch(`${base}/`);
      const html = await res.text();
      assert(res.status === 200 && /text\/html/.test(res.headers.get('content-type') ?? ''), `GET / → ${res.status} ${res.headers.get('content-type')}`);
      assert(html === expected, 'GET / is not dist/index.html');
      assert(html.includes('<div id="root">'), 'no #root in index.html');
      assert(res.headers.get('content-security-policy')?.includes("frame-ancestors 'none'"), 'index.html lacks the CSP from _headers');
      assert(res.headers.get('x-content-type-options') === 'nosniff', 'index.html lacks nosniff');
      const deep = await fetch(`${base}/some/client/route`);
      assert(deep.status === 200 && (await deep.text()) === expected, `a deep link → ${deep.status}, not the shell`);
      const manifest = (await (await fetch(`${base}/manifest.webmanifest`)).json()) as { name?: string };
      assert(manifest.name === 'EngiTorqueMap', `manifest ${JSON.stringify(manifest)}`);
    });

    await steps.run('DuckDB-WASM (.wasm over the 25 MiB asset limit) is served whole from its .gz copy', async () => {
      const wasm = readdirSync(join(DIST_DIR, 'assets')).filter((f) => f.endsWith('.wasm'));
      assert(wasm.length > 0, 'no .wasm in dist/assets');
      for (const name of wasm) {
        const res = await fetch(`${base}/assets/${name}`);
        const bytes = new Uint8Array(await res.arrayBuffer());
        const size = statSync(join(DIST_DIR, 'assets', name)).size;
        assert(res.status === 200 && res.headers.get('content-type') === 'application/wasm', `${name}: ${res.status} ${res.headers.get('content-type')}`);
        assert(bytes.length === size, `${name}: ${bytes.length} bytes decoded, the file has ${size}`);
        assert(bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d, `${name} does not start with \\0asm`);
        process.stdout.write(`        ${name}: ${(size / 2 ** 20).toFixed(1)} MiB, content-encoding ${res.headers.get('content-encoding') ?? 'identity'} on the wire\n`);
      }
    });

    await steps.run('API keys: 401 without a key, whoami with one; the bootstrap is not offered on Workers', async () => {
      const none = await fetch(`${base}/api/sessions`);
      assert(none.status === 401, `no key → ${none.status}`);
      const who = (await (await fetch(`${base}/api/auth/whoami`, { headers: { Authorization: `Bearer ${VIEWER_KEY}` } })).json()) as { role?: string };
      assert(who.role === 'viewer', `whoami ${JSON.stringify(who)}`);
      const boot = await fetch(`${base}/api/auth/bootstrap`);
      assert(boot.status === 404, `bootstrap → ${boot.status}`);
    });

    if (usePg) {
      await steps.run('/api/sessions on PostgreSQL through pg in workerd: frames written, count and checksum read back', async () => {
        const sessionId = 'cf-test-session';
        const frames = [0, 1, 2].map((i) => ({ carId: '7', tsMs: Date.UTC(2026, 5, 14, 13, 0, 0) + i * 10 + 0.5, values: { speed: 30 + i / 8, rpm: 6000 + i, lat: 52.0712345678 + i * 1e-7 } }));
        const forbidden = await fetch(`${base}/api/sessions/${sessionId}/frames`, { method: 'POST', headers: { Authorization: `Bearer ${VIEWER_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ frames }) });
        assert(forbidden.status === 403, `a viewer's write → ${forbidden.status}`);
        const write = await fetch(`${base}/api/sessions/${sessionId}/frames`, { method: 'POST', headers: { Authorization: `Bearer ${ENGINEER_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ frames }) });
        const result = (await write.json()) as { inserted?: number };
        assert(write.status === 201 && result.inserted === 3, `write → ${write.status} ${JSON.stringify(result)}`);
        const again = (await (await fetch(`${base}/api/sessions/${sessionId}/frames`, { method: 'POST', headers: { Authorization: `Bearer ${ENGINEER_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ frames }) })).json()) as { duplicates?: number };
        assert(again.duplicates === 3, `a repeated write: ${JSON.stringify(again)}`);
        const stats = (await (await fetch(`${base}/api/sessions/${sessionId}/stats`, { headers: { Authorization: `Bearer ${VIEWER_KEY}` } })).json()) as { cars: Array<{ carId: string; count: number; checksum: string }> };
        const expected = frameChecksum(frames.map((f) => ({ ...f, sessionId })));
        assert(stats.cars.length === 1 && stats.cars[0].count === 3 && stats.cars[0].checksum === expected, `stats ${JSON.stringify(stats)}, expected checksum ${expected}`);
        const list = (await (await fetch(`${base}/api/sessions`, { headers: { Authorization: `Bearer ${VIEWER_KEY}` } })).json()) as { backend: string; sessions: unknown[] };
        assert(list.backend === 'postgres' || list.backend === 'timescaledb', `backend ${list.backend}`);
        process.stdout.write(`        backend ${list.backend}; 3 frames, checksum ${expected}\n`);
      });
    }

    await steps.run('Node-only routes answer 501 with the reason (live bridge, sync, metrics)', async () => {
      for (const path of ['/api/live/status', '/api/sync/sessions', '/metrics']) {
        const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${VIEWER_KEY}` } });
        const body = (await res.json()) as { error?: string; message?: string };
        assert(res.status === 501 && body.error === 'not-implemented' && /Workers/.test(body.message ?? ''), `${path} → ${res.status} ${JSON.stringify(body)}`);
      }
      const truth = await fetch(`${base}/api/demo/truth.json`);
      assert(truth.status === 200 && Array.isArray(((await truth.json()) as { drivers?: unknown[] }).drivers), `demo truth → ${truth.status}`);
    });
  } finally {
    clearTimeout(watchdog);
    if (child) await stop(child);
    rmSync(stateDir, { recursive: true, force: true });
    if (!hadWranglerDir) rmSync(wranglerDir, { recursive: true, force: true });
    if (usePg) {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect().then(() => client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`)).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }
  const { passed, failed } = steps.summary();
  process.stdout.write(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exit(await main());
