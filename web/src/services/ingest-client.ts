// Main-thread handle on the import worker: runs one file at a time through it and cancels a run,
// terminating and replacing the worker when a parser does not stop promptly.

import * as Comlink from 'comlink';
import type { IngestResult, IngestWorkerApi } from '../../../workers/ingest/ingest.worker.ts';
import type { ImportProgress } from '../../../workers/ingest/input.ts';

/** How long a cancelled parse may take to notice its abort signal before the worker is replaced. */
const CANCEL_GRACE_MS = 1000;

export class IngestClient {
  private worker!: Worker;
  private remote!: Comlink.Remote<IngestWorkerApi>;
  private readonly kills = new Map<string, () => void>();

  constructor() {
    this.spawn();
  }

  private spawn(): void {
    this.worker = new Worker(new URL('../../../workers/ingest/ingest.worker.ts', import.meta.url), { type: 'module', name: 'etm-ingest' });
    this.remote = Comlink.wrap<IngestWorkerApi>(this.worker);
  }

  /** Parse one file in the worker; the sessions' arrays arrive transferred. */
  async run(jobId: string, file: File, onProgress: (p: ImportProgress) => void): Promise<IngestResult> {
    const killed = new Promise<IngestResult>((resolve) => {
      this.kills.set(jobId, () => resolve({ ok: false, cancelled: true, error: { name: 'AbortError', message: 'Import cancelled' } }));
    });
    try {
      return await Promise.race([this.remote.importFile(jobId, { name: file.name, blob: file }, Comlink.proxy(onProgress)), killed]);
    } finally {
      this.kills.delete(jobId);
    }
  }

  cancel(jobId: string): void {
    void this.remote.cancel(jobId);
    setTimeout(() => {
      const kill = this.kills.get(jobId);
      if (!kill) return;
      this.worker.terminate();
      this.spawn();
      kill();
    }, CANCEL_GRACE_MS);
  }
}
