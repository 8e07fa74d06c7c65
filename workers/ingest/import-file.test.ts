import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Session } from '../model/session.ts';
import { IngestError } from './errors.ts';
import type { FormatImporter } from './importer.ts';
import { createImporter, importFile, importFiles } from './import-file.ts';
import { inputFromBytes, type InputFile } from './input.ts';
import { writeLdFixture, writeLdxFixture, type LdFixture } from './motec/ld-fixture.ts';
import { HEAD } from './motec/ld-layout.ts';
import { ingestError } from './test-errors.ts';

const enc = (t: string) => new TextEncoder().encode(t);

const LD: LdFixture = {
  date: '02/03/2024',
  time: '10:00:00',
  driver: 'Sam',
  venue: 'Sebring',
  channels: [
    { name: 'Ground Speed', unit: 'km/h', freqHz: 10, dtype: 'i16', decPlaces: 1, raw: Array.from({ length: 50 }, (_, i) => 1000 + i) },
    { name: 'Engine RPM', unit: 'rpm', freqHz: 5, dtype: 'i32', raw: Array.from({ length: 25 }, (_, i) => 4000 + 10 * i) },
  ],
};

const VBO = [
  'File created on 02/03/2024 @ 10:00:00',
  '[header]',
  'satellites',
  'time',
  'latitude',
  'longitude',
  'velocity kmh',
  '[column names]',
  'sats time lat long velocity',
  '[data]',
  '009 100000.00 +2387.4 +05173.8 050.0',
  '009 100000.10 +2387.5 +05173.9 051.0',
  '',
].join('\r\n');

/** A Blob that claims to be 2 GiB and fails any read: the size check must come first. */
function hugeFakeFile(): InputFile {
  const refuse = () => {
    throw new Error('the file was read');
  };
  const blob = { size: 2 * 1024 ** 3, type: '', slice: refuse, stream: refuse, arrayBuffer: refuse, text: refuse, bytes: refuse } as unknown as Blob;
  return { name: 'huge.csv', blob };
}

describe('importFile: refusals before reading', () => {
  it('refuses a 2 GiB file by its size, without reading it', async () => {
    const e = await ingestError(importFile(hugeFakeFile()));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain(String(2 * 1024 ** 3));
    expect(e.message).toContain(String(1.5 * 1024 ** 3));
  });

  it('applies a lower limit from the options', async () => {
    const e = await ingestError(importFile(inputFromBytes('run.vbo', enc(VBO)), { limits: { maxFileBytes: 100 } }));
    expect(e.code).toBe('too-large');
    expect(e.detail).toMatch(/over the limit of 100 bytes/);
  });

  it('refuses an empty file', async () => {
    expect((await ingestError(importFile(inputFromBytes('run.ld', new Uint8Array(0))))).code).toBe('empty-file');
  });

  it('honours an aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(importFile(inputFromBytes('run.vbo', enc(VBO)), { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('importFile: formats and bad input', () => {
  it('imports a .ld, a .vbo and a CSV by content, stamping the source', async () => {
    const [ld] = await importFile(inputFromBytes('a.ld', writeLdFixture(LD)));
    expect(ld.meta).toMatchObject({ sourceFile: 'a.ld', sourceFormat: 'motec-ld', driver: 'Sam' });
    const [vbo] = await importFile(inputFromBytes('renamed.txt', enc(VBO)));
    expect(vbo.meta.sourceFormat).toBe('vbox');
    expect(vbo.channels.find((c) => c.name === 'lon')!.values[0]).toBeCloseTo(-5173.8 / 60, 9);
    const [csv] = await importFile(inputFromBytes('b.csv', enc('time,speed\n0,10\n0.5,11\n1,12\n')));
    expect(csv.meta.sourceFormat).toBe('wide-csv');
  });

  it('refuses a truncated .ld with the byte offset', async () => {
    const bytes = writeLdFixture(LD);
    const e = await ingestError(importFile(inputFromBytes('a.ld', bytes.slice(0, bytes.length - 7))));
    expect(e.code).toBe('truncated');
    expect(e.where.byteOffset).toBe(bytes.length - 7);
  });

  it('refuses wrong magic bytes for the extension', async () => {
    const e = await ingestError(importFile(inputFromBytes('a.ld', enc('garbage header '.repeat(200)))));
    expect(e.code).toBe('bad-magic');
    expect(e.where.byteOffset).toBe(0);
    expect((await ingestError(importFile(inputFromBytes('a.parquet', enc('PAX1 nope'))))).code).toBe('bad-magic');
  });

  it('refuses an unknown format, describing its first bytes', async () => {
    const e = await ingestError(importFile(inputFromBytes('mystery', new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 1, 2, 3]))));
    expect(e.code).toBe('unknown-format');
    expect(e.message).toContain('ca fe ba be');
  });

  it('reports read progress at least every ~1 % of a long file', async () => {
    const big = writeLdFixture({ channels: [{ name: 'Damper FL', unit: 'mm', freqHz: 500, dtype: 'f32', raw: Array.from({ length: 1_000_000 }, (_, i) => i % 100) }] });
    const seen: number[] = [];
    await importFile(inputFromBytes('big.ld', big), { onProgress: (p) => p.phase === 'read' && seen.push(p.bytesDone) });
    expect(seen[seen.length - 1]).toBe(big.length);
    let gap = 0;
    for (let i = 1; i < seen.length; i++) gap = Math.max(gap, seen[i] - seen[i - 1]);
    expect(gap / big.length).toBeLessThanOrEqual(0.0105);
  });
});

