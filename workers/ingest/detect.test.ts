import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { longCsvImporter } from './csv/long-format.ts';
import { wideCsvImporter } from './csv/wide-format.ts';
import { describeHead, detectFromHead, extensionOf } from './detect.ts';
import { IngestError } from './errors.ts';
import type { FormatImporter } from './importer.ts';
import { writeLdFixture, writeLdxFixture } from './motec/ld-fixture.ts';
import { parquetImporter } from './parquet/parquet.ts';
import { motecLdImporter } from './motec/ld.ts';
import { vboxImporter } from './vbox/vbo.ts';

const IMPORTERS: FormatImporter[] = [parquetImporter, motecLdImporter, vboxImporter, longCsvImporter, wideCsvImporter];
const enc = (t: string) => new TextEncoder().encode(t);

function kindOf(head: Uint8Array, name: string): string {
  const d = detectFromHead(head, name, IMPORTERS);
  return d.kind === 'importer' ? d.importer.id : d.kind;
}

function errorOf(head: Uint8Array, name: string): IngestError {
  try {
    detectFromHead(head, name, IMPORTERS);
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('expected an IngestError');
}

describe('format detection', () => {
  it('recognises magic bytes whatever the name', () => {
    expect(kindOf(enc('PAR1\u0015\u0004'), 'data.bin')).toBe('parquet');
    expect(kindOf(gzipSync(enc('a,b\n1,2\n')), 'download')).toBe('gzip');
    expect(kindOf(zipSync({ 'a.csv': enc('a,b\n') }), 'archive.dat')).toBe('zip');
    expect(kindOf(writeLdFixture({ channels: [] }).subarray(0, 4096), 'run')).toBe('motec-ld');
  });

  it('recognises text formats from content: .ldx, VBOX, long CSV', () => {
    expect(kindOf(enc(writeLdxFixture([1, 2])), 'laps.xml')).toBe('ldx');
    expect(kindOf(enc('File created on 31/12/2023 @ 11:22:33\r\n\r\n[header]\r\n'), 'x')).toBe('vbox');
    expect(kindOf(enc('telemetry_name,telemetry_value,timestamp\nspeed,1,2025-01-01T00:00:00Z\n'), 'x')).toBe('long-csv');
  });

  it('uses the name only to break ties between text sniffers', () => {
    expect(kindOf(enc('time,speed\n0,1\n'), 'run.csv')).toBe('wide-csv');
    expect(kindOf(enc('File created on 31/12/2023\n[header]\n'), 'run.csv')).toBe('vbox');
  });

  it("calls a .ld or .parquet with the wrong content 'bad-magic', at byte 0", () => {
    const ld = errorOf(enc('this is not a log at all'), 'run.ld');
    expect(ld.code).toBe('bad-magic');
    expect(ld.where.byteOffset).toBe(0);
    expect(ld.message).toContain('MoTeC');
    expect(errorOf(new Uint8Array([1, 2, 3, 4, 5]), 'x.parquet').code).toBe('bad-magic');
    expect(errorOf(enc('time,speed\n'), 'x.zip').code).toBe('bad-magic');
    expect(errorOf(enc('hello'), 'x.vbo').code).toBe('bad-magic');
  });

  it("calls anything else 'unknown-format' and says what the first bytes look like", () => {
    const png = errorOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'photo');
    expect(png.code).toBe('unknown-format');
    expect(png.message).toContain('binary data starting 89 50 4e 47');
    const json = errorOf(enc('{"laps": [1, 2, 3]}'), 'laps.json');
    expect(json.message).toContain('looks like JSON');
    expect(json.message).toContain('{"laps"');
  });

  it('describes text and binary heads and reads extensions', () => {
    expect(describeHead(enc('<html><body>'))).toContain('XML/HTML');
    expect(describeHead(new Uint8Array([0, 1, 2]))).toBe('binary data starting 00 01 02');
    expect(extensionOf('dir.v2/Run 3.LD')).toBe('ld');
    expect(extensionOf('README')).toBe('');
  });
});
