// /api/sync: the PWA pushes session files in resumable, checksummed chunks and pulls what changed since
// its cursor. See docs/sync.md for the protocol and the conflict rules. Access: reads need a viewer key,
// writes an engineer key (checked by the app's guard before these routes).

import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { apiError, apiErrorHandler, limitBody, readJson, readQuery } from '../security/http.ts';
import { integerText } from '../security/query.ts';
import * as v from '../security/validate.ts';
import { SyncError } from '../sync/errors.ts';
import { isCursor, MAX_CHUNK_BYTES, type SyncService } from '../sync/sync-service.ts';

/** Limit for the JSON bodies of this API (metadata included). */
export const SYNC_JSON_LIMIT_BYTES = 256 * 1024;

const contentHash = v.string({ pattern: /^[0-9a-f]{64}$/, patternHint: 'an etm-c4m content hash (64 lowercase hex digits)' });
const sha256Hex = v.string({ pattern: /^[0-9a-f]{64}$/, patternHint: 'a SHA-256 in 64 lowercase hex digits' });
const uploadId = v.string({ pattern: /^[A-Za-z0-9_-]{16,64}$/, patternHint: 'an upload id' });
const fileName = v.string({ min: 1, max: 255 });
const deviceId = v.string({ min: 1, max: 100 });
const timeMs = v.number({ integer: true, min: 0, max: 8.64e15 });

export const createUploadBody = v.object({
  contentHash,
  bytes: v.number({ integer: true, min: 0 }),
  fileName,
  chunkBytes: v.optional(v.number({ integer: true, min: 1 })),
  meta: v.jsonObject(),
  metaUpdatedAtMs: timeMs,
  deviceId,
});

export const metaUpdateBody = v.object({
  fileName: v.optional(fileName),
  meta: v.jsonObject(),
  updatedAtMs: timeMs,
  deviceId,
  deleted: v.optional(v.boolean()),
});

const changesQuery = v.object({
  since: v.optional(v.string({ pattern: /^[0-9a-f]{16}\.\d{1,15}$/, patternHint: 'a cursor from a previous answer' })),
  limit: v.optional(integerText({ min: 1, max: 1000 })),
});

function syncErrors(err: Error, c: Context): Response {
  if (err instanceof SyncError) {
    return c.json({ error: err.code, message: err.message, ...err.detail }, err.status, { 'Cache-Control': 'no-store' });
  }
  return apiErrorHandler(err, c);
}

/** Parses a single 'bytes=a-b' / 'bytes=a-' / 'bytes=-n' range; undefined for none or several (answered whole). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export function syncRoutes(sync: SyncService): Hono {
  const app = new Hono();
  app.onError(syncErrors);
  app.use('/api/sync/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  app.post('/api/sync/uploads', limitBody(SYNC_JSON_LIMIT_BYTES), async (c) => {
    const body = await readJson(c, createUploadBody);
    const result = await sync.createUpload(body);
    return c.json(result, result.status === 'created' ? 201 : 200);
  });

  app.get('/api/sync/uploads/:id', async (c) => {
    const id = readQuery(uploadId, c.req.param('id'));
    return c.json(await sync.uploadStatus(id));
  });

  app.put('/api/sync/uploads/:id/chunks/:n', limitBody(MAX_CHUNK_BYTES), async (c) => {
    const id = readQuery(uploadId, c.req.param('id'));
    const n = readQuery(integerText({ min: 0, max: 1_000_000 }), c.req.param('n'));
    const declared = c.req.header('X-Chunk-Sha256');
    if (!declared) throw apiError(400, 'bad-request', 'the X-Chunk-Sha256 header (SHA-256 of the chunk, hex) is required');
    const sha = readQuery(sha256Hex, declared.trim().toLowerCase());
    const data = new Uint8Array(await c.req.arrayBuffer());
    const result = await sync.putChunk(id, n, sha, data);
    return c.json({ ...result, n }, result.status === 'stored' ? 201 : 200);
  });

  app.post('/api/sync/uploads/:id/complete', async (c) => {
    const id = readQuery(uploadId, c.req.param('id'));
    const result = await sync.completeUpload(id);
    return c.json(result, result.status === 'stored' ? 201 : 200);
  });

  app.get('/api/sync/sessions', async (c) => {
    const q = readQuery(changesQuery, c.req.query());
    if (q.since !== undefined && !isCursor(q.since)) throw apiError(400, 'bad-cursor', 'since is not a cursor');
    return c.json(await sync.changes(q.since, q.limit ?? 500));
  });

  app.get('/api/sync/sessions/:id', async (c) => {
    const id = readQuery(contentHash, c.req.param('id'));
    const session = await sync.get(id);
    if (!session) throw new SyncError('not-found', 'no such session', { id });
    return c.json(session);
  });

  app.put('/api/sync/sessions/:id/meta', limitBody(SYNC_JSON_LIMIT_BYTES), async (c) => {
    const id = readQuery(contentHash, c.req.param('id'));
    const body = await readJson(c, metaUpdateBody);
    return c.json(await sync.updateMeta(id, body));
  });

  app.on(['GET', 'HEAD'], '/api/sync/sessions/:id/file', async (c) => {
    const id = readQuery(contentHash, c.req.param('id'));
    const etag = `"${id}"`;
    const whole = await sync.openFile(id);
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${encodeURIComponent(whole.session.fileName)}"; filename*=UTF-8''${encodeURIComponent(whole.session.fileName)}`,
      ETag: etag,
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, max-age=31536000, immutable',
    };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    const range = parseRange(c.req.header('Range'), whole.size);
    if (range === 'unsatisfiable') return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${whole.size}` });
    if (range) {
      const part = await sync.openFile(id, range);
      const length = range.end - range.start + 1;
      const rangeHeaders = { ...headers, 'Content-Length': String(length), 'Content-Range': `bytes ${range.start}-${range.end}/${whole.size}` };
      if (c.req.method === 'HEAD') return c.body(null, 206, rangeHeaders);
      return c.body(Readable.toWeb(part.stream()) as ReadableStream<Uint8Array>, 206, rangeHeaders);
    }
    headers['Content-Length'] = String(whole.size);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    if (whole.size === 0) return c.body(new Uint8Array(0), 200, headers);
    return c.body(Readable.toWeb(whole.stream()) as ReadableStream<Uint8Array>, 200, headers);
  });

  return app;
}
