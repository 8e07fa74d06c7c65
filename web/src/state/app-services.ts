// Everything the views share: the workers, the session list, the import queue, the banner and the
// storage status. Created once at start-up and handed down through a Solid context.

import { createContext, createSignal, useContext, type Accessor } from 'solid-js';
import { AnalysisClient } from '../services/analysis-client.ts';
import { duckdbBundles } from '../services/duckdb-bundles.ts';
import { IngestClient } from '../services/ingest-client.ts';
import { requestPersistentStorage, startStorageWorker, type StorageClient } from '../services/storage-client.ts';
import { errorMessage } from './error-text.ts';
import { createImportController, type ImportController } from './import-controller.ts';
import { createNotices, type Notices } from './notices.ts';
import { createSessionList, type SessionList } from './sessions.ts';

export type StorageStatus =
  | { state: 'opening' }
  | { state: 'ready'; persisted: boolean; bundle: string }
  | { state: 'failed'; message: string };

export interface AppServices {
  storage: StorageClient;
  /** The lap-analysis worker, with each session's analysis kept in memory. */
  analysis: AnalysisClient;
  sessions: SessionList;
  imports: ImportController;
  notices: Notices;
  storageStatus: Accessor<StorageStatus>;
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
  const imports = createImportController(new IngestClient(), storage, notices, () => void sessions.refresh());
  const [storageStatus, setStorageStatus] = createSignal<StorageStatus>({ state: 'opening' });

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
  return { storage, analysis, sessions, imports, notices, storageStatus, loadDemo };
}

const AppServicesContext = createContext<AppServices>();
export const AppServicesProvider = AppServicesContext.Provider;

export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useAppServices outside <AppServicesProvider>');
  return services;
}
