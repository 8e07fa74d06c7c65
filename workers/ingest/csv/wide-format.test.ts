import { existsSync, openAsBlob } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { channelByName, channelRateHz, type Session } from '../../model/session.ts';
import { IngestError } from '../errors.ts';
import { inputFromBytes } from '../input.ts';
import { readWideCsv, wideCsvImporter } from './wide-format.ts';
import { chunkedInput, sessionsAsData } from './test-support.ts';

const G = 9.80665;
const enc = new TextEncoder();

async function read(name: string, text: string): Promise<Session> {
  const sessions = await readWideCsv(inputFromBytes(name, enc.encode(text)));
  expect(sessions.length).toBe(1);
  return sessions[0];
}

function ch(s: Session, name: string) {
  const c = channelByName(s, name);
  if (!c) throw new Error(`no channel ${name} among ${s.channels.map((x) => x.name).join(', ')}`);
  return c;
}

async function expectIngestError(text: string, code: string, where: Record<string, unknown>): Promise<IngestError> {
  try {
    await readWideCsv(inputFromBytes('bad.csv', enc.encode(text)));
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    const err = e as IngestError;
    expect(err.code).toBe(code);
    expect(err.where).toMatchObject({ file: 'bad.csv', ...where });
    return err;
  }
  throw new Error(`expected ${code}`);
}

/** 2 s at 10 Hz; speed only every 5th row (2 Hz), rpm every other row (5 Hz). */
function plainCsv(): string {
  const rows = ['time,speed,rpm,gear,lap'];
  for (let i = 0; i < 20; i++) {
    const t = (i / 10).toFixed(1);
    rows.push(`${t},${i % 5 === 0 ? 20 + i : ''},${i % 2 === 0 ? 5000 + i * 10 : ''},3,${i < 10 ? 1 : 2}`);
  }
  return `${rows.join('\n')}\n`;
}

const AIM = [
  '"Format","AiM CSV File"',
  '"Session","Race 1"',
  '"Vehicle","Ginetta G40"',
  '"Racer","Jane Doe"',
  '"Championship","Club Series"',
  '"Venue","Donington"',
  '"Comment",""',
  '"Date","Saturday, June 4, 2016"',
  '"Time","2:52 PM"',
  '"Sample Rate","20"',
  '"Duration","3.000"',
  '"Segment","Session"',
  '"Beacon Markers","1.000","2.000"',
  '"Segment Times","0:01.000","0:01.000","0:01.000"',
  '',
  '"Time","GPS Speed","RPM","LatAcc","LongAcc","Water Temp"',
  '"s","km/h","rpm","g","g","C"',
  '',
  ...Array.from({ length: 60 }, (_, i) => `"${(i / 20).toFixed(3)}","${(100 + i).toFixed(1)}","${5000 + i}","0.${i % 10}0","-0.20","85"`),
].join('\r\n');

const RACECHRONO = [
  'This file is created using RaceChrono v8.1.3 ( http://racechrono.com/ ).',
  'Format,3',
  'Session title,"Test Day"',
  'Session type,Lap timing',
  'Track name,"Test Circuit"',
  'Driver name,Tester',
  'Created,22/02/2026,10:00',
  'Note,',
  '',
  'timestamp,fragment_id,lap_number,elapsed_time,latitude,longitude,speed,lateral_acc,speed,engine_rpm',
  'unix time,,,s,deg,deg,m/s,G,m/s,rpm',
  ',,,,100: gps,100: gps,100: gps,calc,200: obd,200: obd',
  ...Array.from({ length: 50 }, (_, i) => {
    const ts = (1771754400 + i * 0.04).toFixed(3);
    const gps = `${(45 + i * 1e-5).toFixed(6)},${(9 + i * 1e-5).toFixed(6)},${(20 + i * 0.1).toFixed(2)}`;
    const obd = i % 5 === 0 ? `${(72 + i).toFixed(1)},${3000 + i * 10}` : ',';
    return `${ts},0,${i < 25 ? 3 : 4},${(i * 0.04).toFixed(3)},${gps},${(0.5 + i / 100).toFixed(2)},${obd}`;
  }),
].join('\n');

