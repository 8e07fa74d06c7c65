// The energy Web Worker (comlink): picks the kernels' backend once (WebGPU when an adapter exists, else
// the CPU) and reports it, analyses sessions' lap energies with editable vehicle parameters, and hands
// out per-metre arrays, the 1 m × 1 m raster and the all-pairs lap matrix (typed arrays transferred);
// for the energy view also the FlowGrid (a lap or A − B, with its raster and 3D ribbons) and the
// power-demand model's dataset.

import * as Comlink from 'comlink';
import type { TrackModel } from '../geometry/types.ts';
import { analyzeSession, type SessionAnalysis } from '../laps/analyze.ts';
import type { Session, SessionMeta } from '../model/session.ts';
import { pickEnergyBackend, type BackendInfo, type BackendPreference, type PickedBackend } from './backend.ts';
import type { BinComponent, BinInput, BinOutput, LapMatrixInput, LapMatrixOutput, PhysicsInput, PhysicsOutput, RasterInput, RasterOutput } from './kernels.ts';
import type { LapEnergy, PerMetreEnergy, SegmentEnergy } from './lap-energy.ts';
import { ENERGY_PRESETS, presetForSession } from './presets.ts';
import type { SessionVehicle } from './session-vehicle.ts';
import { lapMatrixInput, rasterInput, sessionEnergy, type SessionEnergy } from './session-energy.ts';
import { checkVehicleParams, type EnergyVehicleParams } from './vehicle-params.ts';
import { datasetTransferables, type PowerDataset } from './model/dataset.ts';
import { sessionPowerDataset } from './model/session-dataset.ts';
import { niceCeil, signedLimits } from './view/colour-scale.ts';
import { flowGridData, flowRaster, shownValues, type FlowGridData } from './view/flow-grid.ts';
import { ribbonGeometry, ribbonTransferables, type RibbonGeometry } from './view/ribbon.ts';

export type VehicleSource = SessionVehicle['source'];

export interface EnergyProgress {
  step: string;
  fraction: number;
}

/** A lap's energies without its per-metre arrays (what a table or chart of laps needs). */
export type LapEnergySummary = Omit<LapEnergy, 'perMetre' | 'samples'>;

export interface EnergyOverview {
  sessionId: string;
  meta: SessionMeta;
  backend: BackendInfo;
  vehicle: EnergyVehicleParams;
  /** Where the vehicle parameters came from: 'stored' (saved with the session) or the preset's name. */
  vehicleSource: VehicleSource;
  laps: LapEnergySummary[];
  skipped: SessionEnergy['skipped'];
  track: SessionEnergy['track'];
  notes: string[];
  computeMs: number;
}

export interface RasterResult extends RasterOutput {
  originXM: number;
  originYM: number;
  cellSizeM: number;
  cols: number;
  rows: number;
}

/** A lap of an analysed session. */
export interface EnergyLapRef {
  sessionId: string;
  lap: number;
}

export interface FlowGridResult extends FlowGridData {
  /** The 3D view's ribbons: height and colour by power (what shownKw shows) or by speed (A's, or A − B). */
  ribbons: { power: RibbonGeometry; speed: RibbonGeometry };
  backend: BackendInfo;
  computeMs: number;
}

interface Entry {
  session: Session;
  analysis: SessionAnalysis;
  energy: SessionEnergy;
  overview: EnergyOverview;
}

let picked: Promise<PickedBackend> | null = null;
const entries = new Map<string, Entry>();
/** Track maps shared by sessions of one track (analyze with shareTrack), so that their laps share a grid. */
const sharedTracks = new Map<string, TrackModel>();

function trackKeyOf(meta: SessionMeta, sessionId: string): string {
  return meta.track.trim().toLowerCase() || `session:${sessionId}`;
}

function backend(): Promise<PickedBackend> {
  picked ??= pickEnergyBackend('auto');
  return picked;
}

function entryOf(sessionId: string): Entry {
  const e = entries.get(sessionId);
  if (!e) throw new Error(`session ${sessionId} has no energy analysis: call analyze() first`);
  return e;
}

