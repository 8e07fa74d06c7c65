// Benchmark child: `cars` MQTT connections (one per car), each publishing a frame every 1/rate s at
// QoS 1 to etm/<car>/telemetry, from 'go' for the given seconds. Reports the frames sent via IPC.

import mqtt, { type MqttClient } from 'mqtt';
import { benchFrame, wallMs } from './frames.ts';

const [url, carsArg, rateArg] = process.argv.slice(2);
const cars = Number(carsArg);
const rateHz = Number(rateArg);

const clients: MqttClient[] = [];
for (let c = 0; c < cars; c++) {
  const client = mqtt.connect(url, { clientId: `etm-bench-car-${c}-${process.pid}`, clean: true, reconnectPeriod: 500 });
  clients.push(client);
}
await Promise.all(clients.map((c) => (c.connected ? undefined : new Promise<void>((r) => c.once('connect', () => r())))));
process.send!({ type: 'ready' });

process.on('message', async (msg: { type: string; seconds: number }) => {
  if (msg.type !== 'go') return;
  const periodMs = 1000 / rateHz;
  const start = performance.now();
  const ticks = Math.round(msg.seconds * rateHz);
  let sent = 0;
  let maxBehindMs = 0;
  const acks: Array<Promise<unknown>> = [];
  for (let k = 0; k < ticks; k++) {
    const due = start + k * periodMs;
    const wait = due - performance.now();
    if (wait > 0.5) await new Promise((r) => setTimeout(r, wait));
    maxBehindMs = Math.max(maxBehindMs, performance.now() - due);
    for (let c = 0; c < cars; c++) {
      acks.push(clients[c].publishAsync(`etm/car-${c}/telemetry`, benchFrame(c, k, wallMs()), { qos: 1 }));
      sent++;
    }
    if (acks.length > 20_000) await Promise.all(acks.splice(0));
  }
  await Promise.all(acks);
  const wallS = (performance.now() - start) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));
  process.send!({ type: 'done', sent, ticks, maxBehindMs, wallS }, () => process.exit(0));
});
