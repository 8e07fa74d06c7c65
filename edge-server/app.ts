// The edge server's Hono app: request log, security headers, compression, the API routes and the
// built PWA. main.ts binds it to a port; tests drive it with app.request().

import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { DemoSource } from './demo-source.ts';
import { requestLog, stdoutLog, type LogSink } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { demoRoutes } from './routes/demo.ts';
import { healthRoutes } from './routes/health.ts';
import { staticPwaRoutes } from './routes/static-pwa.ts';

export interface AppOptions {
  /** Absolute path of the PWA build (dist/). */
  distDir: string;
  demo: DemoSource;
  log?: LogSink;
  /** Where unhandled errors are reported (default: a JSON line on stderr). */
  logError?: (line: Record<string, unknown>) => void;
  startedAtMs?: number;
}

export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const log = options.log ?? stdoutLog;
  const logError = options.logError ?? ((line) => process.stderr.write(`${JSON.stringify(line)}\n`));

  app.use('*', requestLog(log));
  app.use('*', securityHeaders());
  app.use('*', compress());

  app.route('/', healthRoutes(options.distDir, options.startedAtMs ?? Date.now()));
  app.route('/', demoRoutes(options.demo));
  app.all('/api/*', (c) => c.json({ error: 'not-found', path: c.req.path }, 404));
  app.route('/', staticPwaRoutes(options.distDir));

  app.notFound((c) => c.text('Not found', 404));
  app.onError((err, c) => {
    logError({ time: new Date().toISOString(), level: 'error', msg: 'unhandled', path: c.req.path, error: String(err?.stack ?? err) });
    return c.json({ error: 'internal', message: err.message }, 500);
  });
  return app;
}
