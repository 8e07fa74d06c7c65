// Hono glue for the security layer: the access guard, CORS from the allow-list, body-size limits (413),
// JSON bodies checked against a validator (415/400/422), and one error shape for every API refusal:
// {"error": code, "message": text, ...detail}.

import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { StorageError } from '../storage/errors.ts';
import type { Principal, Role } from './api-keys.ts';
import type { EdgeSecurity } from './edge-security.ts';
import { ValidationError, type Validator } from './validate.ts';

/** The node server's socket address (absent under app.request() unless the test passes env.incoming). */
export function remoteAddressOf(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

export function apiError(status: ContentfulStatusCode, error: string, message: string, detail: Record<string, unknown> = {}, headers: Record<string, string> = {}): HTTPException {
  const body = JSON.stringify({ error, message, ...detail });
  return new HTTPException(status, { res: new Response(body, { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers } }) });
}

/** Refuses the request unless it carries a key allowed to do `need` (default: read for GET/HEAD, else write). */
export function guard(security: EdgeSecurity, need?: Role): MiddlewareHandler {
  return async (c, next) => {
    const decision = security.check(
      { method: c.req.method, header: (name) => c.req.header(name), url: c.req.url, remoteAddress: remoteAddressOf(c) },
      need,
    );
    if (!decision.ok) throw apiError(decision.status, decision.error, decision.message, {}, decision.headers);
    c.set('principal' as never, decision.principal as never);
    await next();
  };
}

export function principalOf(c: Context): Principal | undefined {
  return c.get('principal' as never) as Principal | undefined;
}

/** CORS for the API: only the configured origins get Access-Control-Allow-Origin (same-origin needs none). */
export function apiCors(security: EdgeSecurity): MiddlewareHandler {
  return cors({
    origin: (origin) => (security.isCorsOriginAllowed(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'X-Chunk-Sha256', 'Range', 'If-None-Match'],
    exposeHeaders: ['Retry-After', 'ETag', 'Content-Range', 'Content-Length', 'Accept-Ranges'],
    maxAge: 600,
  });
}

/** 413 with a message when the body is larger than maxBytes (declared or streamed). */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw apiError(413, 'payload-too-large', `the request body is larger than ${maxBytes} bytes`, { maxBytes });
    },
  });
}

/** The JSON body, checked: 415 unless JSON, 400 when it does not parse, 422 naming the first bad field. */
export async function readJson<T>(c: Context, validator: Validator<T>): Promise<T> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw apiError(415, 'unsupported-media-type', 'send the body as application/json');
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw apiError(400, 'bad-json', `the body is not valid JSON: ${(e as Error).message}`);
  }
  return validateOr422(validator, value, 'body');
}

/** Checks query or path input; 400 naming the bad field (these are not bodies). */
export function readQuery<T>(validator: Validator<T>, value: unknown): T {
  try {
    return validator(value, '');
  } catch (e) {
    if (e instanceof ValidationError) throw apiError(400, 'bad-request', e.message, { field: e.path });
    throw e;
  }
}

function validateOr422<T>(validator: Validator<T>, value: unknown, where: string): T {
  try {
    return validator(value, '');
  } catch (e) {
    if (e instanceof ValidationError) throw apiError(422, 'invalid', `${where} ${e.message}`, { field: e.path });
    throw e;
  }
}

const STORAGE_STATUS: Record<StorageError['code'], ContentfulStatusCode> = {
  'bad-argument': 422,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
  corrupt: 500,
};

/** Error handler for the API sub-apps: known errors become their 4xx/5xx JSON; others go up to the app's handler. */
export function apiErrorHandler(err: Error, c: Context): Response {
  if (err instanceof HTTPException) return err.getResponse();
  if (err instanceof ValidationError) return c.json({ error: 'invalid', message: err.message, field: err.path }, 422);
  if (err instanceof StorageError) return c.json({ error: err.code, message: err.message, ...err.detail }, STORAGE_STATUS[err.code]);
  throw err;
}
