// Main-thread handle on the storage worker, which owns DuckDB-WASM and its OPFS database file.

import * as Comlink from 'comlink';
import type { StorageWorkerApi } from '../../../workers/storage/storage.worker.ts';

export type StorageClient = Comlink.Remote<StorageWorkerApi>;

export function startStorageWorker(): StorageClient {
  const worker = new Worker(new URL('../../../workers/storage/storage.worker.ts', import.meta.url), { type: 'module', name: 'etm-storage' });
  return Comlink.wrap<StorageWorkerApi>(worker);
}

/** Ask the browser not to evict the OPFS database under storage pressure; true when granted. */
export async function requestPersistentStorage(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return false;
  }
}
