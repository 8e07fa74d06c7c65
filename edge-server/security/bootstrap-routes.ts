// GET /api/auth/bootstrap hands the generated engineer key (only when no key was configured) to the PWA
// served from this machine: the socket must be loopback, the Host header a loopback name (no DNS
// rebinding) and the request same-origin (Sec-Fetch-Site) when the browser says. GET /api/auth/whoami
// tells a client which role its key has.

import { Hono } from 'hono';
import type { EdgeSecurity } from './edge-security.ts';
import { apiError, apiErrorHandler, principalOf, remoteAddressOf } from './http.ts';
import { isLoopbackAddress, isLoopbackHost } from './loopback.ts';

export function authRoutes(security: EdgeSecurity): Hono {
  const app = new Hono();
  app.onError(apiErrorHandler);

  app.get('/api/auth/bootstrap', (c) => {
    c.header('Cache-Control', 'no-store');
    if (!security.generatedKey) throw apiError(404, 'not-available', 'API keys are configured on this server: ask its operator for a key');
    const site = c.req.header('Sec-Fetch-Site');
    if (!isLoopbackAddress(remoteAddressOf(c)) || !isLoopbackHost(c.req.header('Host') ?? new URL(c.req.url).host) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
      throw apiError(403, 'forbidden', 'the key is only handed to the app opened on this machine (http://localhost:PORT); elsewhere enter the key printed at start-up');
    }
    return c.json({ key: security.generatedKey, role: 'engineer' });
  });

  app.get('/api/auth/whoami', (c) => {
    const p = principalOf(c);
    return c.json({ role: p?.role ?? null, keyId: p?.keyId ?? null, name: p?.name ?? null });
  });
  return app;
}
