// What the Cloudflare Worker is given: the static-assets binding (dist/), an optional Hyperdrive binding
// for PostgreSQL, and plain variables/secrets (wrangler.toml [vars], `wrangler secret put`, `--var`).
// Declared here by hand (no @cloudflare/workers-types in the project): only what the Worker uses.

/** A service binding such as env.ASSETS: fetch() answers from the uploaded dist/ files. */
export interface AssetsFetcher {
  fetch(request: Request): Promise<Response>;
}

/** Hyperdrive: a pooled PostgreSQL connection string for a database configured in the dashboard. */
export interface HyperdriveBinding {
  connectionString: string;
}

export interface WorkerEnv {
  ASSETS: AssetsFetcher;
  HYPERDRIVE?: HyperdriveBinding;
  /** 'key1:engineer,key2:viewer' — without keys every protected route answers 401. */
  ETM_API_KEYS?: string;
  ETM_CORS_ORIGINS?: string;
  ETM_RATE_LIMIT?: string;
  /** postgres://… when there is no Hyperdrive binding (local `wrangler dev`, or a directly reachable server). */
  ETM_DATABASE_URL?: string;
  ETM_DB_SCHEMA?: string;
  ETM_TIMESCALE?: string;
}

export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/** Where the Worker finds PostgreSQL: the Hyperdrive binding first, else ETM_DATABASE_URL; undefined when neither. */
export function databaseUrl(env: WorkerEnv): string | undefined {
  return env.HYPERDRIVE?.connectionString || env.ETM_DATABASE_URL || undefined;
}
