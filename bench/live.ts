// Live bridge benchmark: 40 cars at 100 Hz published to MQTT (QoS 1), 20 WebSocket tablets on the edge
// server's /api/live, ~10 s. Baseline: the same load with the 20 receivers subscribed straight to the
// broker. Prints delivered frames/s, end-to-end latency p50/p99 for both, the latency the server adds,
// its CPU and memory, frames lost, and whether the targets hold (p99 added < 20 ms, nothing lost).
// Run: node --import tsx bench/live.ts [--cars 40] [--rate 100] [--clients 20] [--seconds 10]
//        [--probes 4] [--broker mosquitto|aedes] [--store postgres|pglite|none]

import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSession } from '../edge-server/live/live-bridge.ts';
import { EmbeddedMqttBroker } from '../edge-server/live/mqtt/embedded-broker.ts';
import { percentile, wallMs } from './live/frames.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const CARS = Number(arg('cars', '40'));
const RATE = Number(arg('rate', '100'));
const CLIENTS = Number(arg('clients', '20'));
const SECONDS = Number(arg('seconds', '10'));
const PROBES = Math.min(Number(arg('probes', '4')), CLIENTS);
const WARMUP_S = 2;
const PG_URL = process.env.ETM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (m: string) => process.stderr.write(`${m}\n`);

function freePort(): Promise<number> {
  return new Promise((res) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

function reachable(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), res(true)));
    s.on('error', () => res(false));
  });
}

// The broker: a private Mosquitto (the system's binary, our own config and port) by default, so that its
// queue limits suit 4000 QoS 1 messages/s; 'system' uses the one on 1883 as configured; 'aedes' embeds it.
const brokerKind = arg('broker', existsSync('/usr/sbin/mosquitto') ? 'mosquitto' : 'aedes');
let embedded: EmbeddedMqttBroker | undefined;
let privateBroker: ChildProcess | undefined;
let brokerDir: string | undefined;
let brokerUrl = 'mqtt://127.0.0.1:1883';
if (brokerKind === 'aedes') {
  embedded = new EmbeddedMqttBroker({ port: 0 });
  await embedded.start();
  brokerUrl = embedded.url;
} else if (brokerKind === 'mosquitto') {
  const port = await freePort();
  const dir = (brokerDir = mkdtempSync(join(tmpdir(), 'etm-bench-mqtt-')));
  const conf = join(dir, 'mosquitto.conf');
  // no inflight cap and a deep queue: the broker must not drop QoS 1 messages for a subscriber that
  // is busy for a moment (the defaults, 20 in flight and 1000 queued, do at this rate)
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 0\nmax_queued_messages 1000000\n`);
  privateBroker = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
  brokerUrl = `mqtt://127.0.0.1:${port}`;
  while (!(await reachable(port))) await new Promise((r) => setTimeout(r, 50));
}
const storeKind = arg('store', (await reachable(5432)) ? 'postgres' : 'pglite');

function child(script: string, args: string[]): ChildProcess {
  return fork(fileURLToPath(new URL(script, import.meta.url)), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
function next<T>(p: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`${type}: child exited with ${code}`));
    const on = (m: { type: string }) => {
      if (m.type === type) {
        p.off('message', on);
        p.off('exit', exited);
        resolve(m as T);
      }
    };
    p.on('message', on);
    p.once('exit', exited);
  });
}

interface PhaseResult {
  name: string;
  clients: number;
  delivered: number;
  framesPerS: number;
  p50: number;
  p99: number;
  max: number;
  lost: number;
  duplicates: number;
  sent: number;
  publisherMaxBehindMs: number;
}

interface Collected {
  counts: number[];
  probes: Array<{ latencies: number[]; distinct: number; duplicates: number; frames: number }>;
}

/**
 * One phase: `clients` receivers (in up to two processes of their own) on `url`, then the publisher for
 * warm-up + SECONDS. onGo runs as publishing starts, onPublished when the publisher is done.
 */
async function phase(name: string, kind: 'mqtt' | 'ws', url: string, clients: number, probes: number, onGo = () => {}, onPublished = () => {}): Promise<PhaseResult> {
  const maxSeq = Math.ceil((SECONDS + WARMUP_S) * RATE);
  const halves = [Math.ceil(clients / 2), Math.floor(clients / 2)].filter((n) => n > 0);
  const rx = halves.map((n, k) => child('./live/receivers.ts', [kind, url, String(n), String(k === 0 ? Math.min(probes, n) : 0), String(CARS), String(maxSeq)]));
  await Promise.all(rx.map((r) => next(r, 'ready')));
  const pub = child('./live/publisher.ts', [brokerUrl, String(CARS), String(RATE)]);
  await next(pub, 'ready');
  const windowStartMs = wallMs() + WARMUP_S * 1000;
  for (const r of rx) r.send({ type: 'window', windowStartMs });
  onGo();
  pub.send({ type: 'go', seconds: SECONDS + WARMUP_S });
  const published = await next<{ sent: number; maxBehindMs: number }>(pub, 'done');
  onPublished();
  const collectedP = rx.map((r) => next<Collected>(r, 'collected'));
  for (const r of rx) r.send({ type: 'collect', expected: published.sent });
  const collected = await Promise.all(collectedP);
  const counts = collected.flatMap((c) => c.counts);
  const probeStats = collected.flatMap((c) => c.probes);
  const all = Float64Array.from(probeStats.flatMap((p) => p.latencies)).sort();
  const unprobed = counts.slice(probeStats.length);
  const delivered = counts.reduce((a, b) => a + b, 0);
  return {
    name,
    clients,
    delivered,
    // frames delivered per second in the measured window, all receivers together
    framesPerS: (delivered * (all.length / Math.max(1, probeStats.reduce((n, p) => n + p.frames, 0)))) / SECONDS,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    max: all[all.length - 1],
    lost: probeStats.reduce((n, p) => n + published.sent - p.distinct, 0) + unprobed.reduce((n, c) => n + Math.max(0, published.sent - c), 0),
    duplicates: probeStats.reduce((n, p) => n + p.duplicates, 0) + unprobed.reduce((n, c) => n + Math.max(0, c - published.sent), 0),
    sent: published.sent,
    publisherMaxBehindMs: published.maxBehindMs,
  };
}

