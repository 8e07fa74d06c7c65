import { existsSync, openAsBlob } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { channelRateHz, lapsSeen, type Session } from '../../model/session.ts';
import { IngestError } from '../errors.ts';
import { inputFromBytes } from '../input.ts';
import { parquetImporter, readParquet } from './parquet.ts';
import { splitNameUnit } from './wide.ts';
import { ingestError } from '../test-errors.ts';

const G = 9.80665;

function parquet(columnData: ColumnSource[], rowGroupSize = 4): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize }));
}

async function read(bytes: Uint8Array, name = 'x.parquet'): Promise<Session[]> {
  return readParquet(inputFromBytes(name, bytes));
}

const wide = (): ColumnSource[] => [
  { name: 'time_s', data: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], type: 'DOUBLE' },
  { name: 'speed [km/h]', data: [36, null, 72, null, 108, null, 144, null, 180, null], type: 'DOUBLE', nullable: true },
  { name: 'rpm', data: [1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900], type: 'INT32' },
  { name: 'gear', data: [1n, 1n, 2n, 2n, 2n, 3n, 3n, 3n, 3n, 4n], type: 'INT64' },
  { name: 'note', data: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], type: 'STRING' },
  { name: '__index_level_0__', data: [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n], type: 'INT64' },
];

