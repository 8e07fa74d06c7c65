// The stored sessions' summaries as a Solid signal, newest recording first, kept in step with the store.

import { createSignal, type Accessor } from 'solid-js';
import type { SessionSummary } from '../../../workers/model/session.ts';
import type { StorageClient } from '../services/storage-client.ts';

export interface SessionList {
  sessions: Accessor<SessionSummary[]>;
  /** False until the first list from the store has arrived. */
  loaded: Accessor<boolean>;
  refresh(): Promise<void>;
  remove(id: string): Promise<void>;
}

function newestFirst(a: SessionSummary, b: SessionSummary): number {
  const ta = a.meta.startTimeMs ?? a.importedAtMs;
  const tb = b.meta.startTimeMs ?? b.importedAtMs;
  return tb - ta || a.id.localeCompare(b.id);
}

export function createSessionList(storage: StorageClient): SessionList {
  const [sessions, setSessions] = createSignal<SessionSummary[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  const refresh = async () => {
    const list = await storage.list();
    setSessions([...list].sort(newestFirst));
    setLoaded(true);
  };
  return {
    sessions,
    loaded,
    refresh,
    async remove(id) {
      await storage.delete(id);
      await refresh();
    },
  };
}
