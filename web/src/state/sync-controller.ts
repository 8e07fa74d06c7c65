// Tablet ⇄ edge server sync behind the header's Sync button (docs/sync.md): pushes each local session
// the server lacks as a Parquet export from the storage worker (chunked, resumable: edge-server/sync/
// sync-client.ts), then pulls the team's sessions changed since the saved cursor and imports them through
// the normal import path. The cursor is saved only when every pulled file was imported. When the
// network comes back (the browser's 'online' event), a tablet that has synced before syncs by itself;
// such an automatic run reports problems in the button's status only, without a banner.

import { createSignal, type Accessor } from 'solid-js';
import { SyncClient, SyncHttpError } from '../../../edge-server/sync/sync-client.ts';
import type { ApiKeyService } from '../services/api-key.ts';
import { exportFileName } from '../services/export-download.ts';
import type { StorageClient } from '../services/storage-client.ts';
import { changesToPull, loadMemory, pushMeta, sessionsToPush, type SyncMemory } from '../sync/sync-plan.ts';
import { errorMessage } from './error-text.ts';
import type { ImportController } from './import-controller.ts';
import type { Notices } from './notices.ts';
import type { SessionList } from './sessions.ts';

export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'done' | 'error';

export interface SyncStatus {
  phase: SyncPhase;
  /** What is happening or went wrong, for the button's title and the banner. */
  detail: string;
  /** Progress of the current phase. */
  done: number;
  total: number;
  lastSyncMs: number | null;
  /** Of the last run. */
  pushed: number;
  pulled: number;
}

export interface SyncController {
  status: Accessor<SyncStatus>;
  /** `auto`: started by the network coming back, not by the user (no error banner). */
  run(options?: { auto?: boolean }): Promise<void>;
}

const MEMORY_KEY = 'etm.sync';
const DEVICE_KEY = 'etm.sync.deviceId';

function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `tablet-${crypto.randomUUID()}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

export interface SyncDeps {
  storage: StorageClient;
  sessions: SessionList;
  imports: ImportController;
  notices: Notices;
  apiKey: ApiKeyService;
}

export function createSyncController(deps: SyncDeps): SyncController {
  const memory: SyncMemory = loadMemory(localStorage, MEMORY_KEY);
  const save = () => localStorage.setItem(MEMORY_KEY, JSON.stringify(memory));
  const [status, setStatus] = createSignal<SyncStatus>({ phase: 'idle', detail: 'Not synced on this tablet yet', done: 0, total: 0, lastSyncMs: memory.lastSyncMs, pushed: 0, pulled: 0 });
  let running = false;
  let auto = false;

  const fail = (detail: string) => {
    setStatus((s) => ({ ...s, phase: 'error', detail }));
    if (!auto) deps.notices.push({ tone: 'error', title: 'Sync failed', detail }, 15_000);
  };

  window.addEventListener('online', () => {
    if (memory.lastSyncMs !== null) void run({ auto: true });
  });

  async function run(options: { auto?: boolean } = {}): Promise<void> {
    if (running) return;
    running = true;
    auto = options.auto ?? false;
    try {
      if (!navigator.onLine) return fail('This tablet is offline: sync when the edge server is reachable.');
      let key: string | null;
      try {
        key = await deps.apiKey.key();
      } catch {
        return fail('The edge server is not reachable.');
      }
      if (!key) return fail('No API key: enter the key printed by the edge server (Live view).');
      const { result, role } = await deps.apiKey.check(key);
      if (result === 'refused') {
        deps.apiKey.drop(key);
        return fail('The edge server refused the API key: enter a valid one (Live view).');
      }
      if (result === 'unreachable') return fail('The edge server is not reachable.');
      const client = new SyncClient({ baseUrl: '', apiKey: key, deviceId: deviceId() });
      let pushed = 0;
      let pulled = 0;

      const toPush = role === 'engineer' ? sessionsToPush(deps.sessions.sessions(), memory) : [];
      for (const [i, s] of toPush.entries()) {
        setStatus((st) => ({ ...st, phase: 'pushing', detail: `Pushing ${s.meta.sourceFile} (${i + 1} of ${toPush.length})`, done: i, total: toPush.length }));
        const blob = await deps.storage.exportParquet(s.id);
        const r = await client.push({ blob, fileName: exportFileName(s, 'parquet'), meta: pushMeta(s), metaUpdatedAtMs: Math.round(s.importedAtMs) });
        memory.pushed[s.id] = r.session.id;
        save();
        if (r.status === 'stored') pushed++;
      }

      setStatus((st) => ({ ...st, phase: 'pulling', detail: 'Looking for the team’s sessions…', done: 0, total: 0 }));
      const feed = await client.changes(memory.cursor ?? undefined);
      const toPull = changesToPull(
        feed.changes.map((c) => ({ id: c.id, fileName: c.fileName, deleted: c.deleted })),
        deps.sessions.sessions(),
        memory,
      );
      let complete = true;
      for (const [i, c] of toPull.entries()) {
        setStatus((st) => ({ ...st, phase: 'pulling', detail: `Pulling ${c.fileName} (${i + 1} of ${toPull.length})`, done: i, total: toPull.length }));
        const blob = await client.download(c.id);
        const [outcome] = await deps.imports.importFiles([new File([blob], c.fileName, { type: blob.type || 'application/octet-stream' })]);
        if (outcome === 'imported' || outcome === 'duplicate') {
          memory.pulled.push(c.id);
          if (outcome === 'imported') pulled++;
        } else complete = false;
        save();
      }
      if (complete) memory.cursor = feed.cursor;
      memory.lastSyncMs = Date.now();
      save();
      const detail = `${pushed} pushed, ${pulled} pulled${role === 'engineer' ? '' : ' (a viewer key only pulls)'}${complete ? '' : '; some files could not be imported and will be tried again'}`;
      setStatus({ phase: 'done', detail, done: 0, total: 0, lastSyncMs: memory.lastSyncMs, pushed, pulled });
      deps.notices.push({ tone: 'success', title: 'Sync complete', detail }, 8_000);
    } catch (e) {
      fail(e instanceof SyncHttpError ? `${e.message}` : errorMessage(e));
    } finally {
      running = false;
    }
  }

  return { status, run };
}
