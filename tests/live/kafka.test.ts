// The live path over Kafka with the real broker (scripts/kafka.ts: Apache Kafka 4.1 from Maven Central,
// KRaft, loopback): records keyed by car on telemetry-stream → the bridge → tablet + store, derived
// energy vectors and lap alerts produced back to energy-vectors / strategy-alerts; then the broker is
// restarted mid-stream and nothing is lost.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { openStore } from '../../cli/open-store.ts';
import { KafkaDerivedSink } from '../../edge-server/live/kafka/kafka-derived-sink.ts';
import { ALERTS_TOPIC, ENERGY_TOPIC, ensureKafkaTopics, TELEMETRY_TOPIC } from '../../edge-server/live/kafka/kafka-topics.ts';
import { KafkaSource } from '../../edge-server/live/sources/kafka-source.ts';
import type { SourceStatus } from '../../edge-server/live/sources/telemetry-source.ts';
import type { LiveFrame } from '../../edge-server/live/frames/live-frame.ts';
import { startKafka, stopKafka } from '../../scripts/kafka.ts';
import { asFloat32, binaryPayload, jsonPayload, pgliteStore, sentSummary, startLiveServer, storedSummary, testFrame, TestTablet, waitFor, type TestStore } from './harness.ts';
import { BROKERS, collectTopics, kafkaBroker, kafkaProducer } from './kafka-broker.ts';
import { waitConnected } from './mqtt-scenario.ts';

