// Training and evaluation data of the power-demand model from a session's analysed laps: per lap the
// feature rows (track features + the lap's own speed profile) and the measured tractive and braking
// power per metre (the energy physics' bins ÷ the time spent in them), with the lap's measured energies.

import type { PerMetreEnergy } from '../lap-energy.ts';
import { FEATURE_NAMES, featureRows, speedFeatures, TARGET_NAMES, type TrackFeatures } from './features.ts';

export interface LapRows {
  lap: number;
  lapTimeS: number;
  bins: number;
  /** bins × FEATURE_NAMES.length, row-major. */
  x: Float32Array;
  /** bins × TARGET_NAMES.length (tractionKw, brakingKw), row-major. */
  y: Float32Array;
  /** Time to cover each bin at the lap's speed profile, s (what an estimate of an undriven lap integrates over). */
  dtS: Float64Array;
  /** The lap's speed per bin, m/s (for charts). */
  speedMs: Float32Array;
  /** Measured lap energies from the physics, J: traction, and all retarding wheel work (brakes + engine braking). */
  tractionJ: number;
  brakingJ: number;
}

export interface PowerDataset {
  featureNames: readonly string[];
  targetNames: readonly string[];
  lengthM: number;
  bins: number;
  laps: LapRows[];
}

/** The speed profile of an analysed lap: its speed at the grid points. */
export function lapSpeedProfile(pm: PerMetreEnergy): { speedMs: Float64Array } {
  return { speedMs: pm.speedMs };
}

/** Rows of one analysed lap. Bins the car spent no time in (none on a complete lap) get zero power. */
export function lapRows(lap: number, lapTimeS: number, pm: PerMetreEnergy, track: TrackFeatures, derivativeHalfWindowM?: number): LapRows {
  if (pm.bins !== track.bins) throw new RangeError(`lap ${lap}: ${pm.bins} bins, the track features have ${track.bins}`);
  const speed = speedFeatures(lapSpeedProfile(pm), track, derivativeHalfWindowM);
  const x = featureRows(track, speed);
  const T = TARGET_NAMES.length;
  const y = new Float32Array(pm.bins * T);
  const v = pm.values;
  let tractionJ = 0;
  let brakingJ = 0;
  for (let j = 0; j < pm.bins; j++) {
    const t = v.timeS[j];
    const tr = v.tractionJ[j];
    const br = v.brakeFrontJ[j] + v.brakeRearJ[j] + v.engineBrakeJ[j];
    tractionJ += tr;
    brakingJ += br;
    if (t > 0) {
      y[j * T] = tr / t / 1000;
      y[j * T + 1] = br / t / 1000;
    }
  }
  return { lap, lapTimeS, bins: pm.bins, x, y, dtS: speed.dtS, speedMs: Float32Array.from(speed.speedMs), tractionJ, brakingJ };
}

export function powerDataset(track: TrackFeatures, laps: { lap: number; lapTimeS: number; perMetre: PerMetreEnergy }[], derivativeHalfWindowM?: number): PowerDataset {
  return {
    featureNames: FEATURE_NAMES,
    targetNames: TARGET_NAMES,
    lengthM: track.lengthM,
    bins: track.bins,
    laps: laps.map((l) => lapRows(l.lap, l.lapTimeS, l.perMetre, track, derivativeHalfWindowM)),
  };
}

/** The typed arrays of a dataset (to transfer it between workers). */
export function datasetTransferables(d: PowerDataset): ArrayBuffer[] {
  return d.laps.flatMap((l) => [l.x.buffer, l.y.buffer, l.dtS.buffer, l.speedMs.buffer] as ArrayBuffer[]);
}

/**
 * Splits laps into training and held-out laps: about `heldOutFraction` of them, spread evenly and counted
 * from the last, are held out (at least one, and at least one is left to train on).
 */
export function splitLaps<T>(laps: readonly T[], heldOutFraction = 0.34): { train: T[]; heldOut: T[] } {
  if (laps.length < 2) throw new RangeError(`need at least 2 laps to hold one out, got ${laps.length}`);
  const k = Math.min(laps.length - 1, Math.max(1, Math.round(laps.length * heldOutFraction)));
  const everyK = laps.length / k;
  const held = new Set<number>();
  for (let i = 0; i < k; i++) held.add(laps.length - 1 - Math.floor(i * everyK));
  return { train: laps.filter((_, i) => !held.has(i)), heldOut: laps.filter((_, i) => held.has(i)) };
}
