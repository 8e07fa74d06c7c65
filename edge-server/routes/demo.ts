// GET /api/demo/session.csv (the demo session as long-format CSV, streamed) and /api/demo/truth.json.

import { Hono } from 'hono';
import type { DemoSource } from '../demo-source.ts';

export const DEMO_CSV_FILE_NAME = 'etm-demo-session.csv';

function streamChunks(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else controller.close();
    },
  });
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (name === 'gzip' || name === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

export function demoRoutes(demo: DemoSource): Hono {
  const app = new Hono();

  app.get('/api/demo/session.csv', async (c) => {
    const data = await demo.get();
    const gzip = acceptsGzip(c.req.header('Accept-Encoding'));
    // Each encoding is its own representation, with its own validator.
    const etag = gzip ? `${data.csvEtag.slice(0, -1)}-gz"` : data.csvEtag;
    c.header('Cache-Control', 'no-cache');
    c.header('ETag', etag);
    c.header('Vary', 'Accept-Encoding');
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `inline; filename="${DEMO_CSV_FILE_NAME}"`);
    if (gzip) {
      // Compressed once and kept: the demo is large and every first-run tablet asks for it.
      const gz = await demo.getGzip();
      c.header('Content-Encoding', 'gzip');
      c.header('Content-Length', String(gz.length));
      if (c.req.method === 'HEAD') return c.body(null, 200);
      return c.body(streamChunks([gz]), 200);
    }
    c.header('Content-Length', String(data.csvBytes));
    if (c.req.method === 'HEAD') return c.body(null, 200);
    return c.body(streamChunks(data.csvChunks), 200);
  });

  app.get('/api/demo/truth.json', async (c) => {
    const data = await demo.get();
    c.header('Cache-Control', 'no-cache');
    return c.body(data.truthJson, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  return app;
}
