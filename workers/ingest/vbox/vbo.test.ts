import { describe, expect, it } from 'vitest';
import type { Session } from '../../model/session.ts';
import { IngestError } from '../errors.ts';
import { inputFromBytes } from '../input.ts';
import { readVbo, sniffVbo, vboCreatedMs, vboTimeOfDayS } from './vbo.ts';
import { ingestError } from '../test-errors.ts';

const COLUMNS = 'sats time lat long velocity heading height vert-vel Longacc throttle brake_pressure avifileindex avitime';

function row(i: number, tod: string): string {
  const lat = (3119.408424 + i * 0.001).toFixed(6);
  const long = (62.635139 - i * 0.001).toFixed(6);
  return `009 ${tod} +${lat} +000${long} ${(100 + i).toFixed(3)} 356.06 +00155.27 -00000.22 +0000.50 ${20 + i} ${(i * 0.5).toFixed(2)} 0001 00012345`;
}

function vbo(rows: string[], opts: { created?: string; units?: string[] } = {}): string {
  return [
    opts.created ?? 'File created on 31/12/2023 @ 23:59:59',
    '',
    '[header]',
    'satellites',
    'time',
    'latitude',
    'longitude',
    'velocity kmh',
    'heading',
    'height',
    'vertical velocity kmh',
    'Long accel g',
    'throttle',
    'brake_pressure',
    'avifileindex',
    'avitime',
    '',
    '[channel units]',
    ...(opts.units ?? ['%', 'bar']),
    '',
    '[comments]',
    'VBox II Version 4.5a',
    'Serial Number : 005201',
    'Log Rate (Hz) : 10.00',
    '',
    '[column names]',
    COLUMNS,
    '',
    '[data]',
    ...rows,
    '',
  ].join('\r\n');
}

const ACROSS_MIDNIGHT = ['235959.80', '235959.90', '000000.00', '000000.10'].map((t, i) => row(i, t));

async function read(text: string): Promise<Session> {
  return readVbo(inputFromBytes('run.vbo', new TextEncoder().encode(text)));
}

describe('VBOX .vbo reader', () => {
  it('converts minutes to degrees with longitude positive west', async () => {
    const s = await read(vbo(ACROSS_MIDNIGHT));
    const lat = s.channels.find((c) => c.name === 'lat')!;
    const lon = s.channels.find((c) => c.name === 'lon')!;
    expect(lat.unit).toBe('deg');
    expect(lat.values[0]).toBeCloseTo(3119.408424 / 60, 9);
    expect(lon.values[0]).toBeCloseTo(-62.635139 / 60, 9);
    expect(lon.sourceName).toBe('long');
  });

  it('takes UTC time of day across midnight and the file date as the start', async () => {
    const s = await read(vbo(ACROSS_MIDNIGHT));
    const speed = s.channels.find((c) => c.name === 'gps_speed')!;
    expect(Array.from(speed.timeS).map((t) => Math.round(t * 100) / 100)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(s.meta.startTimeMs).toBe(Date.UTC(2023, 11, 31, 23, 59, 59, 800));
  });

  it('puts the first sample on the next day when the file was created just before midnight', async () => {
    const s = await read(vbo([row(0, '000001.00'), row(1, '000001.10')], { created: 'File created on 31/12/2023 @ 23:59:58' }));
    expect(s.meta.startTimeMs).toBe(Date.UTC(2024, 0, 1, 0, 0, 1));
  });

  it('converts velocity from km/h, keeps heading and height, and reads extra channels with their units', async () => {
    const s = await read(vbo(ACROSS_MIDNIGHT));
    const by = (n: string) => s.channels.find((c) => c.name === n)!;
    expect(by('gps_speed').unit).toBe('m/s');
    expect(by('gps_speed').values[1]).toBeCloseTo(101 / 3.6, 9);
    expect(by('heading').values[0]).toBeCloseTo(356.06, 9);
    expect(by('altitude').values[0]).toBeCloseTo(155.27, 9);
    expect(by('acc_long').values[0]).toBeCloseTo(0.5 * 9.80665, 9);
    expect(by('throttle').unit).toBe('%');
    expect(Array.from(by('throttle').values)).toEqual([20, 21, 22, 23]);
    expect(by('brake').unit).toBe('bar');
    expect(by('sats').values[0]).toBe(9);
    expect(s.channels.some((c) => c.sourceName === 'avitime' || c.sourceName === 'time')).toBe(false);
    expect(s.meta.vehicleId).toBe('VBOX 005201');
    expect(s.meta.sourceFormat).toBe('vbox');
  });

  it('reads the velocity unit from the header when it is not km/h', async () => {
    const s = await read(vbo(ACROSS_MIDNIGHT).replace('velocity kmh', 'velocity knots'));
    expect(s.channels.find((c) => c.name === 'gps_speed')!.values[0]).toBeCloseTo(100 * 0.514444, 6);
  });

  it('keeps going without a date line, and warns', async () => {
    const s = await read(vbo(ACROSS_MIDNIGHT, { created: '' }));
    expect(s.meta.startTimeMs).toBeNull();
    expect(s.warnings?.join(' ')).toContain('File created on');
  });

  it('sniffs the date line or the section names', () => {
    const enc = (t: string) => new TextEncoder().encode(t);
    expect(sniffVbo(enc(vbo(ACROSS_MIDNIGHT)))).toBe(true);
    expect(sniffVbo(enc('[header]\nsatellites\n[column names]\nsats time\n'))).toBe(true);
    expect(sniffVbo(enc('time,speed\n1,2\n'))).toBe(false);
  });

  it('parses the date line and HHMMSS.SS', () => {
    expect(vboCreatedMs('File created on 31/12/2023 @ 11:22:33')).toBe(Date.UTC(2023, 11, 31, 11, 22, 33));
    expect(vboCreatedMs('File created on 07/12/2014 at 09:02')).toBe(Date.UTC(2014, 11, 7, 9, 2));
    expect(vboTimeOfDayS('072148.26')).toBeCloseTo(7 * 3600 + 21 * 60 + 48.26, 9);
    expect(vboTimeOfDayS('996148.26')).toBeNaN();
  });
});

describe('VBOX .vbo bad input', () => {
  it('refuses a row with the wrong number of fields, with its line', async () => {
    const e = await ingestError(read(vbo([row(0, '120000.00'), '009 120000.10 +3119.4'])));
    expect(e.code).toBe('ragged-row');
    expect(e.where.line).toBe(32); // 30 header lines, then the two rows
  });

  it('refuses a field that is not a number, with line, column and channel', async () => {
    const bad = row(1, '120000.10').replace(' 21 ', ' abc ');
    const e = await ingestError(read(vbo([row(0, '120000.00'), bad])));
    expect(e.code).toBe('not-a-number');
    expect(e.where).toMatchObject({ line: 32, column: 10, channel: 'throttle' });
  });

  it('refuses a time that is not HHMMSS.SS', async () => {
    const e = await ingestError(read(vbo([row(0, '126100.00')])));
    expect(e.code).toBe('not-a-number');
    expect(e.where.channel).toBe('time');
  });

  it('refuses a file without data rows or without column names', async () => {
    expect((await ingestError(read(vbo([])))).code).toBe('no-data');
    expect((await ingestError(read(vbo([row(0, '120000.00')]).replace(COLUMNS, '')))).code).toBe('bad-header');
  });
});
