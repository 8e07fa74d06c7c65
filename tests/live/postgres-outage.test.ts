// Fault test: PostgreSQL is stopped for 10 s mid-stream and started again. The bridge keeps fanning
// out, buffers the frames it cannot write (bounded, reported by etm_live_store_buffered_frames), and
// after recovery the store holds exactly the frames sent (count + checksum). The server is a private
// cluster (tests/live/private-postgres.ts) so that the outage cannot break other test files running
// at the same time against the shared one; it is always removed at the end.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EmbeddedMqttBroker } from '../../edge-server/live/mqtt/embedded-broker.ts';
import { MqttSource } from '../../edge-server/live/sources/mqtt-source.ts';
import type { LiveFrame } from '../../edge-server/live/frames/live-frame.ts';
import { openDatabase, openTelemetryStore } from '../../edge-server/storage/open-store.ts';
import { jsonPayload, mqttClient, sentSummary, startLiveServer, storedSummary, testFrame, TestTablet, waitFor } from './harness.ts';
import { waitConnected } from './mqtt-scenario.ts';
import { postgresBinDir, startPrivatePostgres } from './private-postgres.ts';

const OUTAGE_MS = 10_000;
const haveServer = postgresBinDir() !== undefined;
if (!haveServer && process.env.CI) throw new Error('the PostgreSQL outage test needs the server binaries (/usr/lib/postgresql/*/bin)');

describe.skipIf(!haveServer)('PostgreSQL stopped for 10 s mid-stream', () => {
  it('buffers during the outage and stores every frame exactly once after it', async () => {
    const run = randomBytes(3).toString('hex');
    const sessionId = `pg-outage-${run}`;
    const pg = await startPrivatePostgres();
    const broker = new EmbeddedMqttBroker({ port: 0 });
    await broker.start();
    const db = await openDatabase({ kind: 'postgres', connectionString: pg.url, timescale: 'off', poolSize: 2 });
    const store = await openTelemetryStore(db);
    const source = new MqttSource({ url: broker.url, clientId: `etm-edge-pg-${run}` });
    const live = await startLiveServer({ sources: [source], store, writer: { batchFrames: 500, flushIntervalMs: 50 } });
    const publisher = await mqttClient(broker.url, `etm-pub-pg-${run}`);
    const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(live.registry.render())?.[1]);
    try {
      await waitConnected(source);
      const tablet = await TestTablet.connect(live.wsUrl);
      const sent: LiveFrame[] = [];
      let i = 0;
      const publishFor = async (ms: number) => {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          const batch: Array<Promise<unknown>> = [];
          for (const car of ['a', 'b']) {
            const f = testFrame(car, i, sessionId);
            sent.push(f);
            batch.push(publisher.publishAsync(`etm/${car}/telemetry`, jsonPayload(f), { qos: 1 }));
          }
          i++;
          await Promise.all(batch);
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      await publishFor(1000);
      pg.stop();
      const outageStart = Date.now();
      await publishFor(OUTAGE_MS / 2);
      // the live view goes on while the store is away, and the buffer shows in the metrics
      await tablet.until(() => tablet.frames.size >= sent.length, 5000, 'frames on the tablet during the outage');
      expect(metric('etm_live_store_up')).toBe(0);
      expect(metric('etm_live_store_buffered_frames')).toBeGreaterThan(500);
      await publishFor(OUTAGE_MS - (Date.now() - outageStart));
      pg.start();
      await publishFor(1000);

      await live.bridge.writer!.drain();
      expect(live.bridge.writer!.status()).toMatchObject({ healthy: true, bufferedFrames: 0, droppedFrames: 0 });
      expect(metric('etm_live_store_up')).toBe(1);
      expect(await storedSummary(store, sessionId)).toEqual(sentSummary(sent));
      await waitFor(() => tablet.frames.size >= sent.length, 5000, 'all frames on the tablet');
      expect(tablet.frames.size).toBe(sent.length);
      tablet.close();
    } finally {
      await publisher.endAsync(true);
      await live.close();
      await db.close().catch(() => undefined);
      await broker.stop();
      pg.destroy();
    }
  }, 60_000);
});
