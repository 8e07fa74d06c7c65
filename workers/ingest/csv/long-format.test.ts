import { existsSync, openAsBlob } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { channelByName, channelRateHz } from '../../model/session.ts';
import { IngestError } from '../errors.ts';
import { inputFromBytes } from '../input.ts';
import { isLongFormatHead, longCsvImporter, readLongCsv } from './long-format.ts';
import { chunkedInput, seededRandom, sessionsAsData } from './test-support.ts';

const G = 9.80665;
const HEADER = 'expire_at,lap,meta_event,meta_session,meta_source,meta_time,original_vehicle_id,outing,telemetry_name,telemetry_value,timestamp,vehicle_id,vehicle_number';

interface Reading { vehicle: string; number: string; name: string; value: number; timeMs: number; lap: number }

/** Two cars, mixed rates, laps, an ECU clock 2 days behind the wall clock; rows shuffled. */
function syntheticLong(seed = 1): { text: string; readings: Reading[]; wallOffsetMs: number; t0: Record<string, number> } {
  const rnd = seededRandom(seed);
  const wallOffsetMs = 2 * 86400000 + 18 * 3600000 + 12 * 60000 + 21333;
  const t0 = { 'GR86-002-000': Date.UTC(2025, 8, 5, 0, 27, 38, 589), 'GR86-010-13': Date.UTC(2025, 8, 5, 0, 27, 40, 0) };
  const plan: [string, string, [string, number, (i: number) => number][]][] = [
    ['GR86-002-000', '2', [['accx_can', 50, (i) => Math.sin(i / 10) * 0.8], ['aps', 50, (i) => (i * 7) % 100], ['speed', 200, (i) => 100 + (i % 50)]]],
    ['GR86-010-13', '13', [['accy_can', 100, (i) => Math.cos(i / 5)], ['speed', 500, (i) => 80 + i], ['nmot', 250, (i) => 5000 + i * 10]]],
  ];
  const readings: Reading[] = [];
  for (const [vehicle, number, channels] of plan) {
    for (const [name, periodMs, f] of channels) {
      for (let i = 0; i * periodMs < 10000; i++) {
        const timeMs = t0[vehicle as keyof typeof t0] + i * periodMs;
        const rel = i * periodMs;
        const lap = rel < 4000 ? 1 : rel < 4200 ? 32768 : 2;
        readings.push({ vehicle, number, name, value: Math.round(f(i) * 1000) / 1000, timeMs, lap });
      }
    }
  }
  for (let i = readings.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [readings[i], readings[j]] = [readings[j], readings[i]]; }
  const iso = (ms: number) => new Date(ms).toISOString();
  const lines = readings.map((r) => `,${r.lap},I_R06_2025-09-07 Barber,R1,kafka:gr-raw,${iso(r.timeMs + wallOffsetMs)},${r.vehicle},0,${r.name},${r.value},${iso(r.timeMs)},${r.vehicle},${r.number}`);
  return { text: `${HEADER}\n${lines.join('\n')}\n`, readings, wallOffsetMs, t0 };
}

async function expectIngestError(text: string, code: string, where: Record<string, unknown>): Promise<IngestError> {
  try {
    await readLongCsv(inputFromBytes('bad.csv', new TextEncoder().encode(text)));
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    const err = e as IngestError;
    expect(err.code).toBe(code);
    expect(err.where).toMatchObject({ file: 'bad.csv', ...where });
    return err;
  }
  throw new Error(`expected ${code}`);
}

