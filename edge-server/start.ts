// Starts the edge server on a port (0: any free one) and says where it listens; used by main.ts
// and by the browser acceptance test, which runs it in-process.

import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { DemoSource } from './demo-source.ts';
import type { LogSink } from './middleware/request-log.ts';
import { MISSING_BUILD_MESSAGE } from './routes/static-pwa.ts';

export interface StartOptions {
  port: number;
  hostname?: string;
  distDir: string;
  demo: DemoSource;
  log?: LogSink;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function distIsBuilt(distDir: string): boolean {
  return existsSync(join(distDir, 'index.html'));
}

export { MISSING_BUILD_MESSAGE };

export function startServer(options: StartOptions): Promise<RunningServer> {
  const app = createApp({ distDir: options.distDir, demo: options.demo, log: options.log });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname ?? '0.0.0.0' }, (info: AddressInfo) => {
      const host = options.hostname && options.hostname !== '0.0.0.0' ? options.hostname : 'localhost';
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