function summary(l: LapEnergy): LapEnergySummary {
  const rest: Partial<LapEnergy> = { ...l };
  delete rest.perMetre;
  delete rest.samples;
  return rest as LapEnergySummary;
}

function perMetreTransferables(p: PerMetreEnergy): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of [p.distanceM, p.timeS, p.speedMs, p.kineticJ, p.wheelJ, p.vectorXJ, p.vectorYJ, ...Object.values(p.values)]) out.add(a.buffer as ArrayBuffer);
  return [...out];
}

async function compute(sessionId: string, e: Omit<Entry, 'energy' | 'overview'>, vehicle: EnergyVehicleParams, vehicleSource: VehicleSource, laps: number[] | undefined, report: (step: string, f: number) => void): Promise<Entry> {
  const b = await backend();
  const start = performance.now();
  const energy = await sessionEnergy(b.kernels, e.session, e.analysis, vehicle, { laps, onProgress: (step, f) => report(step, 0.5 + 0.5 * f) });
  const overview: EnergyOverview = {
    sessionId,
    meta: e.session.meta,
    backend: b.info,
    vehicle,
    vehicleSource,
    laps: energy.laps.map(summary),
    skipped: energy.skipped,
    track: energy.track,
    notes: energy.notes,
    computeMs: performance.now() - start,
  };
  return { ...e, energy, overview };
}

