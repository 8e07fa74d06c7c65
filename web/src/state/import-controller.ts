// Runs the user's files through the import worker, then into the storage worker, one at a time:
// exposes the progress (phase, bytes, MB/s) to the UI, a cancel, and a notice per outcome.

import * as Comlink from 'comlink';
import { createSignal, type Accessor } from 'solid-js';
import type { SessionSummary } from '../../../workers/model/session.ts';
import { sessionTransferables } from '../../../workers/model/session.ts';
import type { ImportProgress } from '../../../workers/ingest/input.ts';
import { formatBytes, formatCount, formatDurationMmSs } from '../format.ts';
import type { IngestClient } from '../services/ingest-client.ts';
import type { StorageClient } from '../services/storage-client.ts';
import { errorMessage, isIngestErrorShape, locationText } from './error-text.ts';
import type { Notices } from './notices.ts';

export interface ImportStatus {
  fileName: string;
  fileIndex: number;
  fileCount: number;
  phase: ImportProgress['phase'];
  bytesDone: number;
  bytesTotal: number;
  /** Read rate since the file started, bytes per second. */
  bytesPerS: number;
}

export type ImportOutcome = 'imported' | 'duplicate' | 'failed' | 'cancelled';

export interface ImportController {
  status: Accessor<ImportStatus | null>;
  /** Queue files; resolves with one outcome per file once they are all done. */
  importFiles(files: File[]): Promise<ImportOutcome[]>;
  cancel(): void;
}

interface Queued {
  file: File;
  resolve: (o: ImportOutcome) => void;
}

export function createImportController(ingest: IngestClient, storage: StorageClient, notices: Notices, onStored: (s: SessionSummary[]) => void): ImportController {
  const [status, setStatus] = createSignal<ImportStatus | null>(null);
  const queue: Queued[] = [];
  let running = false;
  let currentJob: string | null = null;
  let cancelled = false;
  let batchSize = 0;
  let batchDone = 0;

  function notifyDuplicate(file: File, existing: SessionSummary[]): void {
    const first = existing[0];
    const when = first ? new Date(first.importedAtMs).toLocaleString() : '';
    notices.push(
      {
        tone: 'info',
        title: `${file.name} was already imported`,
        detail: `Same content as ${first?.meta.sourceFile ?? 'a stored file'}${when ? ` (imported ${when})` : ''}: nothing was added.`,
      },
      15_000,
    );
  }

  async function importOne(file: File): Promise<ImportOutcome> {
    const jobId = crypto.randomUUID();
    currentJob = jobId;
    const fileIndex = batchDone + 1;
    const fileCount = batchSize;
    let phaseStartMs = performance.now();
    let lastPhase: ImportProgress['phase'] = 'read';
    const show = (phase: ImportProgress['phase'], bytesDone: number, bytesTotal: number) => {
      if (currentJob !== jobId) return;
      if (phase !== lastPhase && phase === 'store') phaseStartMs = performance.now();
      lastPhase = phase;
      const elapsedS = (performance.now() - phaseStartMs) / 1000;
      setStatus({ fileName: file.name, fileIndex, fileCount, phase, bytesDone, bytesTotal, bytesPerS: elapsedS > 0 ? bytesDone / elapsedS : 0 });
    };
    show('read', 0, file.size);

    // The content hash (storage worker) runs beside the parse (import worker): a file already stored
    // is reported as soon as its hash is known, and its parse is cancelled.
    const known = storage.hashFile(file).then(async (contentHash) => ({ contentHash, existing: await storage.findByContentHash(contentHash) }));
    const parsed = ingest.run(jobId, file, (p) => show(p.phase, p.bytesDone, p.bytesTotal));
    const early = await Promise.race([known.then((k) => (k.existing.length ? k : null), () => null), parsed.then(() => null)]);
    if (early) {
      ingest.cancel(jobId);
      notifyDuplicate(file, early.existing);
      return 'duplicate';
    }

    const result = await parsed;
    if (!result.ok) {
      if (result.cancelled || cancelled) return 'cancelled';
      const e = result.error;
      notices.push({
        tone: 'error',
        title: `Could not import ${file.name}`,
        detail: isIngestErrorShape(e) ? `${e.detail} (${e.code})` : errorMessage(e),
        location: isIngestErrorShape(e) ? locationText(e) : undefined,
      });
      return 'failed';
    }
    if (cancelled) return 'cancelled';

    try {
      const { contentHash, existing } = await known;
      if (existing.length) {
        notifyDuplicate(file, existing);
        return 'duplicate';
      }
      show('store', 0, file.size);
      const sessions = result.sessions;
      const stored = await storage.importSessions(
        // A buffer may back several channels: each goes once in the transfer list.
        Comlink.transfer(sessions, [...new Set(sessionTransferables(sessions))]),
        { fileName: file.name, contentHash, bytes: file.size },
        Comlink.proxy((p: ImportProgress) => show('store', p.bytesDone, p.bytesTotal)),
      );
      onStored(stored.sessions);
      if (stored.duplicate) {
        notifyDuplicate(file, stored.sessions);
        return 'duplicate';
      }
      const channels = stored.sessions.reduce((n, s) => n + s.channels.length, 0);
      const durationsS = stored.sessions.map((s) => s.durationS).sort((a, b) => a - b);
      const durations =
        formatDurationMmSs(durationsS[0]) === formatDurationMmSs(durationsS[durationsS.length - 1])
          ? `${formatDurationMmSs(durationsS[0])} mm:ss`
          : `${formatDurationMmSs(durationsS[0])}–${formatDurationMmSs(durationsS[durationsS.length - 1])} mm:ss`;
      notices.push(
        {
          tone: 'success',
          title: `Imported ${file.name}`,
          detail: `${formatCount(stored.sessions.length, 'session')}, ${formatCount(channels, 'channel')}, ${durations} · ${formatBytes(file.size)}`,
        },
        10_000,
      );
      return 'imported';
    } catch (e) {
      notices.push({ tone: 'error', title: `Could not store ${file.name}`, detail: errorMessage(e) });
      return 'failed';
    }
  }

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const outcome = cancelled ? 'cancelled' : await importOne(next.file);
        batchDone++;
        next.resolve(outcome);
      }
    } finally {
      running = false;
      currentJob = null;
      cancelled = false;
      batchSize = 0;
      batchDone = 0;
      setStatus(null);
    }
  }

  return {
    status,
    importFiles(files) {
      const done = files.map((file) => new Promise<ImportOutcome>((resolve) => queue.push({ file, resolve })));
      batchSize += files.length;
      void drain();
      return Promise.all(done);
    },
    cancel() {
      if (!running) return;
      cancelled = true;
      if (currentJob) ingest.cancel(currentJob);
      notices.push({ tone: 'info', title: 'Import cancelled' }, 6_000);
    },
  };
}
