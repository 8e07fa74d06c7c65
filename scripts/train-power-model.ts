// Trains the committed power-demand model (models/power-demand/model.json) on the demo session: the
// first demo car (the reference driver) with the project demo's seed, analysed like the PWA does (track
// map from its own GPS laps, energy physics on the CPU), about a third of its laps held out; then checks
// the saved file round-trips and evaluates it on the other demo drivers' laps. TensorFlow.js cpu backend.
// Run: node --import tsx scripts/train-power-model.ts [--epochs N] [--out FILE]

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_SEED, generateDemo } from '../workers/demo/generate.ts';
import { cpuKernels } from '../workers/energy/cpu/index.ts';
import { baselineMetrics, powerMetrics } from '../workers/energy/model/evaluate.ts';
import { decodeSavedModel } from '../workers/energy/model/saved-model.ts';
import { predictKw } from '../workers/energy/model/mlp.ts';
import { splitLaps } from '../workers/energy/model/dataset.ts';
import { sessionPowerDataset } from '../workers/energy/model/session-dataset.ts';
import { pickTfBackend } from '../workers/energy/model/tf-backend.ts';
import { DEFAULT_TRAIN_OPTIONS, trainPowerModel } from '../workers/energy/model/train.ts';
import { DEMO_CAR_ENERGY } from '../workers/energy/presets.ts';
import { sessionEnergy } from '../workers/energy/session-energy.ts';
import { analyzeSession } from '../workers/laps/analyze.ts';
import type { PowerModelMetrics } from '../workers/energy/model/saved-model.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const DEFAULT_OUT = fileURLToPath(new URL('../models/power-demand/model.json', import.meta.url));
const MAX_BYTES = 1_000_000;

function line(name: string, m: PowerModelMetrics): string {
  const laps = m.lapEnergyErrorPct.map((l) => `lap ${l.lap}: traction ${l.tractionPct.toFixed(2)} %, braking ${l.brakingPct.toFixed(2)} %`).join('; ');
  return `${name}: MAE traction ${m.maeKw[0].toFixed(2)} kW, braking ${m.maeKw[1].toFixed(2)} kW; RMSE traction ${m.rmseKw[0].toFixed(2)} kW, braking ${m.rmseKw[1].toFixed(2)} kW; lap energy ${laps}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { epochs: { type: 'string' }, out: { type: 'string' } } });
  const epochs = values.epochs === undefined ? 60 : Number(values.epochs);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`--epochs must be a positive whole number, not '${values.epochs}'`);
  const out = values.out ?? DEFAULT_OUT;

  const backend = await pickTfBackend('cpu');
  process.stdout.write(`tfjs backend: ${backend.backend}\n`);
  const demo = generateDemo({ seed: DEFAULT_DEMO_SEED });
  const datasets = [];
  for (const session of demo.sessions) {
    const analysis = analyzeSession(session);
    if (!analysis.model) throw new Error(`demo session ${session.meta.vehicleId}: no track map`);
    const energy = await sessionEnergy(cpuKernels(), session, analysis, DEMO_CAR_ENERGY);
    datasets.push({ meta: session.meta, data: sessionPowerDataset(analysis.model, energy.laps) });
  }
  const first = datasets[0];
  const { train, heldOut } = splitLaps(first.data.laps);
  const source = `demo session (seed ${DEFAULT_DEMO_SEED}), car ${first.meta.vehicleId} (${first.meta.driver}), ${first.meta.track}; demo vehicle preset`;
  process.stdout.write(`training on laps ${train.map((l) => l.lap).join(', ')}, holding out ${heldOut.map((l) => l.lap).join(', ')} (${source})\n`);
  const result = await trainPowerModel(train, heldOut, {
    ...DEFAULT_TRAIN_OPTIONS,
    epochs,
    source,
    onEpoch: (e, n, loss) => {
      if (e % 10 === 0 || e === n) process.stdout.write(`  epoch ${e}/${n}: loss ${loss.toFixed(5)}\n`);
    },
  });
  const text = `${JSON.stringify(result.saved)}\n`;
  if (text.length > MAX_BYTES) throw new Error(`the model file would be ${text.length} bytes (limit ${MAX_BYTES})`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);

  // the file as written decodes to the same network
  const again = decodeSavedModel(JSON.parse(text));
  const check = powerMetrics(heldOut, (lap) => predictKw(again, lap.x));
  if (Math.abs(check.maeKw[0] - result.report.heldOut.maeKw[0]) > 1e-9) throw new Error('the saved model does not reproduce the trained one');

  process.stdout.write(`trained in ${(result.report.trainMs / 1000).toFixed(1)} s on ${result.report.samples} metres; wrote ${relative(REPO_ROOT, out)} (${text.length} bytes)\n`);
  process.stdout.write(`${line('held-out laps', result.report.heldOut)}\n${line('baseline (training mean)', result.report.baseline)}\n`);
  for (const d of datasets.slice(1)) {
    process.stdout.write(`${line(`other driver ${d.meta.driver} (${d.meta.vehicleId}), all laps`, powerMetrics(d.data.laps, (lap) => predictKw(again, lap.x)))}\n`);
    process.stdout.write(`${line('  baseline', baselineMetrics(train, d.data.laps))}\n`);
  }
}

await main();
