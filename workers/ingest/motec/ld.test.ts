import { describe, expect, it } from 'vitest';
import { channelRateHz, type Session } from '../../model/session.ts';
import { IngestError } from '../errors.ts';
import { inputFromBytes } from '../input.ts';
import { CHAN, HEAD } from './ld-layout.ts';
import { writeLdFixture, writeLdxFixture, type LdFixture } from './ld-fixture.ts';
import { ldDateMs, readLd, sniffLd } from './ld.ts';
import { ingestError } from '../test-errors.ts';

const G = 9.80665;

function fixture(): LdFixture {
  return {
    date: '31/12/2023',
    time: '11:22:33',
    driver: 'A. Driver',
    vehicleId: 'GT4-12',
    venue: 'Sebring',
    event: 'Winter Test',
    session: 'Practice 2',
    channels: [
      // (raw / scale * 10^-dec + shift) * mul: 3600 / 2 / 10 = 180 km/h
      { name: 'Ground Speed', unit: 'km/h', freqHz: 20, dtype: 'i16', scale: 2, decPlaces: 1, raw: Array.from({ length: 40 }, (_, i) => 3600 + i * 2) },
      { name: 'Engine RPM', unit: 'rpm', freqHz: 10, dtype: 'i32', raw: Array.from({ length: 20 }, (_, i) => 70000 + i * 100) },
      { name: 'G Force Lat', unit: 'G', freqHz: 50, dtype: 'f32', raw: Array.from({ length: 100 }, (_, i) => (i % 2 ? 0.5 : -1.25)) },
      // shift and multiplier: (1300 / 10 - 40) * 2 = 180
      { name: 'Oil Temp', unit: 'C', freqHz: 1, dtype: 'i16', scale: 10, shift: -40, mul: 2, raw: [1300, 1310] },
    ],
  };
}

async function read(bytes: Uint8Array, ldx?: string): Promise<Session> {
  return readLd(inputFromBytes('run.ld', bytes), {}, ldx === undefined ? undefined : inputFromBytes('run.ldx', new TextEncoder().encode(ldx)));
}

describe('MoTeC .ld reader', () => {
  it('reads scaled int16, int32 and float32 channels at their own rates', async () => {
    const s = await read(writeLdFixture(fixture()));
    const speed = s.channels.find((c) => c.name === 'speed')!;
    expect(speed.sourceName).toBe('Ground Speed');
    expect(speed.unit).toBe('m/s');
    expect(speed.values.length).toBe(40);
    expect(speed.values[0]).toBeCloseTo(180 / 3.6, 9);
    expect(speed.values[39]).toBeCloseTo((3600 + 78) / 20 / 3.6, 9);
    expect(channelRateHz(speed.timeS)).toBeCloseTo(20, 6);
    expect(speed.timeS[1]).toBeCloseTo(0.05, 12);

    const rpm = s.channels.find((c) => c.name === 'rpm')!;
    expect(rpm.unit).toBe('rpm');
    expect(Array.from(rpm.values.slice(0, 3))).toEqual([70000, 70100, 70200]);
    expect(channelRateHz(rpm.timeS)).toBeCloseTo(10, 6);

    const lat = s.channels.find((c) => c.name === 'acc_lat')!;
    expect(lat.unit).toBe('m/s²');
    expect(lat.values[0]).toBeCloseTo(-1.25 * G, 9);
    expect(lat.values[1]).toBeCloseTo(0.5 * G, 9);
    expect(channelRateHz(lat.timeS)).toBeCloseTo(50, 6);

    const oil = s.channels.find((c) => c.sourceName === 'Oil Temp')!;
    expect(oil.name).toBe('Oil Temp');
    expect(oil.unit).toBe('C');
    expect(Array.from(oil.values)).toEqual([180, 182]);
  });

  it('reads driver, vehicle, venue, event, session and date into the metadata', async () => {
    const s = await read(writeLdFixture(fixture()));
    expect(s.meta).toMatchObject({
      driver: 'A. Driver',
      vehicleId: 'GT4-12',
      track: 'Sebring',
      event: 'Winter Test',
      sessionName: 'Practice 2',
      sourceFile: 'run.ld',
      sourceFormat: 'motec-ld',
      startTimeMs: Date.UTC(2023, 11, 31, 11, 22, 33),
    });
  });

  it('falls back to the event, venue and vehicle blocks when the header strings are empty', async () => {
    const f = { ...fixture(), vehicleId: '', venue: '', event: '', session: '' };
    f.eventBlock = { event: 'Round 3', session: 'Race', venue: 'Bathurst', vehicle: 'Car 88' };
    const s = await read(writeLdFixture(f));
    expect(s.meta).toMatchObject({ event: 'Round 3', sessionName: 'Race', track: 'Bathurst', vehicleId: 'Car 88' });
  });

  it('reads float16 samples', async () => {
    const s = await read(writeLdFixture({ channels: [{ name: 'Throttle Pos', unit: '%', freqHz: 5, dtype: 'f16', raw: [0, 12.5, 100, -2] }] }));
    expect(Array.from(s.channels[0].values)).toEqual([0, 12.5, 100, -2]);
    expect(s.meta.startTimeMs).toBeNull();
  });

  it('adds a lap channel from the .ldx beacons given alongside', async () => {
    const s = await read(writeLdFixture(fixture()), writeLdxFixture([1.25, 0.5]));
    const lap = s.channels.find((c) => c.name === 'lap')!;
    expect(lap.kind).toBe('discrete');
    expect(Array.from(lap.timeS)).toEqual([0, 0.5, 1.25]);
    expect(Array.from(lap.values)).toEqual([1, 2, 3]);
  });

  it('detects the header marker', () => {
    expect(sniffLd(writeLdFixture(fixture()).subarray(0, 64))).toBe(true);
    expect(sniffLd(new TextEncoder().encode('time,speed\n0,1\n'.repeat(4)))).toBe(false);
  });

  it('parses dd/mm/yyyy dates with or without seconds', () => {
    expect(ldDateMs('01/02/2024', '09:08')).toBe(Date.UTC(2024, 1, 1, 9, 8, 0));
    expect(ldDateMs('', '')).toBeNull();
  });
});

