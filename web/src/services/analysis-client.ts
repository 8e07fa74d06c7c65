// Main-thread handle on the lap-analysis worker: loads a session from the storage worker, hands its
// arrays over by transfer, and keeps each session's analysis (a promise) in memory, so that returning
// to a session, or comparing its laps again, costs nothing. Corner edits are stored (setting
// TRACK_EDITS_KEY) with the session whose GPS laps built the track map (the overview's
// track.sourceSessionId): every session analysed on that map shows them, and they are re-applied from
// that one place whenever the map is built again.

import * as Comlink from 'comlink';
import type { AnalysisOverview, AnalysisProgress, AnalysisWorkerApi, CompareResult, LapKey } from '../../../workers/laps/analysis.worker.ts';
import type { TrackEdits } from '../../../workers/geometry/types.ts';
import { sessionTransferables } from '../../../workers/model/session.ts';
import type { StorageClient } from './storage-client.ts';
import { SharedRuns } from './shared-runs.ts';

/** The session setting that holds a track map's corner edits. */
export const TRACK_EDITS_KEY = 'track-edits';

export type ProgressListener = (p: AnalysisProgress) => void;

export class AnalysisClient {
  private remote: Comlink.Remote<AnalysisWorkerApi> | null = null;
  private readonly overviews = new SharedRuns<AnalysisOverview, AnalysisProgress>((id, report) => this.run(id, report));

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
    return this.overviews.get(sessionId, onProgress);
  }

  private async run(sessionId: string, report: ProgressListener): Promise<AnalysisOverview> {
    const remote = this.worker();
    if (await remote.has(sessionId)) return remote.analyze(sessionId, null);
    report({ step: 'loading the session from storage', fraction: 0 });
    const session = await this.storage.load(sessionId);
    report({ step: 'analysing', fraction: 0.05 });
    const overview = await remote.analyze(sessionId, Comlink.transfer(session, [...new Set(sessionTransferables([session]))]), Comlink.proxy(report));
    if (!overview.track) return overview;
    const stored = (await this.storage.getSetting(overview.track.sourceSessionId, TRACK_EDITS_KEY)) as TrackEdits | undefined;
    if (!stored || JSON.stringify(stored) === JSON.stringify(overview.track.edits)) return overview;
    try {
      return await remote.setTrackEdits(sessionId, stored);
    } catch {
      // stored edits that no longer fit the map (e.g. it was rebuilt shorter) leave the detected corners
      return overview;
    }
  }

  /**
   * Applies corner edits to the track map of an analysed session (and so to every session on that map)
   * and stores them with the map's source session. Throws, storing nothing, when they cannot be applied.
   */
  async saveTrackEdits(sessionId: string, edits: TrackEdits): Promise<AnalysisOverview> {
    const overview = await this.worker().setTrackEdits(sessionId, edits);
    await this.storage.putSetting(overview.track!.sourceSessionId, TRACK_EDITS_KEY, edits);
    // the worker holds the updated overviews: asking again answers at once
    for (const id of this.overviews.keys()) if (id !== sessionId) this.overviews.set(id, this.overviews.peek(id)!.then(() => this.worker().analyze(id, null)));
    this.overviews.set(sessionId, Promise.resolve(overview));
    return overview;
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
