// GET /metrics: the Prometheus text exposition of the edge server's registry (a viewer key is needed,
// like every read of the API: Prometheus sends it with `authorization: {credentials: <key>}`).

import { Hono } from 'hono';
import { PROMETHEUS_CONTENT_TYPE, type MetricsRegistry } from '../metrics/registry.ts';

export function metricsRoutes(registry: MetricsRegistry): Hono {
  const app = new Hono();
  app.get('/metrics', (c) => c.body(registry.render(), 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store' }));
  return app;
}
