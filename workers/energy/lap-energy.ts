// Energy of laps: the per-sample physics and the 1 m binning through an EnergyKernels backend (all laps
// in one dispatch), then per lap the totals, the energy balance (traction − braking − losses = ΔKE), the
// efficiency, peak powers, per-corner and per-sector sums, and the per-metre arrays with energy vectors.

import type { Corner, Sector, TrackGrid } from '../geometry/types.ts';
import { cornerSegments } from '../laps/corner-metrics.ts';
import {
  BIN_COMPONENTS,
  BINNED_POWERS,
  PHYSICS_INPUTS,
  PHYSICS_OUTPUTS,
  physicsParams,
  type BinComponent,
  type BinOutput,
  type EnergyKernels,
  type PhysicsInputName,
  type PhysicsOutput,
} from './kernels.ts';
import type { LapSamples, SampleSources } from './lap-samples.ts';
import { binSum, inStretch } from './segments.ts';
import { checkVehicleParams, type EnergyVehicleParams } from './vehicle-params.ts';

export interface EnergyTotals {
  timeS: number;
  tractionJ: number;
  brakeFrontJ: number;
  brakeRearJ: number;
  /** Retarding wheel work without brake pressure (engine drag, coasting), J. */
  engineBrakeJ: number;
  dragJ: number;
  rollingJ: number;
  /** Work against gravity (negative downhill), J. */
  gradeJ: number;
  /** ∫ m·a·v dt, J (equals the change of kinetic energy when the acceleration and speed agree). */
  netJ: number;
  /** Kinetic energy gained under traction, J. */
  kineticTractionJ: number;
  /** Energy put into yaw rotation (∫ max(0, Iz·r·ṙ) dt), J. */
  yawJ: number;
  /** Engine work: traction ÷ drivetrain efficiency, J. */
  engineJ: number;
  peakTractionW: number;
  peakTractionAtM: number;
  /** Peak power of the brakes (front + rear), W. */
  peakBrakingW: number;
  peakBrakingAtM: number;
  /** Kinetic energy gained under traction ÷ traction energy (NaN without traction). */
  efficiency: number;
}

export interface SegmentEnergy extends EnergyTotals {
  kind: 'corner' | 'sector';
  /** Corner number (1-based) or sector index + 1. */
  number: number;
  name: string;
  /** The stretch, m from the line (endM < startM when it spans the line). Corners: straight midpoint to midpoint. */
  startM: number;
  endM: number;
}

export interface PerMetreEnergy {
  lengthM: number;
  bins: number;
  /** At the grid points 0…bins (bins + 1 values): distance, m; time since the lap start, s; speed, m/s; ½mv², J. */
  distanceM: Float64Array;
  timeS: Float64Array;
  speedMs: Float64Array;
  kineticJ: Float64Array;
  /** Per bin [j, j + 1) m: time (s) and energies (J) of BIN_COMPONENTS. */
  values: Record<BinComponent, Float64Array>;
  /** Net wheel energy (traction − brakes − engine braking), J per bin, and its vector along the heading (x east, y north). */
  wheelJ: Float64Array;
  vectorXJ: Float64Array;
  vectorYJ: Float64Array;
}

export interface LapEnergy extends EnergyTotals {
  lap: number;
  lapTimeS: number;
  lengthM: number;
  /** Kinetic energy at the lap's end minus at its start, J. */
  deltaKineticJ: number;
  /**
   * traction − brakes − engine braking − drag − rolling − grade − ΔKE, J, and |residual| ÷ the larger of the
   * traction and the retarding work (brakes + engine braking): how well the energy balance closes.
   */
  residualJ: number;
  closure: number;
  corners: SegmentEnergy[];
  sectors: SegmentEnergy[];
  perMetre: PerMetreEnergy;
  sources: SampleSources;
  /** Per-sample inputs and physics outputs (only with keepSamples). */
  samples?: { timeS: Float64Array; distanceM: Float64Array; inputs: Record<PhysicsInputName, Float64Array>; outputs: PhysicsOutput };
}

export interface TrackContext {
  /** The reference line (heading for the energy vectors); null without a track map. */
  grid: TrackGrid | null;
  corners: Corner[];
  sectors: Sector[];
}

