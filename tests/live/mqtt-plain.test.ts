// The live path over MQTT with real brokers: the system Mosquitto (127.0.0.1:1883) and the embedded
// aedes broker that `npm start` runs. Frames published = frames on the tablet = frames stored.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedMqttBroker } from '../../edge-server/live/mqtt/embedded-broker.ts';
import { MqttSource } from '../../edge-server/live/sources/mqtt-source.ts';
import { ENGINEER_KEY, startLiveServer, tcpReachable, TestTablet } from './harness.ts';
import { plainMqttPath, waitConnected } from './mqtt-scenario.ts';

const mosquittoUp = await tcpReachable(1883);
if (!mosquittoUp && process.env.CI) throw new Error('Mosquitto is required in CI on 127.0.0.1:1883');

describe.skipIf(!mosquittoUp)('live bridge through the system Mosquitto (127.0.0.1:1883)', () => {
  it('delivers every frame to the tablet and stores each once', async () => {
    await plainMqttPath('mqtt://127.0.0.1:1883');
  });
});

describe('live bridge through the embedded aedes broker', () => {
  const broker = new EmbeddedMqttBroker({ port: 0 });
  beforeAll(() => broker.start());
  afterAll(() => broker.stop());

  it('delivers every frame to the tablet and stores each once', async () => {
    await plainMqttPath(broker.url);
  });

  it('refuses a tablet without a valid key, and greets one with the viewer or engineer role', async () => {
    const source = new MqttSource({ url: broker.url, clientId: 'etm-edge-auth-test' });
    const live = await startLiveServer({ sources: [source] });
    try {
      await waitConnected(source);
      await expect(TestTablet.connect(live.wsUrl, null)).rejects.toThrow(/HTTP 401/);
      await expect(TestTablet.connect(live.wsUrl, 'not-a-key-but-long-enough')).rejects.toThrow(/HTTP 401/);
      await expect(TestTablet.connect(live.wsUrl, null, 'maxHz=-1')).rejects.toThrow(/HTTP 401/);
      const viewer = await TestTablet.connect(live.wsUrl);
      expect(viewer.messages[0]).toMatchObject({ type: 'hello', role: 'viewer', protocol: 1 });
      expect((viewer.messages[0].sources as Array<{ source: string; state: string }>)[0]).toMatchObject({ source: 'mqtt', state: 'connected' });
      const engineer = await TestTablet.connect(live.wsUrl, ENGINEER_KEY, 'cars=7&maxHz=5');
      expect(engineer.messages[0]).toMatchObject({ role: 'engineer', subscription: { cars: ['7'], maxHz: 5, channels: null, derived: true } });
      // a bad subscription query is refused before the upgrade
      await expect(TestTablet.connect(live.wsUrl, ENGINEER_KEY, 'maxHz=-1')).rejects.toThrow(/HTTP 400/);
      // messages: subscribe changes the view, ping answers, nonsense is an error but not a disconnect
      engineer.send({ type: 'subscribe', cars: null, channels: ['speed'], maxHz: 0 });
      engineer.send({ type: 'ping', id: 42 });
      engineer.send({ type: 'launch-missiles' });
      await engineer.until(() => engineer.messages.some((m) => m.type === 'error'), 2000, 'an error message');
      expect(engineer.messages.find((m) => m.type === 'subscribed')).toMatchObject({ subscription: { cars: null, channels: ['speed'], maxHz: 0 } });
      expect(engineer.messages.find((m) => m.type === 'pong')).toMatchObject({ id: 42 });
      expect(engineer.closeCode).toBeUndefined();
      const status = await (await fetch(`http://127.0.0.1:${live.server.port}/api/live/status`)).json();
      expect(status).toMatchObject({ clients: 2, sources: [{ source: 'mqtt', state: 'connected' }] });
      viewer.close();
      engineer.close();
    } finally {
      await live.close();
    }
  });
});
