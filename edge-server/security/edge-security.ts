// The edge server's access check, independent of the HTTP framework so that the live bridge's WebSocket
// upgrade (a raw node request) and the Hono middleware share it: rate limit per key or address, then the
// key (Authorization: Bearer, X-API-Key, or ?access_token= on a WebSocket upgrade only), then the role.

import type { IncomingMessage } from 'node:http';
import { edgeMetrics, type EdgeMetrics } from '../metrics/edge-metrics.ts';
import { keyConfigFromEnv, type KeyConfig, type KeyRing, type Principal, type Role } from './api-keys.ts';
import { TokenBucketLimiter, type RateLimitOptions } from './rate-limit.ts';

export interface RequestFacts {
  method: string;
  /** Header lookup by lower-case name. */
  header(name: string): string | undefined;
  /** Full URL or path with query (only its access_token, and only on a WebSocket upgrade, is read). */
  url?: string;
  remoteAddress?: string;
}

export type AccessDecision =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403 | 429; error: 'unauthorized' | 'forbidden' | 'rate-limited'; message: string; headers: Record<string, string> };

export interface SecurityOptions extends KeyConfig {
  /** Origins allowed by CORS (exact, e.g. 'https://pit.example:8443'); same-origin requests need none. */
  corsOrigins?: readonly string[];
  rateLimit?: Pick<RateLimitOptions, 'ratePerS' | 'burst' | 'now'>;
  metrics?: EdgeMetrics;
}

export const DEFAULT_RATE_LIMIT = { ratePerS: 50, burst: 100 } as const;

/** GET/HEAD (and the WebSocket upgrade, a GET) read; every other method writes. */
export function requiredRole(method: string): Role {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' || m === 'OPTIONS' ? 'viewer' : 'engineer';
}

export function roleAllows(role: Role, need: Role): boolean {
  return role === 'engineer' || need === 'viewer';
}

function isWebSocketUpgrade(facts: RequestFacts): boolean {
  return (facts.header('upgrade') ?? '').toLowerCase() === 'websocket';
}

/** The key a request presents, if any. */
export function presentedKey(facts: RequestFacts): string | undefined {
  const auth = facts.header('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : auth; // a malformed header still counts as a (wrong) credential
  }
  const apiKey = facts.header('x-api-key');
  if (apiKey) return apiKey.trim();
  if (facts.url && isWebSocketUpgrade(facts)) {
    const token = new URL(facts.url, 'http://x').searchParams.get('access_token');
    if (token) return token;
  }
  return undefined;
}

export class EdgeSecurity {
  readonly keys: KeyRing;
  readonly generatedKey?: string;
  readonly corsOrigins: readonly string[];
  readonly limiter: TokenBucketLimiter;
  private readonly metrics: EdgeMetrics;

  constructor(options: SecurityOptions) {
    this.keys = options.keys;
    this.generatedKey = options.generatedKey;
    this.corsOrigins = options.corsOrigins ?? [];
    this.limiter = new TokenBucketLimiter({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit });
    this.metrics = options.metrics ?? edgeMetrics();
  }

  /** Rate limit, authenticate and authorise one request for `need` (default: by its method). */
  check(facts: RequestFacts, need: Role = requiredRole(facts.method)): AccessDecision {
    const key = presentedKey(facts);
    const principal = key === undefined ? undefined : this.keys.lookup(key);
    const bucket = principal ? `key:${principal.keyId}` : `ip:${facts.remoteAddress ?? 'unknown'}`;
    const rate = this.limiter.take(bucket);
    if (!rate.allowed) {
      this.metrics.rateLimited.inc();
      return {
        ok: false,
        status: 429,
        error: 'rate-limited',
        message: `too many requests: retry in ${rate.retryAfterS} s`,
        headers: { 'Retry-After': String(rate.retryAfterS) },
      };
    }
    if (!principal) {
      this.metrics.authFailures.inc(1, { reason: key === undefined ? 'missing' : 'unknown' });
      return {
        ok: false,
        status: 401,
        error: 'unauthorized',
        message: key === undefined ? 'an API key is required (Authorization: Bearer <key> or X-API-Key)' : 'the API key is not valid',
        headers: { 'WWW-Authenticate': 'Bearer realm="engitorquemap"' },
      };
    }
    if (!roleAllows(principal.role, need)) {
      this.metrics.authFailures.inc(1, { reason: 'forbidden' });
      return { ok: false, status: 403, error: 'forbidden', message: `the ${principal.role} role cannot do this (${need} needed)`, headers: {} };
    }
    return { ok: true, principal };
  }

  /**
   * For a WebSocket upgrade handled outside Hono (the `ws` server's 'upgrade' event): checks the raw
   * request as a read. On refusal, write `HTTP/1.1 ${status}` with the headers and destroy the socket.
   */
  checkUpgrade(req: IncomingMessage, need: Role = 'viewer'): AccessDecision {
    return this.check(
      {
        method: req.method ?? 'GET',
        header: (name) => {
          const v = req.headers[name];
          return Array.isArray(v) ? v[0] : v;
        },
        url: req.url,
        remoteAddress: req.socket?.remoteAddress,
      },
      need,
    );
  }

  isCorsOriginAllowed(origin: string): boolean {
    return this.corsOrigins.includes(origin);
  }
}

/** ETM_API_KEYS / ETM_API_KEYS_FILE, ETM_CORS_ORIGINS (comma-separated), ETM_RATE_LIMIT ('rps:burst', default 50:100). */
export function securityFromEnv(env: Record<string, string | undefined>, options: { readFile?: (path: string) => string; metrics?: EdgeMetrics } = {}): EdgeSecurity {
  const keys = keyConfigFromEnv(env, options.readFile);
  const corsOrigins = (env.ETM_CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      let url: URL;
      try {
        url = new URL(o);
      } catch {
        throw new Error(`ETM_CORS_ORIGINS: '${o}' is not an origin (scheme://host[:port])`);
      }
      if (url.origin !== o.replace(/\/$/, '') || url.origin === 'null') throw new Error(`ETM_CORS_ORIGINS: '${o}' is not an origin (scheme://host[:port], no path)`);
      return url.origin;
    });
  let rateLimit: { ratePerS: number; burst: number } = { ...DEFAULT_RATE_LIMIT };
  if (env.ETM_RATE_LIMIT) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+)\s*$/.exec(env.ETM_RATE_LIMIT);
    if (!m || Number(m[1]) <= 0 || Number(m[2]) < 1) throw new Error(`ETM_RATE_LIMIT must be 'requestsPerSecond:burst' (e.g. 50:100), got '${env.ETM_RATE_LIMIT}'`);
    rateLimit = { ratePerS: Number(m[1]), burst: Number(m[2]) };
  }
  return new EdgeSecurity({ ...keys, corsOrigins, rateLimit, metrics: options.metrics });
}