const MOTEC = [
  '"Format","MoTeC CSV File","","","Workbook",""',
  '"Venue","Sebring","","","Worksheet",""',
  '"Vehicle","GR86 #13","","","Vehicle Desc",""',
  '"Driver","Test Driver","","","Engine ID",""',
  '"Device","ADL"',
  '"Comment","","","","Session","Qualifying"',
  '"Log Date","14/07/2026","","","Origin Time","0.000","s"',
  '"Log Time","14:30:00","","","Start Time","0.000","s"',
  '"Sample Rate","10.000","Hz","","End Time","0.900","s"',
  '"Duration","0.900","s","","Start Distance","0","m"',
  '"Range","entire outing","","","End Distance","0","m"',
  '"Beacon Markers","0.500"',
  '',
  '',
  '"Time","Ground Speed","Engine RPM","Time","Brake Pressure Front","G Force Lat","Gear"',
  '"s","km/h","rpm","min","kPa","G",""',
  '',
  '',
  ...Array.from({ length: 10 }, (_, i) => `"${(i / 10).toFixed(3)}","${(120 + i).toFixed(1)}","${6000 + i * 10}","${(i / 600).toFixed(5)}","${i * 100}","0.50","3"`),
].join('\n');

describe('wide-csv importer: dialects', () => {
  it('sniffs CSV text but not the long layout or binary', () => {
    expect(wideCsvImporter.sniff(enc.encode('time,speed\n0,1\n'), 'a.csv')).toBe(true);
    expect(wideCsvImporter.sniff(enc.encode(AIM.slice(0, 200)), 'export')).toBe(true);
    expect(wideCsvImporter.sniff(enc.encode(RACECHRONO.slice(0, 200)), 'session.dat')).toBe(true);
    expect(wideCsvImporter.sniff(enc.encode('telemetry_name,telemetry_value,timestamp\n'), 'a.csv')).toBe(false);
    expect(wideCsvImporter.sniff(new Uint8Array([1, 0, 2, 3]), 'a.csv')).toBe(false);
  });

  it('plain CSV: blank cells are skipped so each channel keeps its own rate', async () => {
    const s = await read('plain.csv', plainCsv());
    expect(s.meta.sourceFormat).toBe('wide-csv');
    expect(s.meta.startTimeMs).toBeNull();
    expect(channelRateHz(ch(s, 'gear').timeS)).toBeCloseTo(10, 6);
    expect(channelRateHz(ch(s, 'speed').timeS)).toBeCloseTo(2, 6);
    expect(channelRateHz(ch(s, 'rpm').timeS)).toBeCloseTo(5, 6);
    expect(Array.from(ch(s, 'speed').values)).toEqual([20, 25, 30, 35]);
    expect(Array.from(ch(s, 'speed').timeS)).toEqual([0, 0.5, 1, 1.5]);
    expect(ch(s, 'lap').kind).toBe('discrete');
    expect(s.warnings ?? []).toEqual([]);
  });

  it('units in the header as name [unit] and name (unit) are converted to SI', async () => {
    const text = 'Time (s),Speed [km/h],G Lat [g],Throttle (%),Brake Pressure Front (kPa),Oil Temp [C]\n0,36,1,50,1000,90\n0.5,72,-0.5,100,2500,91\n';
    const s = await read('units.csv', text);
    expect(ch(s, 'speed').unit).toBe('m/s');
    expect(Array.from(ch(s, 'speed').values)).toEqual([10, 20]);
    expect(ch(s, 'acc_lat').values[0]).toBeCloseTo(G, 12);
    expect(ch(s, 'acc_lat').unit).toBe('m/s²');
    expect(Array.from(ch(s, 'brake_front').values)).toEqual([10, 25]);
    const oil = ch(s, 'Oil Temp');
    expect(oil.unit).toBe('C');
    expect(Array.from(ch(s, 'throttle').timeS)).toEqual([0, 0.5]);
  });

  it('AiM Race Studio export: preamble metadata, units row, beacon laps', async () => {
    const s = await read('aim.csv', AIM);
    expect(s.meta).toMatchObject({ sessionName: 'Race 1', vehicleId: 'Ginetta G40', driver: 'Jane Doe', event: 'Club Series', track: 'Donington' });
    expect(s.meta.startTimeMs).toBe(Date.UTC(2016, 5, 4, 14, 52));
    expect(ch(s, 'gps_speed').values[0]).toBeCloseTo(100 / 3.6, 12);
    expect(ch(s, 'acc_lat').values[1]).toBeCloseTo(0.1 * G, 12);
    expect(ch(s, 'acc_long').values[0]).toBeCloseTo(-0.2 * G, 12);
    expect(channelRateHz(ch(s, 'rpm').timeS)).toBeCloseTo(20, 6);
    expect(ch(s, 'Water Temp').unit).toBe('C');
    const lap = ch(s, 'lap');
    expect(Array.from(lap.values)).toEqual([1, 2, 3]);
    expect(Array.from(lap.timeS)).toEqual([0, 1, 2]);
  });

  it('RaceChrono v3 export: unix timestamps, units and source rows, repeated names kept with a suffix', async () => {
    const s = await read('rc.csv', RACECHRONO);
    expect(s.meta).toMatchObject({ sessionName: 'Test Day', track: 'Test Circuit', driver: 'Tester' });
    expect(s.meta.startTimeMs).toBe(1771754400000);
    const gps = ch(s, 'speed');
    expect(gps.sourceName).toBe('speed');
    expect(gps.values[1]).toBeCloseTo(20.1, 12);
    expect(channelRateHz(gps.timeS)).toBeCloseTo(25, 3);
    const obd = ch(s, 'speed (obd)');
    expect(obd.values.length).toBe(10);
    expect(channelRateHz(obd.timeS)).toBeCloseTo(5, 3);
    expect(obd.timeS[1]).toBeCloseTo(0.2, 9);
    expect(ch(s, 'rpm').values[1]).toBe(3050);
    expect(ch(s, 'acc_lat').values[0]).toBeCloseTo(0.5 * G, 12);
    expect(ch(s, 'lat').values[0]).toBe(45);
    expect(Array.from(new Set(ch(s, 'lap').values))).toEqual([3, 4]);
  });

  it('MoTeC i2 CSV export: paired preamble cells, a repeated Time column, kPa and G', async () => {
    const s = await read('motec.csv', MOTEC);
    expect(s.meta).toMatchObject({ track: 'Sebring', vehicleId: 'GR86 #13', driver: 'Test Driver', sessionName: 'Qualifying' });
    expect(s.meta.startTimeMs).toBe(Date.UTC(2026, 6, 14, 14, 30));
    expect(ch(s, 'speed').values[0]).toBeCloseTo(120 / 3.6, 12);
    expect(ch(s, 'rpm').values[9]).toBe(6090);
    expect(Array.from(ch(s, 'brake_front').values.slice(0, 3))).toEqual([0, 1, 2]);
    expect(ch(s, 'acc_lat').values[0]).toBeCloseTo(0.5 * G, 12);
    expect(ch(s, 'Time_2').unit).toBe('min');
    expect(channelRateHz(ch(s, 'gear').timeS)).toBeCloseTo(10, 6);
    expect(Array.from(ch(s, 'lap').values)).toEqual([1, 2]);
    expect(Array.from(ch(s, 'lap').timeS)).toEqual([0, 0.5]);
  });

  it('GR Cup wide layout: ISO timestamps and the logger unit conventions', async () => {
    const rows = ['lap,timestamp,accx_can,aps,speed,pbrake_f'];
    for (let i = 0; i < 10; i++) rows.push(`2,2025-09-05T00:27:${(38 + i * 0.2).toFixed(3).padStart(6, '0')}Z,0.5,${i * 10},${i % 5 === 0 ? 180 : ''},${i}`);
    const s = await read('R1_barber_car099_wide.csv', rows.join('\n'));
    expect(s.meta.track).toBe('Barber Motorsports Park');
    expect(s.meta.startTimeMs).toBe(Date.parse('2025-09-05T00:27:38.000Z'));
    expect(ch(s, 'acc_long').values[0]).toBeCloseTo(0.5 * G, 12);
    expect(ch(s, 'speed').values[0]).toBeCloseTo(50, 12);
    expect(Array.from(ch(s, 'speed').timeS)).toEqual([0, 1]);
    expect(ch(s, 'throttle').timeS[9]).toBe(1.8);
  });
});

