// The demo session on Workers: the same generator and long-format CSV writer as the Node server
// (workers/demo), streamed chunk by chunk instead of held encoded in memory (a Worker has 128 MB; the CSV
// is ~110 MB). The generated sessions (~10 MB of typed arrays) are kept per isolate. Compression is left
// to Cloudflare's edge, which gzips text responses for clients that accept it.

import { Hono } from 'hono';
import { DEFAULT_DEMO_SEED, generateDemo } from '../../workers/demo/generate.ts';
import { longCsvChunks, truthToJson } from '../../workers/demo/write-long-csv.ts';
import { DEMO_CSV_FILE_NAME } from '../routes/demo.ts';

type Demo = ReturnType<typeof generateDemo>;

let cached: Demo | undefined;

/** Generated on first use (about 2 s of CPU) and kept for the isolate's lifetime. */
function demo(): Demo {
  cached ??= generateDemo({ seed: DEFAULT_DEMO_SEED });
  return cached;
}

/** A byte stream over the CSV generator: one piece per pull, so memory stays at one chunk. */
export function csvStream(d: Demo): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pieces = longCsvChunks(d.sessions);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      pieces.return(undefined);
    },
  });
}

export function workerDemoRoutes(): Hono {
  const app = new Hono();
  app.get('/api/demo/session.csv', (c) => {
    const headers = {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `inline; filename="${DEMO_CSV_FILE_NAME}"`,
      'Cache-Control': 'no-cache',
      'X-Demo-Seed': String(DEFAULT_DEMO_SEED),
    };
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(csvStream(demo()), 200, headers);
  });
  app.get('/api/demo/truth.json', (c) => c.body(truthToJson(demo().truth), 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' }));
  return app;
}
