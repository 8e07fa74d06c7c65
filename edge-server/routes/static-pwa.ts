// Serves the built PWA from dist/: precompressed (.gz) when the build made one, hashed assets cached
// for a year, the service worker, its registration, the manifest and index.html revalidated on every
// load, unknown paths answered with index.html (client-side routes). Without a build, a clear 503.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type Next } from 'hono';

export const MISSING_BUILD_MESSAGE = 'The PWA is not built: dist/ is missing. Run `npm run build`, then restart the server.';

/** Files that must never be served stale: a stale sw.js or index.html would pin an old app version. */
const REVALIDATE = /^\/(?:index\.html|sw\.js|registerSW\.js|manifest\.webmanifest)?$/;
const HASHED_ASSET = /^\/assets\//;

export function cacheControlFor(path: string, contentType = ''): string {
  if (REVALIDATE.test(path) || contentType.startsWith('text/html')) return 'no-cache';
  if (HASHED_ASSET.test(path)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/** Cache headers on a file response (set afterwards: serveStatic has built the response by then). */
async function cacheHeaders(c: Context, next: Next): Promise<void> {
  await next();
  if (c.req.path.startsWith('/api/') || (c.res.status !== 200 && c.res.status !== 206)) return;
  c.res.headers.set('Cache-Control', cacheControlFor(c.req.path, c.res.headers.get('Content-Type') ?? ''));
  if (c.req.path === '/sw.js') c.res.headers.set('Service-Worker-Allowed', '/');
}

export function staticPwaRoutes(distDir: string): Hono {
  const app = new Hono();
  const built = () => existsSync(join(distDir, 'index.html'));

  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || built()) return next();
    return c.text(MISSING_BUILD_MESSAGE, 503, { 'Cache-Control': 'no-store' });
  });
  app.use('*', cacheHeaders);
  app.use('*', serveStatic({ root: distDir, precompressed: true }));
  // Client-side routes and deep links: the app shell, unless the path names a file (an asset that is not there).
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || /\.[a-z0-9]+$/i.test(c.req.path)) return next();
    return serveStatic({ root: distDir, path: 'index.html', precompressed: true })(c, next);
  });
  return app;
}
