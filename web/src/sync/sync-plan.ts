// What a tablet sync does, decided from what is known on each side: which local sessions to push (not
// pushed before, and not themselves pulled from the server) and which changes from the server to pull
// (live sessions the tablet neither made nor already holds). The session files are Parquet exports of the
// stored sessions (the imported original is not kept), so a pushed session's server id is the export's
// content hash, remembered per local session.

import type { SessionSummary } from '../../../workers/model/session.ts';

export interface RemoteChange {
  id: string;
  fileName: string;
  deleted: boolean;
}

export interface SyncMemory {
  /** Local session id → the server's id (content hash of the pushed export). */
  pushed: Record<string, string>;
  /** Server ids of the sessions pulled onto this tablet (their local content hash is that id). */
  pulled: string[];
  /** The change-feed cursor after the last completed pull. */
  cursor: string | null;
  lastSyncMs: number | null;
}


/** Local sessions to push: not pushed yet, and not a file that came from the server (its hash is a server id). */
export function sessionsToPush(local: readonly SessionSummary[], memory: SyncMemory): SessionSummary[] {
  const remote = new Set([...memory.pulled, ...Object.values(memory.pushed)]);
  return local.filter((s) => !memory.pushed[s.id] && !remote.has(s.contentHash));
}

/** Changes to download and import: live, not one of ours, not already held (same content hash). */
export function changesToPull(changes: readonly RemoteChange[], local: readonly SessionSummary[], memory: SyncMemory): RemoteChange[] {
  const held = new Set(local.map((s) => s.contentHash));
  const ours = new Set(Object.values(memory.pushed));
  const seen = new Set<string>();
  return changes.filter((c) => {
    if (c.deleted || held.has(c.id) || ours.has(c.id) || seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
}

/** The metadata sent with a pushed session (the server keeps it as the session's LWW register). */
export function pushMeta(s: SessionSummary): Record<string, unknown> {
  return {
    format: 'engitorquemap-wide-parquet',
    localSessionId: s.id,
    originalContentHash: s.contentHash,
    event: s.meta.event,
    sessionName: s.meta.sessionName,
    track: s.meta.track,
    vehicleId: s.meta.vehicleId,
    vehicleNumber: s.meta.vehicleNumber,
    driver: s.meta.driver,
    startTimeMs: s.meta.startTimeMs,
    sourceFile: s.meta.sourceFile,
    durationS: s.durationS,
    channels: s.channels.length,
  };
}

export function emptyMemory(): SyncMemory {
  return { pushed: {}, pulled: [], cursor: null, lastSyncMs: null };
}

export function loadMemory(storage: Pick<Storage, 'getItem'>, key: string): SyncMemory {
  try {
    const raw = storage.getItem(key);
    if (!raw) return emptyMemory();
    const m = JSON.parse(raw) as Partial<SyncMemory>;
    return {
      pushed: m.pushed && typeof m.pushed === 'object' && !Array.isArray(m.pushed) ? m.pushed : {},
      pulled: Array.isArray(m.pulled) ? m.pulled.filter((x): x is string => typeof x === 'string') : [],
      cursor: typeof m.cursor === 'string' ? m.cursor : null,
      lastSyncMs: typeof m.lastSyncMs === 'number' ? m.lastSyncMs : null,
    };
  } catch {
    return emptyMemory();
  }
}
