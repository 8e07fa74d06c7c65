// The plain MQTT path, shared by the Mosquitto and the embedded-broker tests: four cars (three sending
// JSON, one the binary frame) published at QoS 1 → the bridge → two tablets (everything; one car's
// speed at 10 Hz) and the telemetry store, compared frame by frame, and by count + checksum.

import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { MqttSource } from '../../edge-server/live/sources/mqtt-source.ts';
import type { LiveFrame } from '../../edge-server/live/frames/live-frame.ts';
import {
  asFloat32,
  binaryPayload,
  frameKey,
  jsonPayload,
  mqttClient,
  pgliteStore,
  sentSummary,
  startLiveServer,
  storedSummary,
  testFrame,
  TestTablet,
} from './harness.ts';

export async function plainMqttPath(brokerUrl: string): Promise<void> {
  const run = randomBytes(3).toString('hex');
  const prefix = `etm-test-${run}`;
  const sessionId = `plain-${run}`;
  const { store, close: closeStore } = await pgliteStore();
  const source = new MqttSource({ url: brokerUrl, topic: `${prefix}/+/telemetry`, clientId: `etm-edge-test-${run}` });
  const live = await startLiveServer({ sources: [source], store });
  const publisher = await mqttClient(brokerUrl, `etm-pub-${run}`);
  try {
    await waitConnected(source);
    const all = await TestTablet.connect(live.wsUrl);
    const thin = await TestTablet.connect(live.wsUrl, undefined, 'cars=car-2&channels=speed&maxHz=10');
    const cars = ['car-1', 'car-2', 'car-3', 'car-4'];
    const perCar = 300;
    const sent: LiveFrame[] = [];
    const publishes: Array<Promise<unknown>> = [];
    for (let i = 0; i < perCar; i++) {
      for (const car of cars) {
        const f = testFrame(car, i, sessionId);
        const binary = car === 'car-4';
        sent.push(binary ? asFloat32(f) : f);
        publishes.push(publisher.publishAsync(`${prefix}/${car}/telemetry`, binary ? binaryPayload(f) : jsonPayload(f), { qos: 1 }));
      }
      if (publishes.length >= 200) await Promise.all(publishes.splice(0));
    }
    await Promise.all(publishes);

    await all.until(() => all.frames.size >= sent.length, 15_000, `${sent.length} frames on the tablet`);
    expect(all.frames.size).toBe(sent.length);
    expect(all.duplicates).toBe(0);
    for (const f of sent) {
      const got = all.frames.get(frameKey(f.carId, f.tsMs));
      expect(got, `${f.carId} ${f.tsMs}`).toBeDefined();
      expect(got!.values).toEqual(f.values);
      expect(got!.session).toBe(sessionId);
    }
    // derived values ride along: distance from the speed integral, the lap counter
    const last = all.frames.get(frameKey('car-1', sent.filter((f) => f.carId === 'car-1').at(-1)!.tsMs))!;
    expect(last.derived!.distanceM).toBeGreaterThan(0.9 * 33.3 * (perCar - 1) / 100);
    expect(last.derived!.lap).toBe(1);

    // the thin tablet: car-2 only, speed only, about 10 frames per second of frame time
    await thin.until(() => [...thin.frames.values()].some((f) => f.ts === sent.filter((s) => s.carId === 'car-2').at(-1)!.tsMs) || thin.frames.size >= 30, 5000, 'the thin subscription');
    const thinFrames = [...thin.frames.values()];
    expect(new Set(thinFrames.map((f) => f.car))).toEqual(new Set(['car-2']));
    expect(thinFrames.every((f) => Object.keys(f.values).join() === 'speed')).toBe(true);
    expect(thinFrames.length).toBeGreaterThanOrEqual(28);
    expect(thinFrames.length).toBeLessThanOrEqual(31);

    // stored exactly once: count and checksum per car
    await live.bridge.writer!.drain();
    expect(await storedSummary(store, sessionId)).toEqual(sentSummary(sent));
    all.close();
    thin.close();
  } finally {
    await publisher.endAsync();
    await live.close();
    await closeStore();
  }
}

export async function waitConnected(source: { status(): { state: string } }, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (source.status().state !== 'connected') {
    if (Date.now() > deadline) throw new Error(`source not connected: ${JSON.stringify(source.status())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
