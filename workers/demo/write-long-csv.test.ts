import { beforeAll, describe, expect, it } from 'vitest';
import { channelByName } from '../model/session.ts';
import { longCsvImporter } from '../ingest/csv/long-format.ts';
import { computeLapTimes } from '../laps/lap-timing.ts';
import { generateDemo, type DemoResult } from './generate.ts';
import { LONG_CSV_HEADER, longCsvChunks, longCsvFactor, truthToJson } from './write-long-csv.ts';

let demo: DemoResult;
let chunks: string[];

beforeAll(() => {
  demo = generateDemo({ seed: 11 });
  chunks = [...longCsvChunks(demo.sessions)];
});

describe('long-format CSV writer', () => {
  it('writes the GR Cup header and one row per reading, in time order per car, in chunks', () => {
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(256 * 1024 + 400);
    const text = chunks.join('');
    const lines = text.split('\n');
    expect(lines[0]).toBe(LONG_CSV_HEADER);
    expect(lines[lines.length - 1]).toBe('');
    const rows = lines.slice(1, -1);
    const expected = demo.sessions.reduce((n, s) => n + s.channels.filter((c) => c.name !== 'lap').reduce((m, c) => m + c.values.length, 0), 0);
    expect(rows.length).toBe(expected);
    let last = '';
    let lastVehicle = '';
    for (let i = 0; i < rows.length; i += 97) {
      const f = rows[i].split(',');
      expect(f.length).toBe(15);
      const session = demo.sessions.find((x) => x.meta.vehicleId === f[11])!;
      expect(f[13]).toBe(session.meta.driver);
      expect(f[14]).toBe(session.meta.track);
      expect(f[0]).toBe('');
      expect(f[2]).toBe('EngiTorqueMap Demo');
      expect(f[3]).toBe('Practice 1');
      expect(f[5]).toBe(f[10]);
      expect(f[10]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(f[6]).toBe(f[11]);
      if (f[11] === lastVehicle) expect(f[10] >= last).toBe(true);
      last = f[10];
      lastVehicle = f[11];
    }
  });

  it('keeps canonical names and SI units, except speed in the km/h the long-format importer reads it in', () => {
    expect(longCsvFactor({ name: 'speed', unit: 'm/s' })).toBeCloseTo(3.6, 12);
    expect(longCsvFactor({ name: 'acc_long', unit: 'm/s²' })).toBe(1);
    expect(longCsvFactor({ name: 'brake_front', unit: 'bar' })).toBe(1);
    const first = chunks[0].split('\n').slice(1, 40).map((r) => r.split(','));
    const speedRow = first.find((f) => f[8] === 'speed')!;
    const v0 = channelByName(demo.sessions[0], 'speed')!.values[0];
    expect(Number(speedRow[9])).toBeCloseTo(v0 * 3.6, 3);
    const lapRow = first.find((f) => f[8] === 'lat')!;
    expect(lapRow[1]).toBe('1');
  });

  it('round-trips through the long-format importer with lap times intact to 0.01 s', async () => {
    const back = await longCsvImporter.read({ name: 'demo.csv', blob: new Blob(chunks) }, {});
    expect(back.length).toBe(demo.sessions.length);
    let worst = 0;
    back.forEach((s, i) => {
      const orig = demo.sessions[i];
      expect(s.meta.vehicleId).toBe(orig.meta.vehicleId);
      expect(s.meta.startTimeMs).toBe(orig.meta.startTimeMs);
      for (const c of orig.channels) {
        const r = channelByName(s, c.name)!;
        expect(r.unit).toBe(c.unit);
        if (c.name === 'lap') continue;
        expect(r.values.length).toBe(c.values.length);
        const k = c.values.length >> 1;
        expect(Math.abs(r.timeS[k] - c.timeS[k])).toBeLessThanOrEqual(0.0005 + 1e-9);
        expect(Math.abs(r.values[k] - c.values[k])).toBeLessThan(Math.max(1e-7, Math.abs(c.values[k]) * 1e-4) + 0.006);
      }
      const est = computeLapTimes(s, demo.truth.track.startFinish);
      for (const l of demo.truth.drivers[i].laps) {
        const e = est.find((x) => x.lap === l.lap);
        expect(e).toBeDefined();
        worst = Math.max(worst, Math.abs(e!.lapTimeS - l.lapTimeS));
      }
    });
    expect(worst).toBeLessThan(0.01);
  });

  it('serialises the truth as JSON', () => {
    const json = truthToJson(demo.truth);
    expect(JSON.parse(json)).toEqual(demo.truth);
  });
});
