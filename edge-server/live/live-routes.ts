// GET /api/live/status: the live bridge's sources, clients, cars with their derived values, and the
// store buffer — what a tablet shows before its WebSocket is up, and what an operator checks.

import { Hono } from 'hono';

export function liveRoutes(live: { status(): unknown }): Hono {
  const app = new Hono();
  app.get('/api/live/status', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(live.status() as Record<string, unknown>);
  });
  return app;
}
