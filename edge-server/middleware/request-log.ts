// One structured JSON log line per request: time, method, path, status, duration, response size.

import type { MiddlewareHandler } from 'hono';

export interface RequestLogLine {
  time: string;
  level: 'info' | 'warn' | 'error';
  msg: 'request';
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** Response size from Content-Length; null when streamed without one. */
  bytes: number | null;
  encoding?: string;
  /** The API key's short id and role when the request carried a valid key (never the key itself). */
  keyId?: string;
  role?: string;
}

export type LogSink = (line: RequestLogLine) => void;

export const stdoutLog: LogSink = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

function principalFields(p: { keyId?: string; role?: string } | undefined): Pick<RequestLogLine, 'keyId' | 'role'> {
  return p?.keyId ? { keyId: p.keyId, role: p.role } : {};
}

export function requestLog(sink: LogSink): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const status = c.res.status;
    const length = c.res.headers.get('Content-Length');
    const encoding = c.res.headers.get('Content-Encoding');
    sink({
      time: new Date().toISOString(),
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      msg: 'request',
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - start) * 10) / 10,
      bytes: length === null ? null : Number(length),
      ...(encoding ? { encoding } : {}),
      ...principalFields(c.get('principal' as never) as { keyId?: string; role?: string } | undefined),
    });
  };
}
