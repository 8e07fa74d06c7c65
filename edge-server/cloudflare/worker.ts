// Cloudflare Workers entry point (wrangler.toml `main`): the edge server's HTTP API and the static PWA.
// The app is built once per isolate; `wrangler dev --local` runs it in workerd offline.

import type { Hono } from 'hono';
import { createWorkerApp } from './worker-app.ts';
import type { WorkerContext, WorkerEnv } from './worker-env.ts';

let app: Hono<{ Bindings: WorkerEnv }> | undefined;
let appEnv: WorkerEnv | undefined;

export default {
  fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Response | Promise<Response> {
    // env is the same object for every request of an isolate; a new one (new vars) rebuilds the app.
    if (!app || appEnv !== env) {
      app = createWorkerApp(env);
      appEnv = env;
    }
    return app.fetch(request, env, ctx as never);
  },
};