const api = {
  /**
   * Picks the backend ('auto': WebGPU when an adapter exists, else the CPU; 'webgpu' / 'cpu' force one) and
   * says which path is used. Analysed sessions stay: both paths give the same results within tolerance.
   */
  async init(prefer: BackendPreference = 'auto'): Promise<BackendInfo> {
    if (prefer !== 'auto') {
      const old = picked ? await picked.catch(() => null) : null;
      if (!old || old.info.backend !== prefer) {
        old?.kernels.dispose();
        const next = pickEnergyBackend(prefer);
        picked = next;
        try {
          return (await next).info;
        } catch (e) {
          picked = null; // the next call picks again
          throw e;
        }
      }
    }
    return (await backend()).info;
  },

  /** The preset that fits a session's car (null when none does), and the presets. */
  presets(meta: SessionMeta): { suggested: keyof typeof ENERGY_PRESETS | null; presets: typeof ENERGY_PRESETS } {
    return { suggested: presetForSession(meta), presets: ENERGY_PRESETS };
  },

  /**
   * Lap energies of a session (kept; a second call with the same vehicle answers at once). `session` is
   * needed the first time only (transfer its arrays); `trackModel` shares a map between sessions; without
   * `vehicle` the preset for the session's car is used (`vehicleSource` says where a given `vehicle` came from;
   * 'stored' when left out). `shareTrack`: the first session of a track (by its
   * name) gives its map to the later ones, so that laps of different sessions can be compared metre by
   * metre. `onProgress` must be a comlink proxy.
   */
  async analyze(
    sessionId: string,
    session: Session | null,
    options: { vehicle?: EnergyVehicleParams; vehicleSource?: VehicleSource; laps?: number[]; trackModel?: TrackModel | null; shareTrack?: boolean } = {},
    onProgress?: (p: EnergyProgress) => void,
  ): Promise<EnergyOverview> {
    const report = (step: string, fraction: number) => onProgress?.({ step, fraction });
    const known = entries.get(sessionId);
    const s = session ?? known?.session;
    if (!s) throw new Error(`session ${sessionId} is not in the energy worker: pass it`);
    const preset = presetForSession(s.meta) ?? 'gr86-cup';
    const vehicle = checkVehicleParams(options.vehicle ?? known?.overview.vehicle ?? ENERGY_PRESETS[preset]);
    const vehicleSource: VehicleSource = options.vehicle ? (options.vehicleSource ?? 'stored') : (known?.overview.vehicleSource ?? preset);
    const sameVehicle = known && JSON.stringify(known.overview.vehicle) === JSON.stringify(vehicle) && known.overview.vehicleSource === vehicleSource;
    if (known && !session && sameVehicle && !options.laps) return known.overview;
    const trackKey = trackKeyOf(s.meta, sessionId);
    const trackModel = options.trackModel ?? (options.shareTrack ? sharedTracks.get(trackKey) ?? null : null);
    const analysis = known && !session ? known.analysis : analyzeSession(s, trackModel, { onProgress: (step, f) => report(step, 0.5 * f) });
    if (options.shareTrack && analysis.model && !sharedTracks.has(trackKey)) sharedTracks.set(trackKey, analysis.model);
    const e = await compute(sessionId, { session: s, analysis }, vehicle, vehicleSource, options.laps, report);
    entries.set(sessionId, e);
    report('done', 1);
    return e.overview;
  },

  /** Recomputes a session's energies with edited vehicle parameters (validated); `source` says where they came from. */
  async setVehicle(sessionId: string, vehicle: EnergyVehicleParams, source: VehicleSource = 'stored'): Promise<EnergyOverview> {
    const e = entryOf(sessionId);
    const next = await compute(sessionId, e, checkVehicleParams(vehicle), source, undefined, () => {});
    entries.set(sessionId, next);
    return next.overview;
  },

  /** Corners and sectors of one lap. */
  segments(sessionId: string, lap: number): { corners: SegmentEnergy[]; sectors: SegmentEnergy[] } {
    const l = lapOf(sessionId, lap);
    return { corners: l.corners, sectors: l.sectors };
  },

  /** The lap's per-metre arrays (a copy, transferred). */
  perMetre(sessionId: string, lap: number): PerMetreEnergy {
    const p = structuredClone(lapOf(sessionId, lap).perMetre);
    return Comlink.transfer(p, perMetreTransferables(p));
  },

  /** One per-metre quantity of a lap (a BinComponent or the net wheel energy) on the 1 m × 1 m raster. */
  async raster(sessionId: string, lap: number, quantity: BinComponent | 'wheelJ' = 'wheelJ'): Promise<RasterResult> {
    const e = entryOf(sessionId);
    const model = e.analysis.model;
    if (!model) throw new Error(`session ${sessionId} has no track map`);
    const pm = lapOf(sessionId, lap).perMetre;
    const values = quantity === 'wheelJ' ? pm.wheelJ : pm.values[quantity];
    const r = await (await backend()).kernels.raster(rasterInput(model, values));
    const { originXM, originYM, cellSizeM, cols, rows } = model.raster;
    return Comlink.transfer({ ...r, originXM, originYM, cellSizeM, cols, rows }, [r.value.buffer as ArrayBuffer, r.vectorX.buffer as ArrayBuffer, r.vectorY.buffer as ArrayBuffer]);
  },

  /** Delta-time and energy differences of every lap against every other (the analysed laps, or those given). */
  async lapMatrix(sessionId: string, laps?: number[]): Promise<LapMatrixOutput & { lapNumbers: number[] }> {
    const e = entryOf(sessionId);
    const chosen = laps ? e.energy.laps.filter((l) => laps.includes(l.lap)) : e.energy.laps;
    const m = await (await backend()).kernels.lapMatrix(lapMatrixInput(chosen.map((l) => l.perMetre)));
    return Comlink.transfer({ ...m, lapNumbers: chosen.map((l) => l.lap) }, Object.values(m.values).map((a) => a.buffer as ArrayBuffer));
  },

  /**
   * The FlowGrid of lap `a` (net power per metre on the raster, energy vectors, 3D ribbons), or with `b`
   * the difference A − B (a lap of the same session, or of another session analysed with shareTrack on the
   * same map). The raster goes through the picked backend's raster kernel.
   */
  async flowGrid(a: EnergyLapRef, b: EnergyLapRef | null = null): Promise<FlowGridResult> {
    const start = performance.now();
    const ea = entryOf(a.sessionId);
    const model = ea.analysis.model;
    if (!model) throw new Error(`session ${a.sessionId} has no track map`);
    const la = lapOf(a.sessionId, a.lap);
    let lb: LapEnergy | null = null;
    if (b) {
      if (entryOf(b.sessionId).analysis.model !== model) throw new Error(`lap ${b.lap} of session ${b.sessionId} is on another track map: analyse both sessions with shareTrack`);
      lb = lapOf(b.sessionId, b.lap);
    }
    const picked = await backend();
    const series = flowGridData(model, la, lb);
    const raster = flowRaster(model, await picked.kernels.raster(rasterInput(model, shownValues(series.a, series.delta))));
    const data: FlowGridData = { ...series, raster };
    const speed = data.delta ? data.delta.speedKmh : data.a.speedKmh;
    let maxSpeed = 0;
    for (const v of data.a.speedKmh) maxSpeed = Math.max(maxSpeed, v);
    const ribbons = {
      power: ribbonGeometry(model.grid.xM, model.grid.yM, model.grid.headingRad, data.shownKw, { signed: true, limits: data.limitsKw }),
      speed: ribbonGeometry(
        model.grid.xM,
        model.grid.yM,
        model.grid.headingRad,
        speed,
        data.delta ? { signed: true, limits: signedLimits(speed) } : { signed: false, limits: { negative: 0, positive: niceCeil(maxSpeed) } },
      ),
    };
    const result: FlowGridResult = { ...data, xM: Float64Array.from(data.xM), yM: Float64Array.from(data.yM), headingRad: Float64Array.from(data.headingRad), ribbons, backend: picked.info, computeMs: performance.now() - start };
    const buffers = new Set<ArrayBuffer>([result.xM.buffer, result.yM.buffer, result.headingRad.buffer, result.vectorXJ.buffer, result.vectorYJ.buffer, result.raster.valueKw.buffer] as ArrayBuffer[]);
    for (const s of [result.a, result.b, result.delta]) if (s) for (const arr of Object.values(s)) buffers.add(arr.buffer as ArrayBuffer);
    for (const r of [ribbons.power, ribbons.speed]) for (const buf of ribbonTransferables(r)) buffers.add(buf);
    return Comlink.transfer(result, [...buffers]);
  },

  /**
   * The power-demand model's data of a session: per analysed lap the per-metre features (track + the lap's
   * speed profile), the measured tractive and braking power, and the lap's measured energies (transferred).
   */
  modelDataset(sessionId: string, derivativeHalfWindowM?: number): PowerDataset {
    const e = entryOf(sessionId);
    const model = e.analysis.model;
    if (!model) throw new Error(`session ${sessionId} has no track map`);
    const d = sessionPowerDataset(model, e.energy.laps, derivativeHalfWindowM);
    return Comlink.transfer(d, datasetTransferables(d));
  },

  /** The kernels themselves, on the picked backend (for tests and benchmarks). */
  async physics(input: PhysicsInput): Promise<PhysicsOutput> {
    return (await backend()).kernels.physics(input);
  },
  async bin(input: BinInput): Promise<BinOutput> {
    return (await backend()).kernels.bin(input);
  },
  async rasterKernel(input: RasterInput): Promise<RasterOutput> {
    return (await backend()).kernels.raster(input);
  },
  async lapMatrixKernel(input: LapMatrixInput): Promise<LapMatrixOutput> {
    return (await backend()).kernels.lapMatrix(input);
  },

  forget(sessionId: string): void {
    const e = entries.get(sessionId);
    entries.delete(sessionId);
    if (!e) return;
    const key = trackKeyOf(e.session.meta, sessionId);
    if (![...entries.entries()].some(([id, o]) => trackKeyOf(o.session.meta, id) === key)) sharedTracks.delete(key);
  },
};

function lapOf(sessionId: string, lap: number): LapEnergy {
  const l = entryOf(sessionId).energy.laps.find((x) => x.lap === lap);
  if (!l) throw new Error(`session ${sessionId} has no energy for lap ${lap}`);
  return l;
}

export type EnergyWorkerApi = typeof api;

Comlink.expose(api);
