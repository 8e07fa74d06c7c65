// The edge server's storage as main.ts opens it: the database from the environment (embedded PGlite under
// .data/ by default), the telemetry store and the sync service on it (files under <data dir>/sync).

import { join, resolve } from 'node:path';
import type { EdgeMetrics } from '../metrics/edge-metrics.ts';
import { SyncService } from '../sync/sync-service.ts';
import { openDatabase, openTelemetryStore, storeConfigFromEnv, type Database } from './open-store.ts';
import type { TelemetryStore } from './telemetry-store.ts';

export interface EdgeStorage {
  db: Database;
  telemetry: TelemetryStore;
  sync: SyncService;
  /** Where session files are kept. */
  syncDir: string;
  close(): Promise<void>;
}

/** ETM_DATA_DIR (default `defaultDataDir`) holds the embedded database and the sync files; see storeConfigFromEnv. */
export async function openEdgeStorage(env: Record<string, string | undefined>, defaultDataDir: string, metrics?: EdgeMetrics): Promise<EdgeStorage> {
  const db = await openDatabase(storeConfigFromEnv(env, defaultDataDir));
  try {
    const telemetry = await openTelemetryStore(db, { metrics });
    const syncDir = join(resolve(env.ETM_DATA_DIR || defaultDataDir), 'sync');
    const maxFileBytes = env.ETM_SYNC_MAX_BYTES ? Number(env.ETM_SYNC_MAX_BYTES) : undefined;
    if (maxFileBytes !== undefined && !(Number.isSafeInteger(maxFileBytes) && maxFileBytes > 0)) throw new Error('ETM_SYNC_MAX_BYTES must be a positive integer');
    const sync = await SyncService.open({ sql: db.sql, schema: db.schema, blobDir: syncDir, metrics, maxFileBytes });
    return { db, telemetry, sync, syncDir, close: () => db.close() };
  } catch (e) {
    await db.close();
    throw e;
  }
}
