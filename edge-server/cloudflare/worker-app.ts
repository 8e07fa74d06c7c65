// The edge server's HTTP API as it runs on Cloudflare Workers, built from the Node server's own route
// modules and middleware: security headers, request log, API keys/roles/rate limit/CORS/body limits,
// /api/health, the demo session, /api/auth/whoami, and /api/sessions over PostgreSQL (Hyperdrive or
// ETM_DATABASE_URL). What needs a long-lived Node process answers 501 with the reason: the live bridge
// (/api/live: MQTT/Kafka consumers and a WebSocket hub), the sync API (/api/sync: session files on the
// server's disk), /metrics (per-process counters) and the loopback key bootstrap (there is no generated
// key on Workers: configure ETM_API_KEYS). Everything else is the static PWA from the ASSETS binding.

import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestLog, type LogSink } from '../middleware/request-log.ts';
import { securityHeaders } from '../middleware/security-headers.ts';
import { sessionsRoutes } from '../routes/sessions.ts';
import { apiGuard } from '../security/api-guard.ts';
import { KeyRing, parseKeyList } from '../security/api-keys.ts';
import { DEFAULT_RATE_LIMIT, EdgeSecurity } from '../security/edge-security.ts';
import { apiCors, limitBody, principalOf } from '../security/http.ts';
import { serveAsset } from './worker-assets.ts';
import { workerDemoRoutes } from './worker-demo.ts';
import { databaseUrl, type WorkerContext, type WorkerEnv } from './worker-env.ts';
import { openRequestStore } from './worker-store.ts';

/** Same bound as the Node app (API_BODY_LIMIT_BYTES in app.ts; not imported: that module pulls in the Node static server). */
const API_BODY_LIMIT_BYTES = 9 * 1024 * 1024;

export const RUNTIME = 'cloudflare-workers';

type Env = { Bindings: WorkerEnv };

/** Why a route is not served on Workers (answered as 501 with this message). */
export const NODE_ONLY: ReadonlyArray<{ prefix: string; reason: string }> = [
  { prefix: '/api/live', reason: 'the live bridge (MQTT and Kafka consumers, the /api/live WebSocket hub) needs a long-running Node edge server: run `npm start` at the track' },
  { prefix: '/api/sync', reason: 'the sync API keeps session files on the edge server\'s disk (edge-server/sync/blob-store.ts); on Workers it would need R2 — use the Node edge server' },
  { prefix: '/metrics', reason: 'metrics are per-process counters of the Node edge server; a Worker isolate has none worth scraping' },
];

function securityFor(env: WorkerEnv): EdgeSecurity {
  const corsOrigins = (env.ETM_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+)\s*$/.exec(env.ETM_RATE_LIMIT ?? '');
  const rateLimit = m ? { ratePerS: Number(m[1]), burst: Number(m[2]) } : { ...DEFAULT_RATE_LIMIT };
  // No generated key here: an isolate's key could be shown to nobody. Without ETM_API_KEYS the API is closed.
  return new EdgeSecurity({ keys: new KeyRing(env.ETM_API_KEYS ? parseKeyList(env.ETM_API_KEYS) : []), corsOrigins, rateLimit });
}

function notOnWorkers(c: Context, reason: string): Response {
  return c.json({ error: 'not-implemented', runtime: RUNTIME, message: `not available on Cloudflare Workers: ${reason}` }, 501, { 'Cache-Control': 'no-store' });
}

export interface WorkerAppOptions {
  log?: LogSink;
  startedAtMs?: number;
}

/** One app per isolate and configuration (the security layer keeps the rate-limit buckets). */
export function createWorkerApp(env: WorkerEnv, options: WorkerAppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const security = securityFor(env);
  const startedAtMs = options.startedAtMs ?? Date.now();
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));

  app.use('*', requestLog(log));
  app.use('*', securityHeaders());
  app.use('/api/*', apiCors(security));
  app.use('*', apiGuard(security));
  app.use('/api/*', limitBody(API_BODY_LIMIT_BYTES));

  app.get('/api/health', async (c) => {
    const index = await c.env.ASSETS.fetch(new Request(new URL('/index.html', c.req.url), { method: 'HEAD' })).catch(() => null);
    return c.json(
      {
        status: 'ok',
        runtime: RUNTIME,
        uptimeS: Math.round((Date.now() - startedAtMs) / 1000),
        pwaBuilt: index?.ok ?? false,
        database: databaseUrl(c.env) ? (c.env.HYPERDRIVE ? 'hyperdrive' : 'ETM_DATABASE_URL') : null,
        keysConfigured: security.keys.size > 0,
        nodeOnly: NODE_ONLY.map((r) => r.prefix),
      },
      200,
      { 'Cache-Control': 'no-store' },
    );
  });
  app.route('/', workerDemoRoutes());
  app.get('/api/auth/bootstrap', (c) =>
    c.json({ error: 'not-available', message: 'API keys are configured on this deployment (ETM_API_KEYS): ask its operator for a key' }, 404, { 'Cache-Control': 'no-store' }),
  );
  app.get('/api/auth/whoami', (c) => {
    const p = principalOf(c);
    return c.json({ role: p?.role ?? null, keyId: p?.keyId ?? null, name: p?.name ?? null }, 200, { 'Cache-Control': 'no-store' });
  });

  const sessions = async (c: Context<Env>) => {
    const url = databaseUrl(c.env);
    if (!url) return c.json({ error: 'not-configured', message: 'no database: bind Hyperdrive as HYPERDRIVE or set ETM_DATABASE_URL' }, 503, { 'Cache-Control': 'no-store' });
    const opened = await openRequestStore(url, { schema: c.env.ETM_DB_SCHEMA, timescale: c.env.ETM_TIMESCALE });
    try {
      return await sessionsRoutes({ store: opened.store }).fetch(c.req.raw, c.env, c.executionCtx);
    } finally {
      (c.executionCtx as WorkerContext).waitUntil(opened.close().catch(() => undefined));
    }
  };
  app.all('/api/sessions', sessions);
  app.all('/api/sessions/*', sessions);

  for (const r of NODE_ONLY) {
    app.all(r.prefix, (c) => notOnWorkers(c, r.reason));
    app.all(`${r.prefix}/*`, (c) => notOnWorkers(c, r.reason));
  }
  app.all('/api/*', (c) => c.json({ error: 'not-found', path: c.req.path }, 404));
  app.all('*', (c) => serveAsset(c.req.raw, c.env.ASSETS));

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'unhandled', path: c.req.path, error: String(err?.stack ?? err) }));
    return c.json({ error: 'internal', message: err.message }, 500);
  });
  return app;
}
