// The edge server's Hono app: request log, security headers, compression, the API routes and the
// built PWA. main.ts binds it to a port; tests drive it with app.request().

import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { DemoSource } from './demo-source.ts';
import { requestLog, stdoutLog, type LogSink } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { demoRoutes } from './routes/demo.ts';
import { healthRoutes } from './routes/health.ts';
import { liveRoutes } from './live/live-routes.ts';
import { staticPwaRoutes } from './routes/static-pwa.ts';
import { HTTPException } from 'hono/http-exception';
import { edgeMetrics } from './metrics/edge-metrics.ts';
import { httpMetrics } from './metrics/http-metrics.ts';
import { defaultRegistry, type MetricsRegistry } from './metrics/registry.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { sessionsRoutes } from './routes/sessions.ts';
import { syncRoutes } from './routes/sync.ts';
import { apiGuard } from './security/api-guard.ts';
import { authRoutes } from './security/bootstrap-routes.ts';
import type { EdgeSecurity } from './security/edge-security.ts';
import { apiCors, limitBody } from './security/http.ts';
import type { TelemetryStore } from './storage/telemetry-store.ts';
import type { SyncService } from './sync/sync-service.ts';

/** The largest request body any API route takes (a sync chunk, MAX_CHUNK_BYTES, plus headroom). */
export const API_BODY_LIMIT_BYTES = 9 * 1024 * 1024;

export interface AppOptions {
  /** Absolute path of the PWA build (dist/). */
  distDir: string;
  demo: DemoSource;
  log?: LogSink;
  /** Where unhandled errors are reported (default: a JSON line on stderr). */
  logError?: (line: Record<string, unknown>) => void;
  startedAtMs?: number;
  /** The live bridge's status for GET /api/live/status (the WebSocket itself is attached in start.ts). */
  live?: { status(): unknown };
  /**
   * Access control: API keys and roles, rate limits, CORS for /api/* (but /api/health, /api/demo/*,
   * /api/auth/bootstrap) and /metrics. Required for the storage, sync and metrics routes below.
   */
  security?: EdgeSecurity;
  /** The telemetry store behind /api/sessions. */
  telemetry?: TelemetryStore;
  /** The sync service behind /api/sync. */
  sync?: SyncService;
  /** The registry /metrics serves (default: the process-wide one). */
  metricsRegistry?: MetricsRegistry;
}

export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const log = options.log ?? stdoutLog;
  const logError = options.logError ?? ((line) => process.stderr.write(`${JSON.stringify(line)}\n`));

  app.use('*', requestLog(log));
  app.use('*', securityHeaders());
  const registry = options.metricsRegistry ?? defaultRegistry;
  const metrics = edgeMetrics(registry);
  const security = options.security;
  if (!security && (options.telemetry || options.sync)) throw new Error('the storage and sync routes need the security layer (AppOptions.security)');
  if (security) {
    app.use('*', httpMetrics(metrics));
    app.use('/api/*', apiCors(security));
    app.use('/metrics', apiCors(security));
    app.use('*', apiGuard(security));
    // Every API body is bounded (routes set tighter limits of their own).
    app.use('/api/*', limitBody(API_BODY_LIMIT_BYTES));
  }
  app.use('*', compress());

  app.route('/', healthRoutes(options.distDir, options.startedAtMs ?? Date.now()));
  app.route('/', demoRoutes(options.demo));
  if (options.live) app.route('/', liveRoutes(options.live));
  if (security) {
    app.route('/', authRoutes(security));
    app.route('/', metricsRoutes(registry));
  }
  if (options.telemetry) app.route('/', sessionsRoutes({ store: options.telemetry, metrics }));
  if (options.sync) app.route('/', syncRoutes(options.sync));
  app.all('/api/*', (c) => c.json({ error: 'not-found', path: c.req.path }, 404));
  app.route('/', staticPwaRoutes(options.distDir));

  app.notFound((c) => c.text('Not found', 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    logError({ time: new Date().toISOString(), level: 'error', msg: 'unhandled', path: c.req.path, error: String(err?.stack ?? err) });
    return c.json({ error: 'internal', message: err.message }, 500);
  });
  return app;
}
