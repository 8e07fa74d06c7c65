// Main-thread handle on the lap-analysis worker: loads a session from the storage worker, hands its
// arrays over by transfer, and keeps each session's analysis (a promise) in memory, so that returning
// to a session, or comparing its laps again, costs nothing.

import * as Comlink from 'comlink';
import type { AnalysisOverview, AnalysisProgress, AnalysisWorkerApi, CompareResult, LapKey } from '../../../workers/laps/analysis.worker.ts';
import { sessionTransferables } from '../../../workers/model/session.ts';
import type { StorageClient } from './storage-client.ts';

export type ProgressListener = (p: AnalysisProgress) => void;

export class AnalysisClient {
  private remote: Comlink.Remote<AnalysisWorkerApi> | null = null;
  private readonly overviews = new Map<string, Promise<AnalysisOverview>>();
  private readonly listeners = new Map<string, Set<ProgressListener>>();

  constructor(private readonly storage: StorageClient) {}

  private worker(): Comlink.Remote<AnalysisWorkerApi> {
    if (!this.remote) {
      const worker = new Worker(new URL('../../../workers/laps/analysis.worker.ts', import.meta.url), { type: 'module', name: 'etm-analysis' });
      this.remote = Comlink.wrap<AnalysisWorkerApi>(worker);
    }
    return this.remote;
  }

  /** True when the session's analysis is done (or running) in this page. */
  isCached(sessionId: string): boolean {
    return this.overviews.has(sessionId);
  }

  /** The session's analysis; the first call runs it in the worker, later calls share the result. */
  analyze(sessionId: string, onProgress?: ProgressListener): Promise<AnalysisOverview> {
    if (onProgress) {
      const set = this.listeners.get(sessionId) ?? new Set();
      set.add(onProgress);
      this.listeners.set(sessionId, set);
    }
    let pending = this.overviews.get(sessionId);
    if (!pending) {
      pending = this.run(sessionId).finally(() => this.listeners.delete(sessionId));
      pending.catch(() => this.overviews.delete(sessionId));
      this.overviews.set(sessionId, pending);
    }
    return pending;
  }

  private emit(sessionId: string, p: AnalysisProgress): void {
    for (const l of this.listeners.get(sessionId) ?? []) l(p);
  }

  private async run(sessionId: string): Promise<AnalysisOverview> {
    const remote = this.worker();
    const report = (p: AnalysisProgress) => this.emit(sessionId, p);
    if (await remote.has(sessionId)) return remote.analyze(sessionId, null);
    report({ step: 'loading the session from storage', fraction: 0 });
    const session = await this.storage.load(sessionId);
    report({ step: 'analysing', fraction: 0.05 });
    return remote.analyze(sessionId, Comlink.transfer(session, [...new Set(sessionTransferables([session]))]), Comlink.proxy(report));
  }

  /** The laps on the distance grid; their sessions must have been analysed. The first is the reference. */
  compare(keys: LapKey[]): Promise<CompareResult> {
    return this.worker().compare(keys);
  }

  /** Forget a deleted session. */
  forget(sessionId: string): void {
    this.overviews.delete(sessionId);
    if (this.remote) void this.remote.forget(sessionId);
  }
}