describe('long-csv importer', () => {
  it('sniffs the long layout by its telemetry_name and telemetry_value columns', () => {
    const enc = new TextEncoder();
    expect(longCsvImporter.sniff(enc.encode(`${HEADER}\n,1,…`), 'x.csv')).toBe(true);
    expect(isLongFormatHead(enc.encode('vehicle_id;"telemetry_value";timestamp;telemetry_name\n'))).toBe(true);
    expect(isLongFormatHead(enc.encode('time,speed,telemetry_names\n'))).toBe(false);
  });

  it('builds one session per vehicle from shuffled rows, with per-channel rates and SI units', async () => {
    const { text, readings, wallOffsetMs, t0 } = syntheticLong();
    const sessions = await readLongCsv(inputFromBytes('mixed.csv', new TextEncoder().encode(text)));
    expect(sessions.map((s) => s.meta.vehicleId)).toEqual(['GR86-002-000', 'GR86-010-13']);
    const [a, b] = sessions;
    expect(a.meta).toMatchObject({ event: 'I_R06_2025-09-07 Barber', sessionName: 'R1', vehicleNumber: '2', track: 'Barber Motorsports Park', sourceFormat: 'long-csv', sourceFile: 'mixed.csv' });
    expect(a.meta.startTimeMs).toBe(t0['GR86-002-000'] + wallOffsetMs);
    expect(b.meta.startTimeMs).toBe(t0['GR86-010-13'] + wallOffsetMs);

    const acc = channelByName(a, 'acc_long')!;
    expect(acc.unit).toBe('m/s²');
    expect(acc.sourceName).toBe('accx_can');
    expect(channelRateHz(acc.timeS)).toBeCloseTo(20, 6);
    expect(channelRateHz(channelByName(a, 'speed')!.timeS)).toBeCloseTo(5, 6);
    expect(channelRateHz(channelByName(b, 'acc_lat')!.timeS)).toBeCloseTo(10, 6);
    expect(channelRateHz(channelByName(b, 'speed')!.timeS)).toBeCloseTo(2, 6);
    expect(channelRateHz(channelByName(b, 'rpm')!.timeS)).toBeCloseTo(4, 6);
    expect(channelByName(a, 'throttle')!.unit).toBe('%');

    // g → m/s², km/h → m/s, time rebased to the vehicle's first reading and sorted
    const srcAcc = readings.filter((r) => r.vehicle === 'GR86-002-000' && r.name === 'accx_can').sort((x, y) => x.timeMs - y.timeMs);
    expect(acc.values.length).toBe(srcAcc.length);
    srcAcc.forEach((r, i) => {
      expect(acc.timeS[i]).toBeCloseTo((r.timeMs - t0['GR86-002-000']) / 1000, 9);
      expect(acc.values[i]).toBeCloseTo(r.value * G, 9);
    });
    const speed = channelByName(b, 'speed')!;
    expect(speed.unit).toBe('m/s');
    expect(speed.values[3]).toBeCloseTo(83 / 3.6, 9);
    expect(speed.timeS[3]).toBeCloseTo(1.5, 9);

    // lap: sampled where it changes, the 'lost' marker ignored
    const lap = channelByName(a, 'lap')!;
    expect(lap.kind).toBe('discrete');
    expect(Array.from(lap.values)).toEqual([1, 2]);
    expect(Array.from(lap.timeS)).toEqual([0, 4.2]);
  });

  it('gives identical sessions for chunk sizes 1, 7 and 4096 bytes', async () => {
    const { text } = syntheticLong(2);
    const small = text.split('\n').slice(0, 400).join('\n');
    const ref = sessionsAsData(await readLongCsv(chunkedInput('c.csv', small, 1 << 20)));
    for (const size of [1, 7, 4096]) expect(sessionsAsData(await readLongCsv(chunkedInput('c.csv', small, size)))).toEqual(ref);
  });

  it('accepts any column order, extra columns, quotes, CRLF and a semicolon delimiter', async () => {
    const text = [
      'telemetry_value;note;timestamp;"telemetry_name";vehicle_id;meta_time',
      '1,5;a;2025-01-01T00:00:01.000Z;speed;"car;1";2025-01-03T00:00:01.000Z',
      '3;b;2025-01-01T00:00:00.000Z;speed;"car;1";2025-01-03T00:00:00.500Z',
    ].join('\r\n');
    const [s] = await readLongCsv(inputFromBytes('semi.csv', new TextEncoder().encode(text)));
    expect(s.meta.vehicleId).toBe('car;1');
    expect(s.meta.startTimeMs).toBe(Date.UTC(2025, 0, 3, 0, 0, 0, 500));
    const speed = channelByName(s, 'speed')!;
    expect(Array.from(speed.timeS)).toEqual([0, 1]);
    expect(speed.values[0]).toBeCloseTo(3 / 3.6, 12);
    expect(speed.values[1]).toBeCloseTo(1.5 / 3.6, 12);
    expect(s.channels.find((c) => c.name === 'lap')).toBeUndefined();
  });

  it('takes driver and track from the optional driver/track columns per vehicle', async () => {
    const text = [
      'telemetry_name,telemetry_value,timestamp,vehicle_id,driver,track',
      'speed,100,2025-01-01T00:00:00.000Z,A,Ann Lee,Demo Ring',
      'speed,101,2025-01-01T00:00:00.000Z,B,Bo Kim,Demo Ring',
      'speed,102,2025-01-01T00:00:01.000Z,A,Ann Lee,Demo Ring',
    ].join('\n');
    const sessions = await readLongCsv(inputFromBytes('drivers.csv', new TextEncoder().encode(text)));
    expect(sessions.map((x) => [x.meta.vehicleId, x.meta.driver, x.meta.track])).toEqual([['A', 'Ann Lee', 'Demo Ring'], ['B', 'Bo Kim', 'Demo Ring']]);
  });

  it('skips rows with a blank value and says so', async () => {
    const row = (v: string, ms: string) => `,2,E,R1,k,2025-09-06T18:40:41.926Z,V,0,aps,${v},2025-09-05T00:28:20.${ms}Z,V,0`;
    const [s] = await readLongCsv(inputFromBytes('blank.csv', new TextEncoder().encode(`${HEADER}\n${row('1', '100')}\n${row('', '200')}\n${row('3', '300')}\n`)));
    expect(Array.from(channelByName(s, 'throttle')!.values)).toEqual([1, 3]);
    expect(s.warnings).toEqual(['1 rows with a blank value were skipped']);
  });

  it('reports progress, honours the size limit and can be cancelled', async () => {
    const { text } = syntheticLong(3);
    const bytes = new TextEncoder().encode(text);
    const phases: string[] = [];
    await readLongCsv(inputFromBytes('p.csv', bytes), { onProgress: (p) => { phases.push(p.phase); expect(p.bytesTotal).toBe(bytes.length); } });
    expect(phases[0]).toBe('read');
    expect(phases[phases.length - 1]).toBe('build');
    await expect(readLongCsv(inputFromBytes('p.csv', bytes), { limits: { maxFileBytes: 1000 } })).rejects.toMatchObject({ code: 'too-large' });
    const abort = new AbortController();
    abort.abort();
    await expect(readLongCsv(inputFromBytes('p.csv', bytes), { signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses an empty file', async () => {
    await expectIngestError('', 'empty-file', {});
    await expectIngestError('\n \n', 'empty-file', {});
  });

  it('refuses a header without data', async () => {
    await expectIngestError(`${HEADER}\n`, 'no-data', {});
  });

  it('refuses a header without the needed columns', async () => {
    await expectIngestError('vehicle_id,telemetry_name,timestamp\nA,speed,2025-01-01T00:00:00Z\n', 'bad-header', { line: 1 });
  });

  it('names line and column of a ragged row', async () => {
    const row = ',2,E,R1,k,2025-09-06T18:40:41.926Z,V,0,speed,100,2025-09-05T00:28:20.593Z,V,0';
    await expectIngestError(`${HEADER}\n${row}\n${row},extra\n`, 'ragged-row', { line: 3, column: 14 });
    await expectIngestError(`${HEADER}\n${row}\n${row.split(',').slice(0, 9).join(',')}\n`, 'ragged-row', { line: 3, column: 10 });
  });

  it('names line, column and channel of text in the value column', async () => {
    const row = (v: string) => `,2,E,R1,k,2025-09-06T18:40:41.926Z,V,0,aps,${v},2025-09-05T00:28:20.593Z,V,0`;
    const err = await expectIngestError(`${HEADER}\n${row('1')}\n\n${row('full')}\n`, 'not-a-number', { line: 4, column: 10, channel: 'aps' });
    expect(err.message).toContain('bad.csv');
    expect(err.message).toContain('line 4');
  });

  it('refuses NaN and infinite literals as non-finite', async () => {
    const row = (v: string) => `,2,E,R1,k,2025-09-06T18:40:41.926Z,V,0,speed,${v},2025-09-05T00:28:20.593Z,V,0`;
    for (const lit of ['NaN', 'Inf', '-Inf', 'Infinity']) {
      await expectIngestError(`${HEADER}\n${row('1')}\n${row(lit)}\n`, 'non-finite', { line: 3, column: 10, channel: 'speed' });
    }
  });

  it('refuses a timestamp that is not a time', async () => {
    await expectIngestError(`${HEADER}\n,2,E,R1,k,2025-09-06T18:40:41.926Z,V,0,speed,1,yesterday,V,0\n`, 'not-a-number', { line: 2, column: 11, channel: 'timestamp' });
  });
});

const realDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/real');
const rawFile = path.join(realDir, 'grcup/barber/R1_barber_telemetry_data_sample_rawformat.csv');

describe.skipIf(!existsSync(rawFile))('long-csv on the real GR Cup Barber sample (skipped when ../shared/data/real is absent)', () => {
  it('reads one car with the logged rates, SI units and the wall-clock start', async () => {
    const sessions = await readLongCsv({ name: path.basename(rawFile), blob: await openAsBlob(rawFile) });
    expect(sessions.length).toBe(1);
    const [s] = sessions;
    expect(s.meta).toMatchObject({ vehicleId: 'GR86-002-000', event: 'I_R06_2025-09-07', sessionName: 'R1', vehicleNumber: '0', track: 'Barber Motorsports Park' });
    expect(s.meta.startTimeMs).toBe(Date.parse('2025-09-06T18:40:01.639Z'));
    const rate = (name: string) => channelRateHz(channelByName(s, name)!.timeS);
    for (const name of ['throttle', 'brake_front', 'brake_rear', 'acc_long', 'acc_lat', 'steering', 'lat', 'lon']) {
      expect(rate(name), name).toBeGreaterThan(23 * 0.85);
      expect(rate(name), name).toBeLessThan(23 * 1.15);
    }
    for (const name of ['speed', 'rpm', 'lap_distance']) {
      expect(rate(name), name).toBeGreaterThan(4.6 * 0.85);
      expect(rate(name), name).toBeLessThan(4.6 * 1.15);
    }
    for (const name of ['acc_long', 'acc_lat']) {
      const c = channelByName(s, name)!;
      expect(c.unit).toBe('m/s²');
      const peak = Math.max(...Array.from(c.values, Math.abs));
      expect(peak).toBeGreaterThan(0.5 * G);
      expect(peak).toBeLessThan(2.5 * G);
    }
    const speed = channelByName(s, 'speed')!;
    expect(speed.unit).toBe('m/s');
    const vmax = Math.max(...speed.values);
    expect(vmax).toBeCloseTo(136.77 / 3.6, 6);
    const lat = channelByName(s, 'lat')!;
    expect(lat.values[0]).toBeGreaterThan(33.5);
    expect(lat.values[0]).toBeLessThan(33.6);
    expect(Array.from(channelByName(s, 'lap')!.values)).toEqual([2, 3]);
    for (const c of s.channels) for (let i = 1; i < c.timeS.length; i++) expect(c.timeS[i]).toBeGreaterThan(c.timeS[i - 1]);
  });
});
