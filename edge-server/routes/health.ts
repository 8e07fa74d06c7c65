// GET /api/health: liveness, uptime and whether the PWA build is present.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';

export function healthRoutes(distDir: string, startedAtMs: number): Hono {
  const app = new Hono();
  app.get('/api/health', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({
      status: 'ok',
      uptimeS: Math.round((Date.now() - startedAtMs) / 1000),
      pwaBuilt: existsSync(join(distDir, 'index.html')),
    });
  });
  return app;
}
