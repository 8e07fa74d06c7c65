// Opens the CLI's session store: the --db path or the default file in the user's data directory.

import { openDuckDBNodeDriver } from './node/duckdb-node-driver.ts';
import { defaultDbPath } from './node/default-db-path.ts';
import { SessionStore } from '../workers/storage/session-store.ts';

export async function openStore(dbPath: string | undefined): Promise<SessionStore> {
  const driver = await openDuckDBNodeDriver(dbPath ?? defaultDbPath());
  return SessionStore.open(driver);
}
