// Fault test: the MQTT broker (the embedded aedes, with its session store kept as a broker with
// persistence keeps it) goes down mid-stream and comes back. The bridge reconnects by itself; every
// frame published reaches the tablet once and the store once (QoS 1 redeliveries are absorbed).

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EmbeddedMqttBroker } from '../../edge-server/live/mqtt/embedded-broker.ts';
import { MqttSource } from '../../edge-server/live/sources/mqtt-source.ts';
import type { SourceStatus } from '../../edge-server/live/sources/telemetry-source.ts';
import type { LiveFrame } from '../../edge-server/live/frames/live-frame.ts';
import { jsonPayload, mqttClient, pgliteStore, sentSummary, startLiveServer, storedSummary, testFrame, TestTablet } from './harness.ts';
import { waitConnected } from './mqtt-scenario.ts';

describe('MQTT broker restarted mid-stream', () => {
  it('reconnects by itself and loses nothing', async () => {
    const run = randomBytes(3).toString('hex');
    const sessionId = `mqtt-restart-${run}`;
    const broker = new EmbeddedMqttBroker({ port: 0 });
    await broker.start();
    const { store, close: closeStore } = await pgliteStore();
    const source = new MqttSource({ url: broker.url, clientId: `etm-edge-restart-${run}`, backoff: { initialMs: 100, maxMs: 1000 } });
    const states: SourceStatus['state'][] = [];
    source.onStatus((s) => states.push(s.state));
    const live = await startLiveServer({ sources: [source], store });
    const publisher = await mqttClient(broker.url, `etm-pub-restart-${run}`);
    try {
      await waitConnected(source);
      const tablet = await TestTablet.connect(live.wsUrl);
      const cars = ['10', '11', '12'];
      const sent: LiveFrame[] = [];
      const acks: Array<Promise<unknown>> = [];
      let i = 0;
      const publishFor = async (ms: number) => {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          for (const car of cars) {
            const f = testFrame(car, i, sessionId);
            sent.push(f);
            // QoS 1: mqtt.js keeps unacknowledged and offline publishes and sends them after reconnecting
            acks.push(publisher.publishAsync(`etm/${car}/telemetry`, jsonPayload(f), { qos: 1 }));
          }
          i++;
          await new Promise((r) => setTimeout(r, 2));
        }
      };
      await publishFor(1000);
      const beforeOutage = sent.length;
      await broker.stop();
      await publishFor(1500);
      await broker.start();
      await publishFor(1000);
      await Promise.all(acks);
      expect(sent.length - beforeOutage).toBeGreaterThan(300);

      await tablet.until(() => tablet.frames.size >= sent.length, 20_000, `${sent.length} frames on the tablet`);
      expect(tablet.frames.size).toBe(sent.length);
      expect(tablet.duplicates).toBe(0);
      await live.bridge.writer!.drain();
      expect(await storedSummary(store, sessionId)).toEqual(sentSummary(sent));

      expect(states).toContain('reconnecting');
      expect(states.at(-1)).toBe('connected');
      expect(live.registry.render()).toMatch(/etm_live_source_reconnects_total\{source="mqtt"\} [1-9]/);
      expect(tablet.messages.some((m) => m.type === 'status' && JSON.stringify(m).includes('reconnecting'))).toBe(true);
      tablet.close();
    } finally {
      await publisher.endAsync(true);
      await live.close();
      await closeStore();
      await broker.stop();
    }
  });
});
