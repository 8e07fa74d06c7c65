// The import Web Worker: parses the user's files off the main thread (exposed with comlink) and
// hands the sessions back by transferring their typed arrays, never copying them.

import * as Comlink from 'comlink';
import { sessionTransferables, type Session } from '../model/session.ts';
import { toErrorShape, type IngestErrorShape } from './errors.ts';
import { importFile } from './import-file.ts';
import type { ImportProgress, InputFile } from './input.ts';

/** Either the file's sessions, or why there are none (a plain object: it survives structured clone). */
export type IngestResult =
  | { ok: true; sessions: Session[] }
  | { ok: false; cancelled: boolean; error: IngestErrorShape | { name: string; message: string } };

/** Progress is posted at most this often, plus at every phase change and at the end of a phase. */
const PROGRESS_INTERVAL_MS = 50;

const running = new Map<string, AbortController>();

function throttled(onProgress: ((p: ImportProgress) => void) | undefined): ((p: ImportProgress) => void) | undefined {
  if (!onProgress) return undefined;
  let lastMs = -Infinity;
  let lastPhase = '';
  return (p) => {
    const now = performance.now();
    const phaseChanged = p.phase !== lastPhase;
    if (!phaseChanged && p.bytesDone < p.bytesTotal && now - lastMs < PROGRESS_INTERVAL_MS) return;
    lastMs = now;
    lastPhase = p.phase;
    onProgress({ file: p.file, phase: p.phase, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal });
  };
}

const api = {
  /** Parse one file; `jobId` lets `cancel` abort it. `onProgress` must be a comlink proxy. */
  async importFile(jobId: string, input: InputFile, onProgress?: (p: ImportProgress) => void): Promise<IngestResult> {
    const controller = new AbortController();
    running.set(jobId, controller);
    try {
      const sessions = await importFile(input, { onProgress: throttled(onProgress), signal: controller.signal });
      const result: IngestResult = { ok: true, sessions };
      // A buffer may back several channels (a shared time base): each goes once in the transfer list.
      return Comlink.transfer(result, [...new Set(sessionTransferables(sessions))]);
    } catch (e) {
      return { ok: false, cancelled: controller.signal.aborted, error: toErrorShape(e) };
    } finally {
      running.delete(jobId);
    }
  },

  cancel(jobId: string): void {
    running.get(jobId)?.abort();
  },
};

export type IngestWorkerApi = typeof api;

Comlink.expose(api);
