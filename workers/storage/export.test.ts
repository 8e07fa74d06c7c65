import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { wideCsvImporter } from '../ingest/csv/wide-format.ts';
import { inputFromBytes } from '../ingest/input.ts';
import { parquetImporter } from '../ingest/parquet/parquet.ts';
import type { Channel, Session } from '../model/session.ts';
import { PARQUET_SESSION_KEY, exportParquet, unionTimeline, wideColumnName, wideCsvChunks, wideCsvStream, type ExportedSessionInfo } from './export.ts';
import { fixtureMeta, fixtureSession } from './session-fixtures.ts';

function channel(name: string, unit: string, timeS: number[], values: number[], kind: Channel['kind'] = 'continuous'): Channel {
  return { name, sourceName: name.toUpperCase(), unit, kind, timeS: Float64Array.from(timeS), values: Float64Array.from(values) };
}

/** Two channels on different time bases, one unitless, one with a name that needs quoting, awkward values. */
const small: Session = {
  meta: fixtureMeta('GR86-002'),
  warnings: ['one warning'],
  channels: [
    channel('speed', 'm/s', [0, 0.5, 1, 1.5], [10, -0, 0.1, 1 / 3]),
    channel('gear', '', [0.25, 1], [2, 3], 'discrete'),
    channel('Oil "sump", A', '°C', [1.5, 2], [NaN, Infinity]),
  ],
};

