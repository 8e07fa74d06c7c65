// Laps for the energy parity test and bench, prepared in Node: the demo session (generated) and the real
// GR Cup Indianapolis parquet (car 47, whole race; absent on machines without ../shared/data/real).

import { existsSync, openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrackModel } from '../../../workers/geometry/types.ts';
import { generateDemo } from '../../../workers/demo/generate.ts';
import { readParquet } from '../../../workers/ingest/parquet/parquet.ts';
import { analyzeSession } from '../../../workers/laps/analyze.ts';
import type { LapSamples } from '../../../workers/energy/lap-samples.ts';
import { DEMO_CAR_ENERGY, GR86_CUP_ENERGY } from '../../../workers/energy/presets.ts';
import { sessionLapSamples } from '../../../workers/energy/session-energy.ts';
import type { EnergyVehicleParams } from '../../../workers/energy/vehicle-params.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const INDY_PARQUET = resolve(REPO_ROOT, '../shared/data/real/grcup/indianapolis/indianapolis_r1_cars47_7_fullrate.parquet');

export interface PreparedLaps {
  name: string;
  laps: LapSamples[];
  model: TrackModel;
  vehicle: EnergyVehicleParams;
}

export function demoLaps(seed = 2026, laps = 6): PreparedLaps {
  const session = generateDemo({ seed, drivers: 1, laps }).sessions[0];
  const analysis = analyzeSession(session);
  if (!analysis.model) throw new Error('the demo session gave no track map');
  return { name: `demo (seed ${seed}, ${session.meta.driver})`, laps: sessionLapSamples(session, analysis).laps, model: analysis.model, vehicle: DEMO_CAR_ENERGY };
}

/** Car 47's complete laps, or null when the file is absent. */
export async function indianapolisLaps(): Promise<PreparedLaps | null> {
  if (!existsSync(INDY_PARQUET)) return null;
  const sessions = await readParquet({ name: 'indianapolis_r1_cars47_7_fullrate.parquet', blob: await openAsBlob(INDY_PARQUET) });
  const car = sessions.find((s) => s.meta.vehicleId === 'GR86-025-47');
  if (!car) throw new Error('car GR86-025-47 is not in the Indianapolis parquet');
  const analysis = analyzeSession(car);
  if (!analysis.model) throw new Error('the Indianapolis session gave no track map');
  return { name: 'Indianapolis R1 car 47 (real)', laps: sessionLapSamples(car, analysis).laps, model: analysis.model, vehicle: GR86_CUP_ENERGY };
}