export interface LapEnergyOptions {
  /** Brake pressure for a full brake share, bar (kernels.ts PhysicsParams.brakeFullBar). */
  brakeFullBar?: number;
  keepSamples?: boolean;
}

/** Concatenated kernel inputs of several laps (all on the same grid). */
export function concatLaps(laps: LapSamples[]): { lapStarts: Uint32Array; binIndex: Uint32Array; binFrac: Float64Array; dtS: Float64Array; inputs: Record<PhysicsInputName, Float64Array> } {
  const lapStarts = new Uint32Array(laps.length + 1);
  for (let k = 0; k < laps.length; k++) lapStarts[k + 1] = lapStarts[k] + laps[k].timeS.length;
  const n = lapStarts[laps.length];
  const binIndex = new Uint32Array(n);
  const binFrac = new Float64Array(n);
  const dtS = new Float64Array(n);
  const inputs = {} as Record<PhysicsInputName, Float64Array>;
  for (const name of PHYSICS_INPUTS) inputs[name] = new Float64Array(n);
  laps.forEach((l, k) => {
    const o = lapStarts[k];
    binIndex.set(l.binIndex, o);
    binFrac.set(l.binFrac, o);
    dtS.set(l.dtS, o);
    for (const name of PHYSICS_INPUTS) inputs[name].set(l.inputs[name], o);
  });
  return { lapStarts, binIndex, binFrac, dtS, inputs };
}

export async function lapEnergies(kernels: EnergyKernels, laps: LapSamples[], vehicle: EnergyVehicleParams, track: TrackContext, options: LapEnergyOptions = {}): Promise<LapEnergy[]> {
  if (laps.length === 0) return [];
  checkVehicleParams(vehicle);
  const bins = laps[0].bins;
  for (const l of laps) if (l.bins !== bins) throw new RangeError(`laps on different grids: lap ${l.lap} has ${l.bins} bins, lap ${laps[0].lap} ${bins}`);
  const cat = concatLaps(laps);
  const params = physicsParams(vehicle, options.brakeFullBar);
  if (laps.some((l) => l.sources.brakes === 'none')) params.brakeFullBar = 0;
  const outputs = await kernels.physics({ params, samples: cat.inputs });
  const powers = {} as Record<(typeof BINNED_POWERS)[number], Float64Array>;
  for (const p of BINNED_POWERS) powers[p] = outputs[p];
  const binned = await kernels.bin({ bins, lapStarts: cat.lapStarts, binIndex: cat.binIndex, binFrac: cat.binFrac, dtS: cat.dtS, powers });
  return laps.map((l, k) => lapEnergy(l, k, cat.lapStarts, outputs, binned, vehicle, track, options));
}

function lapEnergy(l: LapSamples, k: number, lapStarts: Uint32Array, out: PhysicsOutput, binned: BinOutput, vehicle: EnergyVehicleParams, track: TrackContext, options: LapEnergyOptions): LapEnergy {
  const L = l.lengthM;
  const s0 = lapStarts[k];
  const s1 = lapStarts[k + 1];
  const perMetre = perMetreOf(l, k, binned, vehicle, track.grid);
  const totals = totalsOver(perMetre, vehicle, out, l, s0, 0, L);
  const deltaKineticJ = out.kineticJ[s1 - 1] - out.kineticJ[s0];
  const residualJ = totals.tractionJ - totals.brakeFrontJ - totals.brakeRearJ - totals.engineBrakeJ - totals.dragJ - totals.rollingJ - totals.gradeJ - deltaKineticJ;
  const corners: SegmentEnergy[] = cornerSegments(track.corners, L).map((c) => ({
    kind: 'corner',
    number: c.corner,
    name: c.name,
    startM: c.startM,
    endM: c.endM,
    ...totalsOver(perMetre, vehicle, out, l, s0, c.startM, c.endM),
  }));
  const sectors: SegmentEnergy[] = track.sectors.map((s, i) => ({
    kind: 'sector',
    number: i + 1,
    name: s.name,
    startM: s.startM,
    endM: Math.min(s.endM, L),
    ...totalsOver(perMetre, vehicle, out, l, s0, s.startM, Math.min(s.endM, L)),
  }));
  const result: LapEnergy = {
    lap: l.lap,
    lapTimeS: l.timeS[l.timeS.length - 1],
    lengthM: L,
    ...totals,
    deltaKineticJ,
    residualJ,
    closure: Math.abs(residualJ) / Math.max(totals.tractionJ, totals.brakeFrontJ + totals.brakeRearJ + totals.engineBrakeJ),
    corners,
    sectors,
    perMetre,
    sources: l.sources,
  };
  if (options.keepSamples) {
    const outputs = {} as PhysicsOutput;
    for (const name of PHYSICS_OUTPUTS) outputs[name] = out[name].slice(s0, s1);
    result.samples = { timeS: l.timeS, distanceM: l.distanceM, inputs: l.inputs, outputs };
  }
  return result;
}

