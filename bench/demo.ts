// Demo generator benchmark: the session the app ships (4 cars × 6 flying laps, every logger channel and the
// ground truth) generated cold (the first call also compiles and builds the track) and warm (best of
// --runs). Target: warm under 2 s on one core, cold under 4 s.
// Run: npm run bench:demo -- [--runs 3] [--seed 2026]. Progress goes to stderr.

import { DEFAULT_DEMO_SEED, generateDemo } from '../workers/demo/generate.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const RUNS = Math.max(1, arg('runs', 3));
const SEED = arg('seed', DEFAULT_DEMO_SEED);
const WARM_TARGET_S = 2;
const COLD_TARGET_S = 4;

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(36)} ${value}\n`);
const time = () => {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const demo = generateDemo({ seed: SEED });
  const cpu = process.cpuUsage(cpu0);
  return { s: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, demo };
};

const cold = time();
process.stderr.write(`cold: ${cold.s.toFixed(2)} s\n`);
let warm = { s: Infinity, cpuS: Infinity };
for (let r = 0; r < RUNS; r++) {
  const t = time();
  process.stderr.write(`warm run ${r + 1}/${RUNS}: ${t.s.toFixed(2)} s\n`);
  if (t.s < warm.s) warm = t;
}
let samples = 0;
for (const s of cold.demo.sessions) for (const c of s.channels) samples += c.values.length;
const laps = cold.demo.truth.drivers.reduce((n, d) => n + d.laps.length, 0);
process.stdout.write(`\ndemo bench: seed ${SEED}, ${cold.demo.sessions.length} cars, ${laps} flying laps, ${samples.toLocaleString('en')} channel samples\n`);
line('cold (compiles, builds the track)', `${cold.s.toFixed(2)} s wall, ${cold.cpuS.toFixed(2)} s CPU`);
line(`warm (best of ${RUNS})`, `${warm.s.toFixed(2)} s wall, ${warm.cpuS.toFixed(2)} s CPU, ${(samples / warm.s / 1e6).toFixed(2)} M samples/s`);
line(`target: warm under ${WARM_TARGET_S} s, cold under ${COLD_TARGET_S} s`, warm.s < WARM_TARGET_S && cold.s < COLD_TARGET_S ? 'holds' : 'does NOT hold');