describe('live bridge over Kafka (real broker)', () => {
  let db: TestStore;
  beforeAll(async () => {
    await kafkaBroker();
    await ensureKafkaTopics(BROKERS, [TELEMETRY_TOPIC, ENERGY_TOPIC, ALERTS_TOPIC]);
    db = await pgliteStore();
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  it('delivers every record to the tablet and the store, and produces energy vectors and lap alerts', async () => {
    const run = randomBytes(3).toString('hex');
    const sessionId = `kafka-${run}`;
    const derived = await collectTopics([ENERGY_TOPIC, ALERTS_TOPIC], `etm-test-derived-${run}`);
    const source = new KafkaSource({ brokers: BROKERS, groupId: `etm-test-${run}` });
    const kafkaOut = new KafkaDerivedSink({ brokers: BROKERS, clientId: `etm-test-out-${run}` });
    const live = await startLiveServer({ sources: [source], store: db.store, kafkaOut, energyHz: 2 });
    const producer = kafkaProducer(`etm-test-producer-${run}`);
    try {
      await waitConnected(source, 30_000);
      const tablet = await TestTablet.connect(live.wsUrl);
      // 10 Hz for 65 s of frame time: two start/finish crossings (30 s laps), so one timed lap per car
      const sent: LiveFrame[] = [];
      const messages = [];
      for (let i = 0; i <= 6500; i += 10) {
        for (const car of ['k1', 'k2']) {
          const f = testFrame(car, i, sessionId);
          const binary = car === 'k2';
          sent.push(binary ? asFloat32(f) : f);
          messages.push({ topic: TELEMETRY_TOPIC, key: car, value: binary ? binaryPayload(f) : Buffer.from(jsonPayload(f)) });
        }
      }
      for (let k = 0; k < messages.length; k += 200) await producer.send({ messages: messages.slice(k, k + 200) });

      await tablet.until(() => tablet.frames.size >= sent.length, 30_000, `${sent.length} frames on the tablet`);
      expect(tablet.frames.size).toBe(sent.length);
      await live.bridge.writer!.drain();
      expect(await storedSummary(db.store, sessionId)).toEqual(sentSummary(sent));

      const ofRun = () => derived.records.filter((r) => r.value.includes(sessionId)).map((r) => ({ topic: r.topic, key: r.key, v: JSON.parse(r.value) }));
      await waitFor(() => ofRun().filter((r) => r.topic === ALERTS_TOPIC && r.v.kind === 'lap-completed').length >= 2, 15_000, 'lap alerts on strategy-alerts');
      const laps = ofRun().filter((r) => r.topic === ALERTS_TOPIC && r.v.kind === 'lap-completed');
      expect(laps.map((r) => r.key).sort()).toEqual(['k1', 'k2']);
      for (const l of laps) {
        expect(l.v.lap).toBe(2);
        // the lap-distance odometer wraps every 999 m at 33.3–34.05 m/s
        expect(l.v.lapTimeS).toBeGreaterThan(29);
        expect(l.v.lapTimeS).toBeLessThan(30.5);
      }
      // 2 energy vectors per second of frame time per car: 0, 0.5, … 65 s
      await waitFor(() => ofRun().filter((r) => r.topic === ENERGY_TOPIC).length >= 2 * 131, 15_000, 'energy vectors');
      const energy = ofRun().filter((r) => r.topic === ENERGY_TOPIC);
      expect(energy).toHaveLength(2 * 131);
      expect(new Set(energy.map((r) => r.key))).toEqual(new Set(['k1', 'k2']));
      expect(energy[0].v).toMatchObject({ sessionId });
      expect(energy.at(-1)!.v.kineticJ).toBeGreaterThan(500 * 1000);
      // the tablet had the lap alerts too
      expect(tablet.messages.filter((m) => m.type === 'alert' && (m.alert as { kind: string }).kind === 'lap-completed')).toHaveLength(2);
      tablet.close();
    } finally {
      await producer.close();
      await live.close();
      await derived.close();
    }
  });

  it('reconnects after the broker is restarted mid-stream and loses nothing', async () => {
    const run = randomBytes(3).toString('hex');
    const sessionId = `kafka-restart-${run}`;
    const source = new KafkaSource({ brokers: BROKERS, groupId: `etm-test-restart-${run}`, backoff: { initialMs: 200, maxMs: 1000 } });
    const states: SourceStatus['state'][] = [];
    source.onStatus((s) => states.push(s.state));
    const live = await startLiveServer({ sources: [source], store: db.store });
    const producer = kafkaProducer(`etm-test-producer-r-${run}`);
    let brokerDown = false;
    try {
      await waitConnected(source, 30_000);
      const tablet = await TestTablet.connect(live.wsUrl);
      const sent: LiveFrame[] = [];
      let i = 0;
      const produce = async (n: number) => {
        for (let k = 0; k < n; k++, i++) {
          const batch = ['r1', 'r2', 'r3'].map((car) => testFrame(car, i, sessionId));
          await producer.send({ messages: batch.map((f) => ({ topic: TELEMETRY_TOPIC, key: f.carId, value: Buffer.from(jsonPayload(f)) })) });
          sent.push(...batch);
        }
      };
      await produce(200);
      await tablet.until(() => tablet.frames.size >= sent.length, 10_000, 'frames before the restart');
      await stopKafka();
      brokerDown = true;
      // the producer's retries carry these over the outage
      const during = produce(100);
      await new Promise((r) => setTimeout(r, 1500));
      await startKafka();
      brokerDown = false;
      await during;
      await produce(200);

      await tablet.until(() => tablet.frames.size >= sent.length, 60_000, `${sent.length} frames on the tablet`);
      expect(tablet.frames.size).toBe(sent.length);
      expect(tablet.duplicates).toBe(0);
      await live.bridge.writer!.drain();
      expect(await storedSummary(db.store, sessionId)).toEqual(sentSummary(sent));
      expect(states).toContain('reconnecting');
      expect(states.at(-1)).toBe('connected');
      tablet.close();
    } finally {
      if (brokerDown) await startKafka();
      await producer.close();
      await live.close();
    }
  }, 120_000);

  it('carries a stored session replayed with etm replay --kafka', async () => {
    const run = randomBytes(3).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'etm-kreplay-'));
    const dbPath = join(dir, 'store.duckdb');
    const duck = await openStore(dbPath);
    let id: string;
    try {
      const t = Array.from({ length: 50 }, (_, i) => i / 20);
      const session = {
        meta: { event: 'E', sessionName: 'S', track: 'T', vehicleId: 'V', vehicleNumber: `kr${run}`, driver: 'D', startTimeMs: null, sourceFile: 'f', sourceFormat: 'test' },
        channels: [{ name: 'speed', sourceName: 'speed', unit: 'm/s', kind: 'continuous' as const, timeS: Float64Array.from(t), values: Float64Array.from(t, (x) => 20 + x) }],
      };
      id = (await duck.importSessions([session], { fileName: 'k.csv', contentHash: `k-${run}`, bytes: 1 })).sessions[0].id;
    } finally {
      await duck.driver.close();
    }
    const source = new KafkaSource({ brokers: BROKERS, groupId: `etm-test-replay-${run}` });
    const live = await startLiveServer({ sources: [source], store: db.store });
    try {
      await waitConnected(source, 30_000);
      const tablet = await TestTablet.connect(live.wsUrl);
      const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      let code: number;
      try {
        code = await main(['replay', id, '--kafka', BROKERS.join(','), '--speed', '20', '--db', dbPath, '--session', `kreplay-${run}`]);
      } finally {
        out.mockRestore();
        err.mockRestore();
      }
      expect(code).toBe(0);
      const replayed = () => [...tablet.frames.values()].filter((f) => f.car === `kr${run}`);
      await tablet.until(() => replayed().length >= 50, 15_000, 'the replayed frames');
      const frames = replayed().sort((a, b) => a.ts - b.ts);
      expect(frames.map((f) => f.values.speed)).toEqual(Array.from({ length: 50 }, (_, i) => 20 + i / 20));
      expect(frames.every((f) => f.car === `kr${run}` && f.session === `kreplay-${run}`)).toBe(true);
      await live.bridge.writer!.drain();
      expect((await db.store.stats({ sessionId: `kreplay-${run}` }))[0].count).toBe(50);
      tablet.close();
    } finally {
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