function perMetreOf(l: LapSamples, k: number, binned: BinOutput, vehicle: EnergyVehicleParams, grid: TrackGrid | null): PerMetreEnergy {
  const bins = l.bins;
  const values = {} as Record<BinComponent, Float64Array>;
  for (const c of BIN_COMPONENTS) values[c] = binned.values[c].slice(k * bins, (k + 1) * bins);
  const distanceM = new Float64Array(bins + 1);
  for (let j = 0; j < bins; j++) distanceM[j] = j;
  distanceM[bins] = l.lengthM;
  const kineticJ = new Float64Array(bins + 1);
  for (let j = 0; j <= bins; j++) kineticJ[j] = 0.5 * vehicle.massKg * l.gridSpeedMs[j] * l.gridSpeedMs[j];
  const wheelJ = new Float64Array(bins);
  const vectorXJ = new Float64Array(bins);
  const vectorYJ = new Float64Array(bins);
  for (let j = 0; j < bins; j++) {
    const w = values.tractionJ[j] - values.brakeFrontJ[j] - values.brakeRearJ[j] - values.engineBrakeJ[j];
    wheelJ[j] = w;
    if (grid) {
      const h = grid.headingRad[Math.min(j, grid.headingRad.length - 1)];
      vectorXJ[j] = w * Math.cos(h);
      vectorYJ[j] = w * Math.sin(h);
    }
  }
  return { lengthM: l.lengthM, bins, distanceM, timeS: Float64Array.from(l.gridTimeS), speedMs: Float64Array.from(l.gridSpeedMs), kineticJ, values, wheelJ, vectorXJ, vectorYJ };
}

function totalsOver(pm: PerMetreEnergy, vehicle: EnergyVehicleParams, out: PhysicsOutput, l: LapSamples, s0: number, a: number, b: number): EnergyTotals {
  const sum = (c: BinComponent) => binSum(pm.values[c], 0, pm.bins, pm.lengthM, a, b);
  let peakTractionW = 0;
  let peakTractionAtM = NaN;
  let peakBrakingW = 0;
  let peakBrakingAtM = NaN;
  const whole = a === 0 && b === pm.lengthM;
  for (let i = 0; i < l.distanceM.length; i++) {
    const d = l.distanceM[i];
    if (!whole && !inStretch(d, a, b)) continue;
    const tr = out.tractionW[s0 + i];
    const br = out.brakeFrontW[s0 + i] + out.brakeRearW[s0 + i];
    if (tr > peakTractionW) { peakTractionW = tr; peakTractionAtM = d; }
    if (br > peakBrakingW) { peakBrakingW = br; peakBrakingAtM = d; }
  }
  const tractionJ = sum('tractionJ');
  const kineticTractionJ = sum('kineticTractionJ');
  return {
    timeS: sum('timeS'),
    tractionJ,
    brakeFrontJ: sum('brakeFrontJ'),
    brakeRearJ: sum('brakeRearJ'),
    engineBrakeJ: sum('engineBrakeJ'),
    dragJ: sum('dragJ'),
    rollingJ: sum('rollingJ'),
    gradeJ: sum('gradeJ'),
    netJ: sum('netJ'),
    kineticTractionJ,
    yawJ: sum('yawInJ'),
    engineJ: tractionJ / vehicle.drivetrainEfficiency,
    peakTractionW,
    peakTractionAtM,
    peakBrakingW,
    peakBrakingAtM,
    efficiency: tractionJ > 0 ? kineticTractionJ / tractionJ : NaN,
  };
}
