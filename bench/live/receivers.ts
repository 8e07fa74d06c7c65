// Benchmark child: `count` receivers of one kind — MQTT subscribers straight on the broker (baseline) or
// WebSocket tablets on /api/live. The first `probes` of them parse every frame and record its latency
// (receive time − the publisher's timestamp) and which (car, seq) arrived; the others count frames
// without parsing, as a cheap tablet would, so that the receiving side does not distort the figures.

import mqtt, { type MqttClient } from 'mqtt';
import { WebSocket } from 'ws';
import { wallMs } from './frames.ts';

const [kind, url, countArg, probesArg, carsArg, maxSeqArg] = process.argv.slice(2);
const count = Number(countArg);
const probes = Number(probesArg);
const cars = Number(carsArg);
const maxSeq = Number(maxSeqArg);

let windowStartMs = Infinity;
const traceStart = wallMs();
const trace: number[] = [];

class Probe {
  readonly seen = Array.from({ length: cars }, () => new Uint8Array(maxSeq + 1));
  latencies: number[] = [];
  duplicates = 0;
  frames = 0;
  frame(car: string, seq: number, ts: number, now: number): void {
    const row = this.seen[Number(car.slice(4))];
    if (row[seq]) this.duplicates++;
    row[seq] = 1;
    this.frames++;
    if (ts >= windowStartMs) this.latencies.push(now - ts);
    if (process.env.ETM_BENCH_TRACE && this === probeList[0]) {
      const b = Math.floor((ts - traceStart) / 250);
      trace[b] = Math.max(trace[b] ?? 0, now - ts);
    }
  }
  distinct(): number {
    let n = 0;
    for (const row of this.seen) for (const v of row) n += v;
    return n;
  }
}

const probeList: Probe[] = [];
const counts = new Array<number>(count).fill(0);
const closers: Array<() => Promise<unknown>> = [];
const CAR_MARK = Buffer.from('{"car":');

for (let i = 0; i < count; i++) {
  const probe = i < probes ? new Probe() : undefined;
  if (probe) probeList.push(probe);
  if (kind === 'mqtt') {
    const s: MqttClient = mqtt.connect(url, { clientId: `etm-bench-rx-${i}-${process.pid}`, clean: true });
    await new Promise<void>((res) => s.once('connect', () => res()));
    await s.subscribeAsync('etm/+/telemetry', { qos: 1 });
    s.on('message', (_t, payload) => {
      counts[i]++;
      if (!probe) return;
      const now = wallMs();
      const f = JSON.parse(payload.toString()) as { car: string; ts: number; values: { seq: number } };
      probe.frame(f.car, f.values.seq, f.ts, now);
    });
    closers.push(() => s.endAsync());
  } else {
    const ws = new WebSocket(url);
    await new Promise<void>((res, rej) => (ws.once('open', () => res()), ws.once('error', rej)));
    ws.on('message', (data: Buffer) => {
      if (!probe) {
        for (let at = data.indexOf(CAR_MARK); at >= 0; at = data.indexOf(CAR_MARK, at + 7)) counts[i]++;
        return;
      }
      const now = wallMs();
      const m = JSON.parse(data.toString()) as { type: string; frames?: Array<{ car: string; ts: number; values: { seq: number } }> };
      if (m.type !== 'frames') return;
      counts[i] += m.frames!.length;
      for (const f of m.frames!) probe.frame(f.car, f.values.seq, f.ts, now);
    });
    closers.push(async () => ws.close());
  }
}
process.send!({ type: 'ready' });

process.on('message', async (msg: { type: string; windowStartMs?: number; expected?: number }) => {
  if (msg.type === 'window') windowStartMs = msg.windowStartMs!;
  if (msg.type === 'collect') {
    const deadline = Date.now() + 15_000;
    while (counts.some((c) => c < msg.expected!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (process.env.ETM_BENCH_TRACE && probeList.length) process.stderr.write(`max latency per 250 ms: ${trace.map((x) => Math.round(x ?? 0)).join(' ')}\n`);
    await Promise.all(closers.map((c) => c()));
    const message = { type: 'collected', counts, probes: probeList.map((p) => ({ latencies: p.latencies, distinct: p.distinct(), duplicates: p.duplicates, frames: p.frames })) };
    process.send!(message, () => process.exit(0));
  }
});