describe('Parquet, wide layout', () => {
  it('reads time_s and channel columns across row groups, skipping nulls, with units from the names', async () => {
    const [s] = await read(parquet(wide()));
    const speed = s.channels.find((c) => c.name === 'speed')!;
    expect(speed.unit).toBe('m/s');
    expect(Array.from(speed.timeS)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(speed.values[1]).toBeCloseTo(20, 9);
    const rpm = s.channels.find((c) => c.name === 'rpm')!;
    expect(rpm.values.length).toBe(10);
    expect(channelRateHz(rpm.timeS)).toBeCloseTo(10, 6);
    expect(Array.from(s.channels.find((c) => c.name === 'gear')!.values)).toEqual([1, 1, 2, 2, 2, 3, 3, 3, 3, 4]);
    expect(s.channels.map((c) => c.name).sort()).toEqual(['gear', 'rpm', 'speed']);
    expect(s.warnings?.join(' ')).toContain('note');
    expect(s.meta).toMatchObject({ sourceFile: 'x.parquet', sourceFormat: 'parquet', startTimeMs: null });
  });

  it('splits rows by vehicle_id and takes a timestamp column as the wall clock', async () => {
    const t0 = Date.UTC(2025, 9, 18, 12, 0, 0);
    const [a, b] = await read(
      parquet([
        { name: 'timestamp', data: [0, 1, 2, 3, 4, 5].map((i) => new Date(t0 + i * 500)), type: 'TIMESTAMP' },
        { name: 'vehicle_id', data: ['A', 'B', 'A', 'B', 'A', 'B'], type: 'STRING' },
        { name: 'throttle [%]', data: [10, 20, 30, 40, 50, 60], type: 'DOUBLE' },
      ]),
    );
    expect(a.meta.vehicleId).toBe('A');
    expect(a.meta.startTimeMs).toBe(t0);
    expect(Array.from(a.channels[0].values)).toEqual([10, 30, 50]);
    expect(Array.from(a.channels[0].timeS)).toEqual([0, 1, 2]);
    expect(b.meta.vehicleId).toBe('B');
    expect(b.meta.startTimeMs).toBe(t0 + 500);
  });

  it('multiplies a lat/lon pair divided by 60 back, and says so', async () => {
    const [s] = await read(
      parquet([
        { name: 'time_s', data: [0, 1, 2], type: 'DOUBLE' },
        { name: 'latitude', data: [39.79 / 60, 0, 39.8 / 60], type: 'DOUBLE' },
        { name: 'longitude', data: [-86.23 / 60, 0, -86.24 / 60], type: 'DOUBLE' },
      ]),
    );
    expect(s.channels.find((c) => c.name === 'lat')!.values[0]).toBeCloseTo(39.79, 9);
    expect(s.channels.find((c) => c.name === 'lon')!.values[2]).toBeCloseTo(-86.24, 9);
    expect(s.warnings?.join(' ')).toMatch(/divided by 60/);
  });

  it('leaves plausible positions alone', async () => {
    const [s] = await read(
      parquet([
        { name: 'time_s', data: [0, 1], type: 'DOUBLE' },
        { name: 'lat [deg]', data: [51.5, 51.6], type: 'DOUBLE' },
        { name: 'lon [deg]', data: [-0.12, -0.13], type: 'DOUBLE' },
      ]),
    );
    expect(s.channels.find((c) => c.name === 'lat')!.values[0]).toBe(51.5);
    expect(s.warnings ?? []).toEqual([]);
  });

  it('splits "name [unit]"', () => {
    expect(splitNameUnit('acc_lat [m/s²]')).toEqual({ name: 'acc_lat', unit: 'm/s²' });
    expect(splitNameUnit('gear')).toEqual({ name: 'gear', unit: '' });
  });
});

describe('Parquet, long layout', () => {
  it('feeds the long-format accumulator: one session per vehicle, laps, GR Cup units, wall-clock start', async () => {
    const ecu = Date.UTC(2025, 9, 15, 21, 0, 0);
    const wall = '2025-10-18T12:44:00.000Z';
    const rows = [
      ['GR86-1', 'speed', 36, 0, 1],
      ['GR86-1', 'acc_x', 0.5, 0, 1],
      ['GR86-1', 'speed', 72, 1000, 1],
      ['GR86-1', 'acc_x', -1, 1000, 2],
      ['GR86-2', 'speed', 18, 500, 3],
      ['GR86-2', 'lap_distance', 100, 500, 3],
    ] as const;
    const [a, b] = await read(
      parquet(
        [
          { name: 'vehicle_id', data: rows.map((r) => r[0]), type: 'STRING' },
          { name: 'telemetry_name', data: rows.map((r) => r[1]), type: 'STRING' },
          { name: 'telemetry_value', data: rows.map((r) => r[2]), type: 'DOUBLE' },
          { name: 'timestamp', data: rows.map((r) => new Date(ecu + r[3])), type: 'TIMESTAMP' },
          { name: 'lap', data: rows.map((r) => BigInt(r[4])), type: 'INT64' },
          { name: 'meta_time', data: rows.map(() => wall), type: 'STRING' },
          { name: 'meta_event', data: rows.map(() => 'I_R07_2025-10-19'), type: 'STRING' },
          { name: 'meta_session', data: rows.map(() => 'R1'), type: 'STRING' },
        ],
        4,
      ),
    );
    expect(a.meta).toMatchObject({ vehicleId: 'GR86-1', sessionName: 'R1', sourceFormat: 'parquet', startTimeMs: Date.parse(wall) });
    expect(Array.from(a.channels.find((c) => c.name === 'speed')!.values).map((v) => v * 3.6)).toEqual([36, 72]);
    const acc = a.channels.find((c) => c.name === 'acc_long')!;
    expect(acc.unit).toBe('m/s²');
    expect(acc.values[0]).toBeCloseTo(0.5 * G, 9);
    expect(lapsSeen(a)).toEqual([1, 2]);
    expect(b.meta.vehicleId).toBe('GR86-2');
    expect(b.channels.find((c) => c.name === 'lap_distance')!.values[0]).toBe(100);
  });
});

describe('Parquet bad input', () => {
  it('refuses a file without PAR1 at the start', async () => {
    const bytes = parquet(wide());
    bytes.set([0x50, 0x4b, 0x03, 0x04], 0);
    const e = await ingestError(read(bytes));
    expect(e.code).toBe('bad-magic');
    expect(e.where.byteOffset).toBe(0);
  });

  it('refuses a file cut short (no PAR1 footer), with the offset', async () => {
    const bytes = parquet(wide()).slice(0, 300);
    const e = await ingestError(read(bytes));
    expect(e.code).toBe('truncated');
    expect(e.where.byteOffset).toBe(296);
  });

  it('refuses a footer that claims more metadata than the file has', async () => {
    const bytes = parquet(wide());
    new DataView(bytes.buffer).setUint32(bytes.length - 8, bytes.length, true);
    expect((await ingestError(read(bytes))).code).toBe('truncated');
  });

  it('refuses NaN values, naming the channel', async () => {
    const e = await ingestError(
      read(
        parquet([
          { name: 'time_s', data: [0, 1, 2], type: 'DOUBLE' },
          { name: 'rpm', data: [1, NaN, 3], type: 'DOUBLE' },
        ]),
      ),
    );
    expect(e.code).toBe('non-finite');
    expect(e.where.channel).toBe('rpm');
  });

  it('refuses a wide file without a time column', async () => {
    const e = await ingestError(read(parquet([{ name: 'rpm', data: [1, 2], type: 'DOUBLE' }])));
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('rpm');
  });

  it('sniffs PAR1 and reports progress to the end', async () => {
    const bytes = parquet(wide(), 2);
    expect(parquetImporter.sniff(bytes.subarray(0, 64), 'x')).toBe(true);
    const seen: number[] = [];
    await readParquet(inputFromBytes('x.parquet', bytes), { onProgress: (p) => seen.push(p.bytesDone) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(bytes.length);
  });
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const realFile = path.resolve(repoRoot, '../shared/data/real/grcup/indianapolis/indianapolis_r1_cars47_7_fullrate.parquet');
const haveReal = existsSync(realFile);
if (!haveReal) console.warn(`skipping the real GR Cup Parquet test: ${realFile} is absent`);

describe.skipIf(!haveReal)('Parquet, real GR Cup Indianapolis file', () => {
  it('reads both cars with their rates, SI units, corrected GPS and laps', async () => {
    const sessions = await readParquet({ name: path.basename(realFile), blob: await openAsBlob(realFile) });
    expect(sessions.map((s) => s.meta.vehicleId).sort()).toEqual(['GR86-006-7', 'GR86-025-47']);
    const car47 = sessions.find((s) => s.meta.vehicleId === 'GR86-025-47')!;
    const ch = (n: string) => car47.channels.find((c) => c.name === n)!;
    expect(channelRateHz(ch('throttle').timeS)).toBeGreaterThan(20);
    expect(channelRateHz(ch('throttle').timeS)).toBeLessThan(26);
    expect(channelRateHz(ch('speed').timeS)).toBeGreaterThan(4);
    expect(channelRateHz(ch('speed').timeS)).toBeLessThan(5.2);
    const accLat = ch('acc_lat');
    expect(accLat.unit).toBe('m/s²');
    expect(Math.max(...accLat.values.map(Math.abs))).toBeGreaterThan(9); // > ~1 g in corners, so it was converted
    const lat = ch('lat').values.filter((v) => v !== 0);
    const lon = ch('lon').values.filter((v) => v !== 0);
    expect(lat[lat.length >> 1]).toBeCloseTo(39.79, 1);
    expect(lon[lon.length >> 1]).toBeCloseTo(-86.23, 1);
    expect(car47.warnings?.join(' ')).toMatch(/divided by 60/);
    const laps = lapsSeen(car47);
    expect(laps[0]).toBe(1);
    expect(laps[laps.length - 1]).toBe(29);
    expect(car47.meta.startTimeMs).toBeGreaterThan(Date.UTC(2025, 9, 18));
  });
});
