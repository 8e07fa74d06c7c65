// Main-thread handle on the energy worker and the power-demand model worker (both started on first use):
// loads a session from the storage worker and hands it to the energy worker (sessions of one track share
// a map, so that drivers can be compared metre by metre), keeps each session's overview (a promise), and
// passes the session's model dataset from the energy worker to the model worker. The vehicle parameters
// are those saved with the session (setting 'vehicle'), else its car's preset, as `etm vehicle` does.

import * as Comlink from 'comlink';
import type { EnergyLapRef, EnergyOverview, EnergyProgress, EnergyWorkerApi, FlowGridResult, VehicleSource } from '../../../workers/energy/energy.worker.ts';
import { datasetTransferables } from '../../../workers/energy/model/dataset.ts';
import type { ModelEvaluation, ModelProgress, ModelWorkerApi, TrainOutcome } from '../../../workers/energy/model/model.worker.ts';
import type { SavedPowerModel } from '../../../workers/energy/model/saved-model.ts';
import type { TfBackendPreference } from '../../../workers/energy/model/tf-backend.ts';
import { sessionVehicle, VEHICLE_SETTING_KEY, type SessionVehicle } from '../../../workers/energy/session-vehicle.ts';
import { checkVehicleParams, type EnergyVehicleParams } from '../../../workers/energy/vehicle-params.ts';
import type { SessionMeta } from '../../../workers/model/session.ts';
import { sessionTransferables } from '../../../workers/model/session.ts';
import type { StorageClient } from './storage-client.ts';
import { SharedRuns } from './shared-runs.ts';

export type EnergyProgressListener = (p: EnergyProgress) => void;

export class EnergyClient {
  private energyRemote: Comlink.Remote<EnergyWorkerApi> | null = null;
  private modelRemote: Comlink.Remote<ModelWorkerApi> | null = null;
  private readonly overviews = new SharedRuns<EnergyOverview, EnergyProgress>((id, report) => this.run(id, report));
  private readonly datasets = new Map<string, Promise<void>>();

  constructor(private readonly storage: StorageClient) {}

  private energy(): Comlink.Remote<EnergyWorkerApi> {
    if (!this.energyRemote) {
      const worker = new Worker(new URL('../../../workers/energy/energy.worker.ts', import.meta.url), { type: 'module', name: 'etm-energy' });
      this.energyRemote = Comlink.wrap<EnergyWorkerApi>(worker);
    }
    return this.energyRemote;
  }

  private model(): Comlink.Remote<ModelWorkerApi> {
    if (!this.modelRemote) {
      const worker = new Worker(new URL('../../../workers/energy/model/model.worker.ts', import.meta.url), { type: 'module', name: 'etm-power-model' });
      this.modelRemote = Comlink.wrap<ModelWorkerApi>(worker);
    }
    return this.modelRemote;
  }

  /** The session's lap energies; the first call runs the analysis in the worker, later calls share it. */
  analyze(sessionId: string, onProgress?: EnergyProgressListener): Promise<EnergyOverview> {
    return this.overviews.get(sessionId, onProgress);
  }

  private async run(sessionId: string, report: (p: EnergyProgress) => void): Promise<EnergyOverview> {
    report({ step: 'loading the session from storage', fraction: 0 });
    const session = await this.storage.load(sessionId);
    const vehicle = await this.storedVehicle(sessionId, session.meta);
    report({ step: 'analysing', fraction: 0.02 });
    const options = { shareTrack: true, vehicle: vehicle.params, vehicleSource: vehicle.source };
    return this.energy().analyze(sessionId, Comlink.transfer(session, [...new Set(sessionTransferables([session]))]), options, Comlink.proxy(report));
  }

  /** The parameters saved with the session, else its car's preset (also when the saved ones no longer validate). */
  private async storedVehicle(sessionId: string, meta: SessionMeta): Promise<SessionVehicle> {
    const stored = await this.storage.getSetting(sessionId, VEHICLE_SETTING_KEY);
    try {
      return sessionVehicle(meta, stored);
    } catch (e) {
      console.warn(`session ${sessionId}: the saved vehicle parameters are not usable, using the preset`, e);
      return sessionVehicle(meta, undefined);
    }
  }

  /**
   * Saves vehicle parameters with the session (validated first: a RangeError lists the issues) and recomputes
   * its lap energies with them; the session must have been analysed.
   */
  async saveVehicle(sessionId: string, params: EnergyVehicleParams): Promise<EnergyOverview> {
    checkVehicleParams(params);
    await this.analyze(sessionId);
    await this.storage.putSetting(sessionId, VEHICLE_SETTING_KEY, params);
    return this.recompute(sessionId, params, 'stored');
  }

  private async recompute(sessionId: string, params: EnergyVehicleParams, source: VehicleSource): Promise<EnergyOverview> {
    const overview = await this.energy().setVehicle(sessionId, params, source);
    this.overviews.set(sessionId, Promise.resolve(overview));
    this.datasets.delete(sessionId); // the model's measured energies follow the vehicle
    return overview;
  }

  /** The FlowGrid of lap A, or A − B; both sessions must have been analysed. */
  flowGrid(a: EnergyLapRef, b: EnergyLapRef | null): Promise<FlowGridResult> {
    return this.energy().flowGrid(a, b);
  }

  private ensureDataset(sessionId: string): Promise<void> {
    let pending = this.datasets.get(sessionId);
    if (!pending) {
      pending = (async () => {
        await this.analyze(sessionId);
        const data = await this.energy().modelDataset(sessionId);
        await this.model().setDataset(sessionId, Comlink.transfer(data, datasetTransferables(data)));
      })();
      pending.catch(() => this.datasets.delete(sessionId));
      this.datasets.set(sessionId, pending);
    }
    return pending;
  }

  /** A saved model (the committed one) on every analysed lap of the session. */
  async evaluate(sessionId: string, saved: SavedPowerModel): Promise<ModelEvaluation> {
    await this.ensureDataset(sessionId);
    return this.model().evaluate(sessionId, saved);
  }

  /** Trains a new model on the session's own laps (about a third held out), with progress per epoch. */
  async train(sessionId: string, options: { epochs: number; source: string; backend?: TfBackendPreference }, onProgress: (p: ModelProgress) => void): Promise<TrainOutcome> {
    onProgress({ step: 'preparing the per-metre features', fraction: 0 });
    await this.ensureDataset(sessionId);
    return this.model().train(sessionId, options, Comlink.proxy(onProgress));
  }

  /** Forget a deleted session. */
  forget(sessionId: string): void {
    this.overviews.delete(sessionId);
    this.datasets.delete(sessionId);
    if (this.energyRemote) void this.energyRemote.forget(sessionId);
    if (this.modelRemote) void this.modelRemote.forget(sessionId);
  }
}
