// The storage Web Worker: owns DuckDB-WASM (its own worker, nested) with the database file in OPFS,
// and exposes the session store with comlink. Sessions come in and go out by transfer, not copy.

import * as Comlink from 'comlink';
import * as duckdb from '@duckdb/duckdb-wasm';
import type { ImportProgress } from '../ingest/input.ts';
import { sessionTransferables, type Session, type SessionSummary } from '../model/session.ts';
import { hashBlob } from './content-hash.ts';
import { createDuckDBWasmDriver } from './duckdb-wasm-driver.ts';
import { exportParquet, wideCsvChunks } from './export.ts';
import { SessionStore, type ImportSource, type LoadOptions } from './session-store.ts';

/** The database file in the Origin Private File System; it survives reloads and offline starts. */
export const DATABASE_PATH = 'opfs://etm.duckdb';

export interface OpenedStorage {
  path: string;
  /** Which DuckDB-WASM build the browser runs: 'eh' (wasm exceptions) or 'mvp'. */
  bundle: string;
}

export interface ImportedFile {
  sessions: SessionSummary[];
  /** True when a file with the same content was imported before: nothing was added. */
  duplicate: boolean;
}

/** Progress crosses to the page at most this often (and at the end). */
const PROGRESS_INTERVAL_MS = 50;

function throttled(onProgress: ((p: ImportProgress) => void) | undefined): ((p: ImportProgress) => void) | undefined {
  if (!onProgress) return undefined;
  let lastMs = -Infinity;
  return (p) => {
    const now = performance.now();
    if (p.bytesDone < p.bytesTotal && now - lastMs < PROGRESS_INTERVAL_MS) return;
    lastMs = now;
    onProgress({ file: p.file, phase: p.phase, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal });
  };
}

let opened: Promise<{ store: SessionStore; info: OpenedStorage }> | undefined;

async function openStore(bundles: duckdb.DuckDBBundles): Promise<{ store: SessionStore; info: OpenedStorage }> {
  const bundle = await duckdb.selectBundle(bundles);
  if (!bundle.mainWorker) throw new Error('DuckDB-WASM bundle without a worker script');
  const worker = new Worker(bundle.mainWorker, { name: 'etm-duckdb' });
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  try {
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    await db.open({ path: DATABASE_PATH, accessMode: duckdb.DuckDBAccessMode.READ_WRITE });
    const conn = await db.connect();
    const driver = createDuckDBWasmDriver(conn, { onClose: () => db.terminate() });
    const store = await SessionStore.open(driver);
    const which = bundle.mainModule === bundles.eh?.mainModule ? 'eh' : bundle.mainModule === bundles.coi?.mainModule ? 'coi' : 'mvp';
    return { store, info: { path: DATABASE_PATH, bundle: which } };
  } catch (e) {
    await db.terminate();
    throw e;
  }
}

async function store(): Promise<SessionStore> {
  if (!opened) throw new Error('storage is not open: call open() first');
  return (await opened).store;
}

const api = {
  /** Start DuckDB-WASM from the given bundle URLs and open (or create) the database; idempotent. */
  async open(bundles: duckdb.DuckDBBundles): Promise<OpenedStorage> {
    opened ??= openStore(bundles).catch((e: unknown) => {
      opened = undefined;
      throw e;
    });
    return (await opened).info;
  },

  /** The dedupe key of a file's content, read in chunks (the file itself is never copied whole). */
  async hashFile(blob: Blob): Promise<string> {
    return hashBlob(blob);
  },

  /** Sessions already stored from a file with this content hash (empty when it is new). */
  async findByContentHash(contentHash: string): Promise<SessionSummary[]> {
    return (await store()).findByContentHash(contentHash);
  },

  /** Store one file's sessions in one transaction; `onProgress` (a comlink proxy) sees phase 'store'. */
  async importSessions(sessions: Session[], source: ImportSource, onProgress?: (p: ImportProgress) => void): Promise<ImportedFile> {
    const result = await (await store()).importSessions(sessions, source, { onProgress: throttled(onProgress) });
    return { sessions: result.sessions, duplicate: result.duplicate };
  },

  async list(): Promise<SessionSummary[]> {
    return (await store()).list();
  },

  /** A whole session with its channels' arrays, transferred to the caller. */
  async load(id: string, options: LoadOptions = {}): Promise<Session> {
    const session = await (await store()).load(id, options);
    return Comlink.transfer(session, [...new Set(sessionTransferables([session]))]);
  },

  /** The session as wide CSV (time_s + one column per channel), built here and handed over as a Blob. */
  async exportCsv(id: string): Promise<Blob> {
    const session = await (await store()).load(id);
    return new Blob([...wideCsvChunks(session)], { type: 'text/csv' });
  },

  /** The session as a Parquet file (wide layout, session meta in the key/value metadata), as a Blob. */
  async exportParquet(id: string): Promise<Blob> {
    const session = await (await store()).load(id);
    return new Blob([exportParquet(session) as Uint8Array<ArrayBuffer>], { type: 'application/vnd.apache.parquet' });
  },

  /** A per-session setting (e.g. 'vehicle': the energy model's parameters), undefined when none was saved. */
  async getSetting(id: string, key: string): Promise<unknown> {
    return (await store()).getSetting(id, key);
  },

  async putSetting(id: string, key: string, value: unknown): Promise<void> {
    await (await store()).putSetting(id, key, value);
  },

  /** False when there was no such session. */
  async delete(id: string): Promise<boolean> {
    return (await store()).delete(id);
  },
};

export type StorageWorkerApi = typeof api;

Comlink.expose(api);
