// /api/sessions: the telemetry store over HTTP — list stored sessions, per-car count + checksum, the
// downsampled history for the live view, raw frames, and batched frame writes (engineer key). JSON has no
// NaN/Infinity/-0: such values travel as the strings "NaN", "Infinity", "-Infinity" and "-0".

import { Hono } from 'hono';
import type { EdgeMetrics } from '../metrics/edge-metrics.ts';
import { MAX_CHANNEL_NAME_CHARS, MAX_CHANNELS_PER_FRAME, MAX_ID_CHARS, MAX_TS_MS } from '../storage/frame-validate.ts';
import type { TelemetryFrame, TelemetryStore } from '../storage/telemetry-store.ts';
import { apiErrorHandler, limitBody, readJson, readQuery } from '../security/http.ts';
import { integerText, numberText } from '../security/query.ts';
import * as v from '../security/validate.ts';

export const FRAMES_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
export const MAX_FRAMES_PER_REQUEST = 10_000;

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** A channel value in JSON: a finite number, or one of the strings "NaN", "Infinity", "-Infinity", "-0". */
export const frameValue: v.Validator<number> = (value, path = '') => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && Object.hasOwn(SPECIAL, value)) return SPECIAL[value];
  throw new v.ValidationError(path, 'expected a finite number or "NaN", "Infinity", "-Infinity", "-0"');
};

export function encodeValue(x: number): number | string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return x;
}

const id = v.string({ min: 1, max: MAX_ID_CHARS });

export const framesBody = v.object({
  frames: v.array(
    v.object({
      carId: id,
      tsMs: v.number({ min: 0, max: MAX_TS_MS - 1 }),
      values: v.record(v.string({ min: 1, max: MAX_CHANNEL_NAME_CHARS }), frameValue, { maxKeys: MAX_CHANNELS_PER_FRAME }),
    }),
    { min: 1, max: MAX_FRAMES_PER_REQUEST },
  ),
});

const timeText = numberText({ min: 0, max: MAX_TS_MS });

const statsQuery = v.object({ carId: v.optional(id) });
const historyQuery = v.object({
  carId: id,
  channels: v.string({ min: 1, max: 2000 }),
  bucketMs: numberText({ min: 1, max: 86_400_000 * 366 }),
  fromMs: v.optional(timeText),
  toMs: v.optional(timeText),
  limit: v.optional(integerText({ min: 1, max: 100_000 })),
});
const framesQuery = v.object({
  carId: id,
  fromMs: v.optional(timeText),
  toMs: v.optional(timeText),
  limit: v.optional(integerText({ min: 1, max: 100_000 })),
});

export interface SessionsRouteOptions {
  store: TelemetryStore;
  metrics?: EdgeMetrics;
  /** Called with the frames of each accepted write (e.g. to fan them out live). */
  onFramesStored?: (frames: readonly TelemetryFrame[]) => void;
}

export function sessionsRoutes(options: SessionsRouteOptions): Hono {
  const { store } = options;
  const app = new Hono();
  app.onError(apiErrorHandler);
  app.use('/api/sessions/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  app.get('/api/sessions', async (c) => c.json({ backend: store.backend, sessions: await store.listSessions() }, 200, { 'Cache-Control': 'no-store' }));

  app.get('/api/sessions/:sessionId/stats', async (c) => {
    const sessionId = readQuery(id, c.req.param('sessionId'));
    const q = readQuery(statsQuery, c.req.query());
    return c.json({ sessionId, cars: await store.stats({ sessionId, carId: q.carId }) });
  });

  app.get('/api/sessions/:sessionId/history', async (c) => {
    const sessionId = readQuery(id, c.req.param('sessionId'));
    const q = readQuery(historyQuery, c.req.query());
    const channels = q.channels.split(',').map((s) => s.trim());
    const buckets = await store.history({ sessionId, carId: q.carId, channels, bucketMs: q.bucketMs, fromMs: q.fromMs, toMs: q.toMs, limit: q.limit });
    return c.json({ sessionId, carId: q.carId, bucketMs: q.bucketMs, buckets });
  });

  app.get('/api/sessions/:sessionId/frames', async (c) => {
    const sessionId = readQuery(id, c.req.param('sessionId'));
    const q = readQuery(framesQuery, c.req.query());
    const frames = await store.readFrames({ sessionId, carId: q.carId, fromMs: q.fromMs, toMs: q.toMs, limit: q.limit });
    return c.json({
      sessionId,
      carId: q.carId,
      frames: frames.map((f) => ({ tsMs: f.tsMs, values: Object.fromEntries(Object.entries(f.values).map(([k, x]) => [k, encodeValue(x)])) })),
    });
  });

  app.post('/api/sessions/:sessionId/frames', limitBody(FRAMES_BODY_LIMIT_BYTES), async (c) => {
    const sessionId = readQuery(id, c.req.param('sessionId'));
    const body = await readJson(c, framesBody);
    const frames: TelemetryFrame[] = body.frames.map((f) => ({ sessionId, carId: f.carId, tsMs: f.tsMs, values: f.values }));
    options.metrics?.ingestFrames.inc(frames.length, { source: 'http' });
    const result = await store.writeFrames(frames);
    options.onFramesStored?.(frames);
    return c.json(result, result.inserted > 0 ? 201 : 200);
  });

  return app;
}