describe('importFiles: .ld with .ldx', () => {
  it('pairs an .ld with the .ldx of the same name into one session with laps', async () => {
    const sessions = await importFiles([inputFromBytes('Run 3.ldx', enc(writeLdxFixture([2, 4]))), inputFromBytes('Run 3.ld', writeLdFixture(LD))]);
    expect(sessions).toHaveLength(1);
    expect(Array.from(sessions[0].channels.find((c) => c.name === 'lap')!.values)).toEqual([1, 2, 3]);
  });

  it('refuses an .ldx on its own', async () => {
    const e = await ingestError(importFiles([inputFromBytes('Run 3.ldx', enc(writeLdxFixture([2])))]));
    expect(e.code).toBe('no-data');
    expect(e.message).toContain('.ld');
  });
});

describe('importFile: containers', () => {
  it('imports a ZIP member by member, pairing .ld with .ldx and skipping what is not telemetry', async () => {
    const zip = zipSync({
      'day1/run.ld': writeLdFixture(LD),
      'day1/run.ldx': enc(writeLdxFixture([1.5])),
      'day1/track.vbo': enc(VBO),
      'day1/notes.md': enc('# notes\n'),
    });
    const sessions = await importFile(inputFromBytes('pack.zip', zip));
    expect(sessions.map((s) => [s.meta.sourceFile, s.meta.sourceFormat])).toEqual([
      ['pack.zip/day1/run.ld', 'zip:motec-ld'],
      ['pack.zip/day1/track.vbo', 'zip:vbox'],
    ]);
    expect(sessions[0].channels.some((c) => c.name === 'lap')).toBe(true);
    expect(sessions[0].warnings?.join(' ')).toContain('notes.md');
  });

  it('imports a gzip file, and a ZIP inside a gzip', async () => {
    const [vbo] = await importFile(inputFromBytes('track.vbo.gz', gzipSync(enc(VBO))));
    expect(vbo.meta).toMatchObject({ sourceFile: 'track.vbo.gz', sourceFormat: 'gzip:vbox' });
    const nested = gzipSync(zipSync({ 'a.ld': writeLdFixture(LD) }));
    const [ld] = await importFile(inputFromBytes('bundle.zip.gz', nested));
    expect(ld.meta).toMatchObject({ sourceFile: 'bundle.zip.gz', sourceFormat: 'gzip:zip:motec-ld' });
  });

  it("refuses a zip bomb: a member that unpacks past the cap ('zip-bomb', naming it)", async () => {
    const zip = zipSync({ 'telemetry.csv': new Uint8Array(5_000_000).fill(0x30) }, { level: 9 });
    expect(zip.length).toBeLessThan(20_000);
    const e = await ingestError(importFile(inputFromBytes('bomb.zip', zip), { limits: { maxUnpackedBytes: 1_000_000, maxCompressionRatio: 1e9 } }));
    expect(e.code).toBe('zip-bomb');
    expect(e.message).toContain("'telemetry.csv'");
  });

  it('fails on a broken member that is telemetry (a truncated .ld)', async () => {
    const ld = writeLdFixture(LD);
    const zip = zipSync({ 'a.ld': ld.slice(0, HEAD.size - 10), 'b.vbo': enc(VBO) });
    expect((await ingestError(importFile(inputFromBytes('pack.zip', zip)))).code).toBe('truncated');
  });
});

describe('importFile: what every session must satisfy', () => {
  const fake = (sessions: () => Session[]): FormatImporter => ({ id: 'fake', sniff: () => true, read: async () => sessions() });
  const session = (values: number[]): Session => ({
    meta: { event: '', sessionName: '', track: '', vehicleId: '', vehicleNumber: '', driver: '', startTimeMs: null, sourceFile: '', sourceFormat: '' },
    channels: [
      { name: 'x', sourceName: 'x', unit: '', kind: 'continuous', timeS: Float64Array.from(values.map((_, i) => i)), values: Float64Array.from(values) },
      { name: 'empty', sourceName: 'empty', unit: '', kind: 'continuous', timeS: new Float64Array(0), values: new Float64Array(0) },
    ],
  });

  it('drops empty channels and stamps the source file and format', async () => {
    const [s] = await createImporter([fake(() => [session([1, 2])])]).importFile(inputFromBytes('f.bin', enc('anything')));
    expect(s.channels.map((c) => c.name)).toEqual(['x']);
    expect(s.meta).toMatchObject({ sourceFile: 'f.bin', sourceFormat: 'fake' });
  });

  it("refuses non-finite values ('non-finite', naming the channel)", async () => {
    const e = await ingestError(createImporter([fake(() => [session([1, Infinity])])]).importFile(inputFromBytes('f.bin', enc('anything'))));
    expect(e.code).toBe('non-finite');
    expect(e.where.channel).toBe('x');
  });

  it("refuses a result without any samples ('no-data')", async () => {
    const e = await ingestError(createImporter([fake(() => [session([])])]).importFile(inputFromBytes('f.bin', enc('anything'))));
    expect(e.code).toBe('no-data');
  });
});
