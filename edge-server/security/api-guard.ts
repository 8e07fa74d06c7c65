// Which paths need a key: everything under /api/ and /metrics, except the public health check, the demo
// session a first-run PWA loads, and the loopback-only key bootstrap. The static PWA is public.

import type { MiddlewareHandler } from 'hono';
import type { EdgeSecurity } from './edge-security.ts';
import { guard } from './http.ts';

export const PUBLIC_API_PATHS: readonly string[] = ['/api/health', '/api/auth/bootstrap'];
export const PUBLIC_API_PREFIXES: readonly string[] = ['/api/demo/'];

export function isProtectedPath(path: string): boolean {
  if (path === '/metrics') return true;
  if (!path.startsWith('/api/') && path !== '/api') return false;
  return !PUBLIC_API_PATHS.includes(path) && !PUBLIC_API_PREFIXES.some((p) => path.startsWith(p));
}

/** Applies `guard` (rate limit, key, role by method) to protected paths; CORS preflights pass untouched. */
export function apiGuard(security: EdgeSecurity): MiddlewareHandler {
  const check = guard(security);
  return async (c, next) => {
    if (!isProtectedPath(c.req.path) || c.req.method === 'OPTIONS') return next();
    return check(c, next);
  };
}
