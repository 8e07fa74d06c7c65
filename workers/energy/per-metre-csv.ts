// The laps' per-metre energy arrays as CSV (one row per lap and metre, units in the header as
// "name [unit]"): grid-point values at the metre's start, bin values over [distance, distance + 1 m).

import type { LapEnergy } from './lap-energy.ts';

const COLUMNS: [header: string, value: (l: LapEnergy, j: number) => number][] = [
  ['lap', (l) => l.lap],
  ['distance [m]', (l, j) => l.perMetre.distanceM[j]],
  ['time [s]', (l, j) => l.perMetre.timeS[j]],
  ['speed [m/s]', (l, j) => l.perMetre.speedMs[j]],
  ['kinetic energy [J]', (l, j) => l.perMetre.kineticJ[j]],
  ['time in metre [s]', (l, j) => l.perMetre.values.timeS[j]],
  ['traction [J]', (l, j) => l.perMetre.values.tractionJ[j]],
  ['brake front [J]', (l, j) => l.perMetre.values.brakeFrontJ[j]],
  ['brake rear [J]', (l, j) => l.perMetre.values.brakeRearJ[j]],
  ['engine braking [J]', (l, j) => l.perMetre.values.engineBrakeJ[j]],
  ['drag [J]', (l, j) => l.perMetre.values.dragJ[j]],
  ['rolling [J]', (l, j) => l.perMetre.values.rollingJ[j]],
  ['grade [J]', (l, j) => l.perMetre.values.gradeJ[j]],
  ['net m·a·v [J]', (l, j) => l.perMetre.values.netJ[j]],
  ['kinetic gain under traction [J]', (l, j) => l.perMetre.values.kineticTractionJ[j]],
  ['yaw in [J]', (l, j) => l.perMetre.values.yawInJ[j]],
  ['mean traction power [W]', (l, j) => ratio(l.perMetre.values.tractionJ[j], l.perMetre.values.timeS[j])],
  ['mean braking power [W]', (l, j) => ratio(l.perMetre.values.brakeFrontJ[j] + l.perMetre.values.brakeRearJ[j], l.perMetre.values.timeS[j])],
  ['wheel energy [J]', (l, j) => l.perMetre.wheelJ[j]],
  ['vector east [J]', (l, j) => l.perMetre.vectorXJ[j]],
  ['vector north [J]', (l, j) => l.perMetre.vectorYJ[j]],
];

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

function num(x: number): string {
  if (!Number.isFinite(x)) return '';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(9)));
}

export const PER_METRE_CSV_HEADER = COLUMNS.map((c) => c[0]).join(',');

/** The CSV in chunks of about `rowsPerChunk` rows (the header first). */
export function* perMetreCsvChunks(laps: LapEnergy[], rowsPerChunk = 2000): Generator<string> {
  yield `${PER_METRE_CSV_HEADER}\n`;
  let rows: string[] = [];
  for (const l of laps) {
    for (let j = 0; j < l.perMetre.bins; j++) {
      rows.push(COLUMNS.map(([, f]) => num(f(l, j))).join(','));
      if (rows.length >= rowsPerChunk) {
        yield `${rows.join('\n')}\n`;
        rows = [];
      }
    }
  }
  if (rows.length) yield `${rows.join('\n')}\n`;
}
