// etm replay: stored sessions out as live frames — one frame per logger sample time with previous
// values carried, cars aligned by their start times, paced at real time × speed — and end to end
// with the demo generator: replay → MQTT → bridge → the tablet's lap alert matches the demo's truth.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { openStore } from '../../cli/open-store.ts';
import { EmbeddedMqttBroker } from '../../edge-server/live/mqtt/embedded-broker.ts';
import { MqttSource } from '../../edge-server/live/sources/mqtt-source.ts';
import { decodePayload } from '../../edge-server/live/frames/decode-payload.ts';
import type { LiveFrame } from '../../edge-server/live/frames/live-frame.ts';
import { generateDemo } from '../../workers/demo/generate.ts';
import type { Channel, Session } from '../../workers/model/session.ts';
import { mqttClient, startLiveServer, TestTablet } from './harness.ts';
import { waitConnected } from './mqtt-scenario.ts';

function channel(name: string, unit: string, kind: Channel['kind'], t: number[], v: number[]): Channel {
  return { name, sourceName: name, unit, kind, timeS: Float64Array.from(t), values: Float64Array.from(v) };
}

function smallSession(vehicleNumber: string, startTimeMs: number): Session {
  const tSpeed = Array.from({ length: 21 }, (_, i) => i / 10);
  return {
    meta: { event: 'Test', sessionName: 'Replay', track: 'T', vehicleId: `V${vehicleNumber}`, vehicleNumber, driver: 'D', startTimeMs, sourceFile: 'x.csv', sourceFormat: 'test' },
    channels: [
      channel('speed', 'm/s', 'continuous', tSpeed, tSpeed.map((_, i) => 10 + i)),
      channel('gear', '', 'discrete', [0.05, 0.55, 1.05, 1.55], [1, 2, 3, 4]),
      channel('lap_distance', 'm', 'continuous', [0, 0.5, 1, 1.5, 2], [0, 100, 200, 300, 400]),
    ],
  };
}

async function etm(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('etm replay', () => {
  const broker = new EmbeddedMqttBroker({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'etm-replay-'));
  const db = join(dir, 'store.duckdb');
  let ids: string[] = [];
  let demoId = '';
  let demoTruth: ReturnType<typeof generateDemo>['truth'];

  beforeAll(async () => {
    await broker.start();
    const store = await openStore(db);
    try {
      const small = await store.importSessions([smallSession('42', Date.UTC(2026, 0, 1, 10)), smallSession('7', Date.UTC(2026, 0, 1, 10) + 1000)], { fileName: 'small.csv', contentHash: 'small-1', bytes: 1 });
      ids = small.sessions.map((s) => s.id);
      const demo = generateDemo({ seed: 11, drivers: 1, laps: 1 });
      demoTruth = demo.truth;
      demoId = (await store.importSessions(demo.sessions, { fileName: 'demo.csv', contentHash: 'demo-11', bytes: 1 })).sessions[0].id;
    } finally {
      await store.driver.close();
    }
  }, 60_000);
  afterAll(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes one frame per sample time, values carried, cars aligned by start time, at real time × speed', async () => {
    const sub = await mqttClient(broker.url, 'etm-replay-test-sub');
    const got: LiveFrame[] = [];
    sub.on('message', (_t, payload) => got.push(...decodePayload(payload).frames));
    await sub.subscribeAsync('etm/+/telemetry', { qos: 1 });
    try {
      const r = await etm('replay', ...ids, '--mqtt', broker.url, '--speed', '10', '--db', db, '--session', 'replay-test', '--json');
      expect(r.stderr).toContain('replaying 50 frames of 2 car(s) (42, 7)');
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout);
      expect(summary).toMatchObject({ sessionId: 'replay-test', cars: ['42', '7'], frames: 50, spanS: 3, speed: 10 });
      // 3 s of frame time at 10× speed
      expect(summary.wallS).toBeGreaterThanOrEqual(0.28);
      await vi.waitFor(() => expect(got).toHaveLength(50), { timeout: 5000 });
      const car42 = got.filter((f) => f.carId === '42').sort((a, b) => a.tsMs - b.tsMs);
      const car7 = got.filter((f) => f.carId === '7').sort((a, b) => a.tsMs - b.tsMs);
      expect(car42).toHaveLength(25);
      // 21 speed times ∪ 4 gear times (lap distance's times are among the speed's)
      const t0 = car42[0].tsMs;
      expect(car42[0].values).toEqual({ speed: 10, lap_distance: 0 });
      expect(car42[1].tsMs - t0).toBeCloseTo(50, 6);
      expect(car42[1].values).toEqual({ speed: 10, gear: 1, lap_distance: 0 });
      expect(car42[2].values).toEqual({ speed: 11, gear: 1, lap_distance: 0 });
      expect(car42.at(-1)!.values).toEqual({ speed: 30, gear: 4, lap_distance: 400 });
      expect(car42.at(-1)!.tsMs - t0).toBeCloseTo(2000, 6);
      expect(car7[0].tsMs - t0).toBeCloseTo(1000, 6);
      expect(got.every((f) => f.sessionId === 'replay-test')).toBe(true);
    } finally {
      await sub.endAsync();
    }
  });

  it('refuses bad arguments and unknown sessions', async () => {
    expect((await etm('replay', ids[0], '--db', db)).stderr).toContain('exactly one of --mqtt');
    expect((await etm('replay', ids[0], '--mqtt', broker.url, '--speed', '0', '--db', db)).code).toBe(2);
    const missing = await etm('replay', 's_deadbeef', '--mqtt', broker.url, '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no session 's_deadbeef'");
  });

  it('drives the live view with the demo session: lap alert on the tablet equals the demo truth', async () => {
    const source = new MqttSource({ url: broker.url, clientId: 'etm-edge-replay-demo' });
    const live = await startLiveServer({ sources: [source] });
    try {
      await waitConnected(source);
      const tablet = await TestTablet.connect(live.wsUrl, undefined, 'maxHz=5');
      const r = await etm('replay', demoId, '--mqtt', broker.url, '--speed', '100', '--db', db, '--format', 'binary', '--json');
      expect(r.code).toBe(0);
      const alerts = () => tablet.messages.filter((m) => m.type === 'alert').map((m) => m.alert as { kind: string; lap: number; lapTimeS: number; carId: string });
      await tablet.until(() => alerts().some((a) => a.kind === 'lap-completed' && a.lap === demoTruth.drivers[0].laps[0].lap), 10_000, 'the flying lap');
      const lap = alerts().find((a) => a.kind === 'lap-completed' && a.lap === demoTruth.drivers[0].laps[0].lap)!;
      expect(lap.carId).toBe(demoTruth.drivers[0].vehicleNumber);
      // float32 values in the binary frame, one-sided timing at the beacon: within 20 ms of the truth
      expect(Math.abs(lap.lapTimeS - demoTruth.drivers[0].laps[0].lapTimeS)).toBeLessThan(0.02);
      // the 5 Hz subscription thinned ~33 frames/s per car of frame time
      const frames = [...tablet.frames.values()];
      const spanS = (frames.at(-1)!.ts - frames[0].ts) / 1000;
      expect(frames.length / spanS).toBeLessThan(5.5);
      expect(Object.keys(frames.at(-1)!.values)).toEqual(expect.arrayContaining(['speed', 'throttle', 'lat', 'lon', 'lap_distance']));
      tablet.close();
    } finally {
      await live.close();
    }
  }, 60_000);
});
