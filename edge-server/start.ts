// Starts the edge server on a port (0: any free one) and says where it listens; used by main.ts
// and by the browser acceptance test, which runs it in-process.

import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp, type AppOptions } from './app.ts';
import type { DemoSource } from './demo-source.ts';
import type { LogSink } from './middleware/request-log.ts';
import { MISSING_BUILD_MESSAGE } from './routes/static-pwa.ts';

export interface StartOptions {
  port: number;
  hostname?: string;
  distDir: string;
  demo: DemoSource;
  log?: LogSink;
  /** The live telemetry bridge: serves /api/live (WebSocket upgrade) and /api/live/status. */
  live?: { attach(server: Server): void; status(): unknown };
  /** Access control, telemetry store, sync service and metrics registry (see AppOptions). */
  security?: AppOptions['security'];
  telemetry?: AppOptions['telemetry'];
  sync?: AppOptions['sync'];
  metricsRegistry?: AppOptions['metricsRegistry'];
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
  const app = createApp({
    distDir: options.distDir,
    demo: options.demo,
    log: options.log,
    live: options.live,
    security: options.security,
    telemetry: options.telemetry,
    sync: options.sync,
    metricsRegistry: options.metricsRegistry,
  });
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
    options.live?.attach(server as Server);
  });
}