/** Minimal RFC 4180 reader for the tests. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += ch;
  }
  return rows;
}

describe('wide export layout', () => {
  it('names columns "name [unit]" and merges every channel time once, in order', () => {
    expect(small.channels.map(wideColumnName)).toEqual(['speed [m/s]', 'gear', 'Oil "sump", A [°C]']);
    expect(Array.from(unionTimeline(small.channels))).toEqual([0, 0.25, 0.5, 1, 1.5, 2]);
  });
});

describe('wideCsvChunks', () => {
  it('writes one row per distinct time with blanks where a channel has no sample', () => {
    const text = [...wideCsvChunks(small, { rowsPerChunk: 2 })].join('');
    expect(parseCsv(text)).toEqual([
      ['time_s', 'speed [m/s]', 'gear', 'Oil "sump", A [°C]'],
      ['0', '10', '', ''],
      ['0.25', '', '2', ''],
      ['0.5', '-0', '', ''],
      ['1', '0.1', '3', ''],
      ['1.5', '0.3333333333333333', '', ''],
      ['2', '', '', ''],
    ]);
    expect(text.split('\n')[0]).toBe('time_s,speed [m/s],gear,"Oil ""sump"", A [°C]"');
  });

  it('writes NaN and Infinity only when asked', () => {
    const rows = parseCsv([...wideCsvChunks(small, { nonFinite: 'literal' })].join(''));
    expect(rows.slice(5)).toEqual([
      ['1.5', '0.3333333333333333', '', 'NaN'],
      ['2', '', '', 'Infinity'],
    ]);
  });

  it('yields whole lines per chunk, and streams the same text', async () => {
    const chunks = [...wideCsvChunks(small, { rowsPerChunk: 2 })];
    expect(chunks).toHaveLength(1 + 3);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    let streamed = '';
    const reader = wideCsvStream(small, { rowsPerChunk: 2 }).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      streamed += value;
    }
    expect(streamed).toBe(chunks.join(''));
  });

  it('keeps every double exactly (each value reads back with Number)', () => {
    const s = fixtureSession('GR86-013', { seed: 5 });
    const rows = parseCsv([...wideCsvChunks(s)].join(''));
    s.channels.forEach((c, ci) => {
      const got: [number, number][] = [];
      for (const r of rows.slice(1)) if (r[ci + 1] !== '') got.push([Number(r[0]), Number(r[ci + 1])]);
      expect(got.map((g) => g[0])).toEqual(Array.from(c.timeS));
      expect(got.map((g) => g[1])).toEqual(Array.from(c.values));
    });
  });
});

describe('exportParquet', () => {
  it('writes time_s, nullable channel columns and the session as metadata', async () => {
    const bytes = exportParquet(small, { rowGroupRows: 4 });
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(file);
    expect(meta.row_groups).toHaveLength(2);
    expect(meta.schema.slice(1).map((e) => [e.name, e.type, e.repetition_type])).toEqual([
      ['time_s', 'DOUBLE', 'REQUIRED'],
      ['speed [m/s]', 'DOUBLE', 'OPTIONAL'],
      ['gear', 'DOUBLE', 'OPTIONAL'],
      ['Oil "sump", A [°C]', 'DOUBLE', 'OPTIONAL'],
    ]);
    const kv = meta.key_value_metadata?.find((k) => k.key === PARQUET_SESSION_KEY);
    const info = JSON.parse(kv!.value!) as ExportedSessionInfo;
    expect(info.meta).toEqual(small.meta);
    expect(info.warnings).toEqual(['one warning']);
    expect(info.channels[1]).toEqual({ column: 'gear', name: 'gear', sourceName: 'GEAR', unit: '', kind: 'discrete' });
    const rows = await parquetReadObjects({ file });
    expect(rows).toEqual([
      { time_s: 0, 'speed [m/s]': 10, gear: null, 'Oil "sump", A [°C]': null },
      { time_s: 0.25, 'speed [m/s]': null, gear: 2, 'Oil "sump", A [°C]': null },
      { time_s: 0.5, 'speed [m/s]': -0, gear: null, 'Oil "sump", A [°C]': null },
      { time_s: 1, 'speed [m/s]': 0.1, gear: 3, 'Oil "sump", A [°C]': null },
      { time_s: 1.5, 'speed [m/s]': 1 / 3, gear: null, 'Oil "sump", A [°C]': NaN },
      { time_s: 2, 'speed [m/s]': null, gear: null, 'Oil "sump", A [°C]': Infinity },
    ]);
    expect(Object.is(rows[2]['speed [m/s]'], -0)).toBe(true);
  });
});

describe('export → import round trip', () => {
  // Finite values only, no lap 'lost' marker: what the importers are meant to read back unchanged.
  const session = fixtureSession('GR86-022', { seed: 9 });
  const lap = session.channels.find((c) => c.name === 'lap')!;
  lap.values[1] = lap.values[0];

  function expectSameChannels(back: Session): void {
    const byName = new Map(back.channels.map((c) => [c.name, c]));
    for (const c of session.channels) {
      const got = byName.get(c.name);
      expect(got, `channel ${c.name}`).toBeDefined();
      expect(got!.unit).toBe(c.unit);
      expect(got!.timeS.length).toBe(c.timeS.length);
      for (let i = 0; i < c.timeS.length; i++) {
        expect(Math.abs(got!.timeS[i] - c.timeS[i])).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(got!.values[i] - c.values[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c.values[i])));
      }
    }
    expect(back.channels).toHaveLength(session.channels.length);
  }

  it('reads the wide CSV back with the wide CSV importer', async () => {
    const text = [...wideCsvChunks(session)].join('');
    const input = inputFromBytes('export.csv', new TextEncoder().encode(text));
    expect(wideCsvImporter.sniff(new TextEncoder().encode(text.slice(0, 4096)), 'export.csv')).toBe(true);
    const sessions = await wideCsvImporter.read(input, {});
    expect(sessions).toHaveLength(1);
    expectSameChannels(sessions[0]);
  });

  it('reads the Parquet back with the Parquet importer', async () => {
    const bytes = exportParquet(session, { rowGroupRows: 150 });
    const input = inputFromBytes('export.parquet', bytes);
    expect(parquetImporter.sniff(bytes.subarray(0, 64), 'export.parquet')).toBe(true);
    const sessions = await parquetImporter.read(input, {});
    expect(sessions).toHaveLength(1);
    expectSameChannels(sessions[0]);
    const { sourceFile, sourceFormat, ...meta } = sessions[0].meta;
    const { sourceFile: _f, sourceFormat: _k, ...original } = session.meta;
    expect(meta).toEqual(original);
    expect([sourceFile, sourceFormat]).toEqual(['export.parquet', 'parquet']);
    expect(sessions[0].channels.map((c) => [c.name, c.sourceName, c.unit, c.kind])).toEqual(session.channels.map((c) => [c.name, c.sourceName, c.unit, c.kind]));
  });
});