describe('wide-csv importer: chunk boundaries', () => {
  for (const [name, text] of [['aim.csv', AIM], ['rc.csv', RACECHRONO], ['motec.csv', MOTEC], ['plain.csv', plainCsv()]] as const) {
    it(`${name} reads the same with chunks of 1, 7 and 4096 bytes`, async () => {
      const ref = sessionsAsData(await readWideCsv(chunkedInput(name, text, 1 << 20)));
      for (const size of [1, 7, 4096]) expect(sessionsAsData(await readWideCsv(chunkedInput(name, text, size)))).toEqual(ref);
    });
  }
});

describe('wide-csv importer: bad input', () => {
  it('refuses an empty file', async () => {
    await expectIngestError('', 'empty-file', {});
    await expectIngestError('\r\n\r\n', 'empty-file', {});
  });

  it('refuses a header without data', async () => {
    await expectIngestError('time,speed,rpm\n', 'no-data', { line: 1 });
    await expectIngestError('time,speed\ns,km/h\n', 'no-data', { line: 1 });
  });

  it('refuses a header without a time column', async () => {
    await expectIngestError('speed,rpm\n1,2\n', 'bad-header', { line: 1 });
  });

  it('names line and column of a ragged row', async () => {
    await expectIngestError('time,speed,rpm\n0,1,2\n0.1,1,2,3\n', 'ragged-row', { line: 3, column: 4 });
    await expectIngestError('time,speed,rpm\n0,1,2\n0.1,1\n', 'ragged-row', { line: 3, column: 3 });
  });

  it('accepts trailing empty cells beyond the header', async () => {
    const s = await read('trail.csv', 'time,speed\n0,1,\n0.1,2,,\n');
    expect(Array.from(ch(s, 'speed').values)).toEqual([1, 2]);
  });

  it('names line, column and channel of text in a numeric column', async () => {
    await expectIngestError('time,speed,rpm\n0,1,2\n0.1,,2\n0.2,fast,2\n', 'not-a-number', { line: 4, column: 2, channel: 'speed' });
  });

  it('refuses NaN, Inf and -Inf literals as non-finite', async () => {
    for (const lit of ['NaN', 'Inf', '-Inf', 'nan']) {
      await expectIngestError(`time,speed,rpm\n0,1,2\n0.1,1,${lit}\n`, 'non-finite', { line: 3, column: 3, channel: 'rpm' });
    }
  });

  it('refuses a time cell that is not a time', async () => {
    await expectIngestError('time,speed\n0,1\nlater,2\n', 'not-a-number', { line: 3, column: 1, channel: 'time' });
  });

  it('keeps going past a column that is text from its first value, with a warning', async () => {
    const s = await read('text.csv', 'time,driver,speed\n0,Ann,1\n0.1,Ann,2\n');
    expect(s.channels.map((c) => c.name)).toEqual(['speed']);
    expect(s.warnings?.[0]).toContain("column 'driver' holds text");
  });
});

const realDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/real');
const wideFile = path.join(realDir, 'grcup/barber/R1_barber_car002_wide_4p6hz.csv');

describe.skipIf(!existsSync(wideFile))('wide-csv on the real GR Cup Barber wide file (skipped when ../shared/data/real is absent)', () => {
  it('keeps the inputs at ~4.6 Hz and the sparse speed at its own samples', async () => {
    const [s] = await readWideCsv({ name: path.basename(wideFile), blob: await openAsBlob(wideFile) });
    expect(s.meta.track).toBe('Barber Motorsports Park');
    expect(s.meta.startTimeMs).toBe(Date.parse('2025-09-05T00:27:38.589Z'));
    const within = (x: number, want: number) => { expect(x).toBeGreaterThan(want * 0.85); expect(x).toBeLessThan(want * 1.15); };
    for (const name of ['throttle', 'brake_front', 'acc_long', 'acc_lat', 'steering', 'gear', 'lat', 'lon']) {
      const c = ch(s, name);
      within(channelRateHz(c.timeS), 4.63);
      expect(c.values.length, name).toBe(11963);
    }
    // speed, rpm and lap distance are blank in ~80 % of rows: their samples come in bursts at the
    // row rate, so the median interval still says 4.6 Hz while the mean rate is ~0.9 Hz
    const duration = s.channels.reduce((m, c) => Math.max(m, c.timeS[c.timeS.length - 1]), 0);
    for (const [name, n] of [['speed', 2461], ['rpm', 2542], ['lap_distance', 2542]] as const) {
      const c = ch(s, name);
      expect(c.values.length, name).toBe(n);
      within(channelRateHz(c.timeS), 4.63);
      within(n / duration, 0.92);
    }
    const speed = ch(s, 'speed');
    expect(speed.unit).toBe('m/s');
    expect(Math.max(...speed.values)).toBeCloseTo(186.49 / 3.6, 6);
    const acc = ch(s, 'acc_lat');
    expect(acc.unit).toBe('m/s²');
    const peak = Math.max(...Array.from(acc.values, Math.abs));
    expect(peak).toBeGreaterThan(1 * G);
    expect(peak).toBeLessThan(3 * G);
    const laps = Array.from(new Set(ch(s, 'lap').values));
    expect(laps[0]).toBe(2);
    expect(laps[laps.length - 1]).toBe(29);
  });
});
