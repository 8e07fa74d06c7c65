// Everything the views share: the workers, the session list, the import queue, the banner, the
// storage status, the edge server's API key and the sync. Created once at start-up and handed down
// through a Solid context.

import { createContext, createSignal, useContext, type Accessor } from 'solid-js';
import { AnalysisClient } from '../services/analysis-client.ts';
import { createApiKeyService, type ApiKeyService } from '../services/api-key.ts';
import { duckdbBundles } from '../services/duckdb-bundles.ts';
import { EnergyClient } from '../services/energy-client.ts';
import { IngestClient } from '../services/ingest-client.ts';
import { requestPersistentStorage, startStorageWorker, type StorageClient } from '../services/storage-client.ts';
import { errorMessage } from './error-text.ts';
import { createImportController, type ImportController } from './import-controller.ts';
import { createNotices, type Notices } from './notices.ts';
import { createSessionList, type SessionList } from './sessions.ts';
import { createSyncController, type SyncController } from './sync-controller.ts';

export type StorageStatus =
  | { state: 'opening' }
  | { state: 'ready'; persisted: boolean; bundle: string }
  | { state: 'failed'; message: string };

export interface AppServices {
  storage: StorageClient;
  /** The lap-analysis worker, with each session's analysis kept in memory. */
  analysis: AnalysisClient;
  /** The energy worker and the power-demand model worker (started on first use). */
  energy: EnergyClient;
  sessions: SessionList;
  imports: ImportController;
  notices: Notices;
  storageStatus: Accessor<StorageStatus>;
  /** The edge server's API key (entered, or handed to this machine's app by the server). */
  apiKey: ApiKeyService;
  /** Push local sessions to the edge server and pull the team's. */
  sync: SyncController;
  /** Fetch the demo session from the edge server and import it like any dropped file. */
  loadDemo(): Promise<void>;
}

export const DEMO_URL = '/api/demo/session.csv';
export const DEMO_FILE_NAME = 'etm-demo-session.csv';
/** Set once the demo was imported, so that deleting it does not bring it back on the next start. */
const DEMO_LOADED_KEY = 'etm.demoLoaded';

export function createAppServices(): AppServices {
  const notices = createNotices();
  const storage = startStorageWorker();
  const sessions = createSessionList(storage);
  const analysis = new AnalysisClient(storage);
  const energy = new EnergyClient(storage);
  const imports = createImportController(new IngestClient(), storage, notices, () => void sessions.refresh());
  const [storageStatus, setStorageStatus] = createSignal<StorageStatus>({ state: 'opening' });
  const apiKey = createApiKeyService();
  const sync = createSyncController({ storage, sessions, imports, notices, apiKey });

  async function loadDemo(): Promise<void> {
    let file: File;
    try {
      const res = await fetch(DEMO_URL);
      if (!res.ok) throw new Error(`the edge server answered ${res.status} ${res.statusText}`);
      file = new File([await res.blob()], DEMO_FILE_NAME, { type: 'text/csv' });
    } catch (e) {
      const offline = !navigator.onLine;
      notices.push({ tone: offline ? 'info' : 'error', title: 'Demo session not loaded', detail: offline ? 'You are offline: import a file instead.' : errorMessage(e) });
      return;
    }
    const [outcome] = await imports.importFiles([file]);
    if (outcome === 'imported' || outcome === 'duplicate') localStorage.setItem(DEMO_LOADED_KEY, '1');
  }

  async function boot(): Promise<void> {
    const persistedPromise = requestPersistentStorage();
    try {
      const opened = await storage.open(duckdbBundles());
      setStorageStatus({ state: 'ready', persisted: await persistedPromise, bundle: opened.bundle });
    } catch (e) {
      const message = errorMessage(e);
      setStorageStatus({ state: 'failed', message });
      notices.push({ tone: 'error', title: 'Session storage is unavailable', detail: `${message}. Is the app open in another tab?` });
      return;
    }
    await sessions.refresh();
    if (sessions.sessions().length === 0 && !localStorage.getItem(DEMO_LOADED_KEY)) await loadDemo();
  }

  void boot();
  return { storage, analysis, energy, sessions, imports, notices, storageStatus, apiKey, sync, loadDemo };
}

const AppServicesContext = createContext<AppServices>();
export const AppServicesProvider = AppServicesContext.Provider;

export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useAppServices outside <AppServicesProvider>');
  return services;
}
