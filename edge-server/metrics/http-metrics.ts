// Counts every HTTP request by method and status class and times it (etm_http_requests_total,
// etm_http_request_seconds).

import type { MiddlewareHandler } from 'hono';
import type { EdgeMetrics } from './edge-metrics.ts';

export function httpMetrics(metrics: EdgeMetrics): MiddlewareHandler {
  return async (c, next) => {
    const method = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(c.req.method) ? c.req.method : 'OTHER';
    const stop = metrics.httpRequestS.startTimer({ method });
    try {
      await next();
    } finally {
      stop();
      metrics.httpRequests.inc(1, { method, status: `${Math.floor((c.res?.status ?? 500) / 100)}xx` });
    }
  };
}
