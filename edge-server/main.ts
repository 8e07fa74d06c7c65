// Edge server entry point: serves the built PWA and the demo API on PORT (default 8000).
// Run: npm run serve (after npm run build), or npm start (builds first).

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoSource } from './demo-source.ts';
import { buildProjectDemo, DEMO_SEED } from './project-demo.ts';
import { distIsBuilt, MISSING_BUILD_MESSAGE, startServer } from './start.ts';

function logLine(level: 'info' | 'warn' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...extra })}\n`);
}

const port = Number(process.env.PORT ?? 8000);
const distDir = resolve(process.env.DIST_DIR ?? fileURLToPath(new URL('../dist/', import.meta.url)));

if (!distIsBuilt(distDir)) logLine('warn', MISSING_BUILD_MESSAGE, { distDir });

const demo = createDemoSource(() => buildProjectDemo(DEMO_SEED));
const server = await startServer({ port, hostname: process.env.HOST, distDir, demo });
logLine('info', 'listening', { url: server.url, distDir });

// Generate (and gzip) the demo now rather than on the first tablet's request.
Promise.all([demo.get(), demo.getGzip()]).then(
  ([d, gz]) => logLine('info', 'demo ready', { seed: DEMO_SEED, csvBytes: d.csvBytes, gzipBytes: gz.length, generatedInMs: d.generatedInMs }),
  (e: unknown) => logLine('error', 'demo generation failed', { error: String(e) }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logLine('info', 'shutting down', { signal });
    void server.close().then(() => process.exit(0));
  });
}