log(`broker: ${brokerKind} (${brokerUrl}); ${CARS} cars × ${RATE} Hz, ${CLIENTS} receivers (${PROBES} timing every frame), ${SECONDS} s (+${WARMUP_S} s warm-up); store: ${storeKind}`);
// ---------------------------------------------------------------- baselines: straight from the broker
log('baseline 1: one subscriber on the broker…');
const hop = await phase('broker → 1 subscriber', 'mqtt', brokerUrl, 1, 1);
log(`baseline 2: ${CLIENTS} subscribers on the broker…`);
const fanout = await phase(`broker → ${CLIENTS} subscribers`, 'mqtt', brokerUrl, CLIENTS, PROBES);

// ---------------------------------------------------------------- through the edge server
log(`edge server: ${CLIENTS} tablets on /api/live…`);
const server = child('./live/server.ts', [brokerUrl, storeKind, PG_URL]);
const ready = await next<{ wsUrl: string; backend: string }>(server, 'ready');
type Stats = { cpu: NodeJS.CpuUsage; atMs: number; peakRss: number; peakHeap: number; stored: number; storeDrainMs: number };
const markP = next<{ cpu: NodeJS.CpuUsage; atMs: number }>(server, 'mark');
const statsP = next<Stats>(server, 'stats');
const edge = await phase(
  `broker → edge server → ${CLIENTS} WebSocket`,
  'ws',
  ready.wsUrl,
  CLIENTS,
  PROBES,
  () => server.send({ type: 'mark' }),
  () => server.send({ type: 'stats', sessionId: defaultSession(Date.now()) }),
);
const mark = await markP;
const stats = await statsP;
server.send({ type: 'exit' });
await new Promise((r) => server.once('exit', r));
await embedded?.stop();
if (privateBroker) {
  privateBroker.kill();
  await new Promise((r) => privateBroker!.once('exit', r));
}
if (brokerDir) rmSync(brokerDir, { recursive: true, force: true });

// ---------------------------------------------------------------- report
const cpuS = (stats.cpu.user - mark.cpu.user + stats.cpu.system - mark.cpu.system) / 1e6;
const wallS = (stats.atMs - mark.atMs) / 1000;
const fmt = (x: number) => x.toFixed(2);
const row = (r: PhaseResult) =>
  `  ${r.name.padEnd(40)} ${Math.round(r.framesPerS).toString().padStart(7)} frames/s  p50 ${fmt(r.p50).padStart(7)} ms  p99 ${fmt(r.p99).padStart(7)} ms  max ${fmt(r.max).padStart(8)} ms  lost ${r.lost}  dup ${r.duplicates}`;
const addedP50 = edge.p50 - hop.p50;
const addedP99 = edge.p99 - hop.p99;
const storedOk = storeKind === 'none' || stats.stored === edge.sent;
const latencyOk = addedP99 < 20;
const lossOk = edge.lost === 0 && storedOk;
const out = [
  `live bridge: ${CARS} cars × ${RATE} Hz = ${CARS * RATE} frames/s in, ${CLIENTS} receivers (${CARS * RATE * CLIENTS} frames/s out), ${SECONDS} s measured, broker ${brokerKind}, store ${ready.backend}`,
  row(hop),
  row(fanout),
  row(edge),
  `  added by the edge server over the broker hop: p50 ${fmt(addedP50)} ms, p99 ${fmt(addedP99)} ms`,
  `  ratios edge / broker fan-out to ${CLIENTS}: p50 ${fmt(edge.p50 / fanout.p50)}×, p99 ${fmt(edge.p99 / fanout.p99)}×, frames/s ${fmt(edge.framesPerS / fanout.framesPerS)}×`,
  `  edge server: CPU ${((100 * cpuS) / wallS).toFixed(0)} % of one core (${fmt(cpuS)} s over ${fmt(wallS)} s of publishing), peak RSS ${(stats.peakRss / 2 ** 20).toFixed(0)} MiB, peak heap ${(stats.peakHeap / 2 ** 20).toFixed(0)} MiB`,
  `  store: ${stats.stored} of ${edge.sent} frames stored (${ready.backend}), buffer drained ${fmt(stats.storeDrainMs)} ms after the last frame`,
  `  publisher fell behind its 10 ms schedule by at most ${fmt(Math.max(hop.publisherMaxBehindMs, fanout.publisherMaxBehindMs, edge.publisherMaxBehindMs))} ms`,
  `targets: p99 added latency < 20 ms: ${latencyOk ? 'HOLDS' : 'MISSED'} (${fmt(addedP99)} ms); no frame lost: ${lossOk ? 'HOLDS' : 'MISSED'} (tablets lost ${edge.lost}, stored ${stats.stored}/${edge.sent})`,
];
process.stdout.write(`${out.join('\n')}\n`);
process.exit(latencyOk && lossOk ? 0 : 1);
