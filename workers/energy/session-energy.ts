// Energy of a whole analysed session: every complete lap on the 1 m grid (or the chosen ones) through
// the kernels in one batch, with the accelerometer aligned once for the session; plus the inputs of the
// all-pairs lap matrix and of the 1 m × 1 m raster built from the laps' per-metre results.

import type { TrackModel } from '../geometry/types.ts';
import { lapOnGrid, type SessionAnalysis } from '../laps/analyze.ts';
import type { Session } from '../model/session.ts';
import { estimateAccelAlignment } from './accel-alignment.ts';
import type { EnergyBackendName, EnergyKernels, LapMatrixInput, RasterInput } from './kernels.ts';
import { lapEnergies, type LapEnergy, type LapEnergyOptions, type PerMetreEnergy } from './lap-energy.ts';
import { lapSamples, sessionChannel, speedChannel, type LapSampleOptions, type LapSamples } from './lap-samples.ts';
import type { EnergyVehicleParams } from './vehicle-params.ts';

export interface SessionEnergyOptions extends LapEnergyOptions {
  /** Lap numbers (default: every complete lap the alignment covers). */
  laps?: number[];
  samples?: LapSampleOptions;
  onProgress?: (step: string, fraction: number) => void;
}

export interface SessionEnergy {
  backend: EnergyBackendName;
  vehicle: EnergyVehicleParams;
  laps: LapEnergy[];
  skipped: { lap: number; reason: string }[];
  track: { name: string; lengthM: number; fromSession: boolean } | null;
  notes: string[];
}

/** The samples of the chosen laps (complete and on the grid), and the laps left out with the reason. */
export function sessionLapSamples(session: Session, analysis: SessionAnalysis, options: Pick<SessionEnergyOptions, 'laps' | 'samples' | 'onProgress'> = {}): { laps: LapSamples[]; skipped: { lap: number; reason: string }[] } {
  const skipped: { lap: number; reason: string }[] = [];
  const records = analysis.split.laps;
  const wanted = options.laps ?? records.filter((l) => l.complete).map((l) => l.lap);
  const grid = analysis.model?.grid ?? null;
  const grids = [];
  for (const lap of wanted) {
    const rec = records.find((l) => l.lap === lap);
    if (!rec) { skipped.push({ lap, reason: 'no such lap' }); continue; }
    if (!rec.complete) { skipped.push({ lap, reason: 'partial lap' }); continue; }
    const g = lapOnGrid(session, analysis, lap);
    if (!g) { skipped.push({ lap, reason: 'not aligned with the track map' }); continue; }
    grids.push(g);
  }
  // the accelerometer's lag and offset, once over the span of the chosen laps
  const sampleOptions: LapSampleOptions = { ...options.samples };
  const acc = sessionChannel(session, 'acc_long');
  if (acc && grids.length && sampleOptions.accelAlignment === undefined && sampleOptions.accelSource !== 'speed') {
    const t0 = Math.min(...grids.map((g) => g.startTimeS));
    const t1 = Math.max(...grids.map((g) => g.startTimeS + g.timeS[g.timeS.length - 1]));
    sampleOptions.accelAlignment = estimateAccelAlignment(acc, speedChannel(session), t0, t1, { derivative: { windowS: sampleOptions.derivativeWindowS, minPoints: sampleOptions.derivativeMinPoints } });
  }
  const laps = grids.map((g, k) => {
    options.onProgress?.('lap samples', k / grids.length);
    return lapSamples(session, g, grid, sampleOptions);
  });
  return { laps, skipped };
}

export async function sessionEnergy(kernels: EnergyKernels, session: Session, analysis: SessionAnalysis, vehicle: EnergyVehicleParams, options: SessionEnergyOptions = {}): Promise<SessionEnergy> {
  const notes = [...analysis.notes];
  const model = analysis.model;
  if (!model || !analysis.alignment) {
    notes.push('no track map: laps cannot be put on the 1 m grid');
    const laps = options.laps ?? analysis.split.laps.map((l) => l.lap);
    return { backend: kernels.backend, vehicle, laps: [], skipped: laps.map((lap) => ({ lap, reason: 'no track map' })), track: null, notes };
  }
  const { laps, skipped } = sessionLapSamples(session, analysis, options);
  options.onProgress?.('energy kernels', 0.5);
  const energies = await lapEnergies(kernels, laps, vehicle, { grid: model.grid, corners: model.corners, sectors: model.sectors }, options);
  options.onProgress?.('energy kernels', 1);
  if (laps[0]) notes.push(laps[0].sources.filters);
  return {
    backend: kernels.backend,
    vehicle,
    laps: energies,
    skipped,
    track: { name: model.name, lengthM: model.grid.lengthM, fromSession: analysis.modelFromSession },
    notes,
  };
}

/** What the lap matrix needs of a lap's per-metre results. */
export interface LapMatrixSource {
  bins: number;
  timeS: Float64Array;
  values: Pick<PerMetreEnergy['values'], 'tractionJ' | 'brakeFrontJ' | 'brakeRearJ' | 'engineBrakeJ'>;
}

/**
 * The lap matrix inputs of laps on one grid. Times are offsets from the fastest lap's time at each grid
 * point (float64 here, so that the kernel's float32 differences stay precise).
 */
export function lapMatrixInput(laps: LapMatrixSource[]): LapMatrixInput {
  const n = laps.length;
  if (n === 0) return { laps: 0, bins: 0, timeOffsetS: new Float64Array(0), tractionJ: new Float64Array(0), brakingJ: new Float64Array(0) };
  const m = laps[0].bins;
  for (const l of laps) if (l.bins !== m) throw new RangeError(`lap matrix: laps on different grids (${l.bins} and ${m} bins)`);
  let ref = laps[0];
  for (const l of laps) if (l.timeS[m] < ref.timeS[m]) ref = l;
  const timeOffsetS = new Float64Array(n * (m + 1));
  const tractionJ = new Float64Array(n * m);
  const brakingJ = new Float64Array(n * m);
  laps.forEach((l, k) => {
    for (let j = 0; j <= m; j++) timeOffsetS[k * (m + 1) + j] = l.timeS[j] - ref.timeS[j];
    tractionJ.set(l.values.tractionJ, k * m);
    for (let j = 0; j < m; j++) brakingJ[k * m + j] = l.values.brakeFrontJ[j] + l.values.brakeRearJ[j] + l.values.engineBrakeJ[j];
  });
  return { laps: n, bins: m, timeOffsetS, tractionJ, brakingJ };
}

/** The raster inputs for one per-metre array on a track model (directions of travel from its heading, in float64). */
export function rasterInput(model: TrackModel, perMetre: Float64Array): RasterInput {
  const count = model.grid.headingRad.length;
  const values = new Float64Array(count);
  values.set(perMetre.subarray(0, Math.min(count, perMetre.length)));
  const dirX = new Float64Array(count);
  const dirY = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    dirX[i] = Math.cos(model.grid.headingRad[i]);
    dirY[i] = Math.sin(model.grid.headingRad[i]);
  }
  return { values, dirX, dirY, cellIndex: model.raster.cellIndex };
}
