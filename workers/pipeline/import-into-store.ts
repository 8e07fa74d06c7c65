// File → store in one step, shared by the CLI and the app's worker: hash the bytes (dedupe key),
// skip a file already stored, parse, then write all its sessions atomically. One progress bar
// spans the three phases (hash ~10 %, read ~70 %, store ~20 %).

import { importFile } from '../ingest/import-file.ts';
import type { ImportProgress, InputFile, ProgressFn } from '../ingest/input.ts';
import type { ImportOptions } from '../ingest/importer.ts';
import type { SessionSummary } from '../model/session.ts';
import { hashBlob } from '../storage/content-hash.ts';
import type { SessionStore } from '../storage/session-store.ts';

export interface StoredImport {
  file: string;
  bytes: number;
  contentHash: string;
  duplicate: boolean;
  sessions: SessionSummary[];
  warnings: string[];
}

export interface PipelineProgress extends ImportProgress {
  /** Overall fraction 0–1 across hashing, reading and storing. */
  fraction: number;
}

export interface PipelineOptions {
  onProgress?: (p: PipelineProgress) => void;
  signal?: AbortSignal;
  limits?: ImportOptions['limits'];
}

const SHARE = { hash: 0.1, read: 0.7, store: 0.2 };

export async function importIntoStore(store: SessionStore, input: InputFile, options: PipelineOptions = {}): Promise<StoredImport> {
  const bytes = input.blob.size;
  const report = (phase: ImportProgress['phase'] | 'hash', done: number, total: number) => {
    if (!options.onProgress) return;
    const f = total > 0 ? Math.min(1, done / total) : 1;
    const fraction = phase === 'hash' ? SHARE.hash * f : phase === 'read' || phase === 'build' ? SHARE.hash + SHARE.read * f : SHARE.hash + SHARE.read + SHARE.store * f;
    options.onProgress({ file: input.name, phase: phase === 'hash' ? 'read' : phase, bytesDone: done, bytesTotal: total, fraction });
  };
  const contentHash = await hashBlob(input.blob, { signal: options.signal, onProgress: (d, t) => report('hash', d, t) });
  const existing = await store.findByContentHash(contentHash);
  if (existing.length > 0) return { file: input.name, bytes, contentHash, duplicate: true, sessions: existing, warnings: [] };

  const onParse: ProgressFn = (p) => report(p.phase, p.bytesDone, p.bytesTotal);
  const sessions = await importFile(input, { onProgress: onParse, signal: options.signal, limits: options.limits });
  options.signal?.throwIfAborted();
  const result = await store.importSessions(sessions, { fileName: input.name, contentHash, bytes }, { onProgress: (p) => report('store', p.bytesDone, p.bytesTotal) });
  const warnings = sessions.flatMap((s) => (s.warnings ?? []).map((w) => `${s.meta.vehicleId || input.name}: ${w}`));
  return { file: input.name, bytes, contentHash, duplicate: result.duplicate, sessions: result.sessions, warnings };
}