describe('MoTeC .ld bad input', () => {
  it('refuses a wrong header marker with the byte offset', async () => {
    const bytes = writeLdFixture(fixture());
    bytes[0] = 0x41;
    const e = await ingestError(read(bytes));
    expect(e.code).toBe('bad-magic');
    expect(e.where.byteOffset).toBe(0);
    expect(e.message).toContain('41 00 00 00');
  });

  it('refuses a file cut inside the header', async () => {
    const e = await ingestError(read(writeLdFixture(fixture()).slice(0, 1000)));
    expect(e.code).toBe('truncated');
    expect(e.where.byteOffset).toBe(1000);
  });

  it('refuses a file cut inside the channel list', async () => {
    const e = await ingestError(read(writeLdFixture(fixture()).slice(0, HEAD.size + CHAN.size + 10)));
    expect(e.code).toBe('truncated');
    expect(e.where.byteOffset).toBe(HEAD.size + CHAN.size);
  });

  it('refuses a file cut inside the samples, naming the channel', async () => {
    const bytes = writeLdFixture(fixture());
    const e = await ingestError(read(bytes.slice(0, bytes.length - 3)));
    expect(e.code).toBe('truncated');
    expect(e.where.channel).toBe('Oil Temp');
    expect(e.where.byteOffset).toBe(bytes.length - 3);
  });

  it('refuses NaN and infinite float samples, naming the channel and byte', async () => {
    const f = fixture();
    f.channels[2].raw[7] = NaN;
    const e = await ingestError(read(writeLdFixture(f)));
    expect(e.code).toBe('non-finite');
    expect(e.where.channel).toBe('G Force Lat');
    expect(e.where.byteOffset).toBeGreaterThan(HEAD.size);
  });

  it('refuses a channel list that loops', async () => {
    const bytes = writeLdFixture(fixture());
    const v = new DataView(bytes.buffer);
    const second = HEAD.size + CHAN.size;
    v.setUint32(second + CHAN.nextPtr, HEAD.size, true);
    const e = await ingestError(read(bytes));
    expect(e.code).toBe('bad-header');
    expect(e.where.byteOffset).toBe(HEAD.size);
  });

  it('skips a channel of an unknown sample type with a warning', async () => {
    const bytes = writeLdFixture(fixture());
    new DataView(bytes.buffer).setUint16(HEAD.size + CHAN.dtypeA, 0x09, true);
    const s = await read(bytes);
    expect(s.channels.some((c) => c.sourceName === 'Ground Speed')).toBe(false);
    expect(s.warnings?.join('\n')).toContain('Ground Speed');
  });

  it('reports progress and honours an abort signal', async () => {
    const seen: number[] = [];
    await readLd(inputFromBytes('run.ld', writeLdFixture(fixture())), { onProgress: (p) => seen.push(p.bytesDone) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(writeLdFixture(fixture()).length);
    const ac = new AbortController();
    ac.abort();
    await expect(readLd(inputFromBytes('run.ld', writeLdFixture(fixture())), { signal: ac.signal })).rejects.toThrow();
  });
});
