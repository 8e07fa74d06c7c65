// The demo the edge server hands to a first-run PWA: the project's own generator (workers/demo) with a
// fixed seed, written as GR Cup long-format CSV, plus its ground truth.

import { DEFAULT_DEMO_SEED, generateDemo } from '../workers/demo/generate.ts';
import { longCsvChunks, truthToJson } from '../workers/demo/write-long-csv.ts';
import type { DemoBuild } from './demo-source.ts';

/** Same seed as the CLI's `etm demo` default, so the served demo and a CLI-written one match. */
export const DEMO_SEED = DEFAULT_DEMO_SEED;

export function buildProjectDemo(seed: number = DEMO_SEED): DemoBuild {
  const { sessions, truth } = generateDemo({ seed });
  return { csv: longCsvChunks(sessions), truthJson: truthToJson(truth) };
}
