import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.ts';
import { DEFAULT_LIMITS, inputFromBytes, type IngestLimits } from '../input.ts';
import { gunzipInput, innerGzipName } from './gzip.ts';
import { UnpackBudget } from './unpack-guard.ts';
import { ingestError } from '../test-errors.ts';

const budget = (limits: Partial<IngestLimits> = {}) => new UnpackBudget({ ...DEFAULT_LIMITS, ...limits });

describe('gzip container', () => {
  it('unpacks to the inner file, named without .gz, and reports progress', async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `${i},${(i * 7) % 13}`).join('\n');
    const seen: number[] = [];
    const inner = await gunzipInput(inputFromBytes('run.csv.gz', gzipSync(new TextEncoder().encode(text))), budget(), { onProgress: (p) => seen.push(p.bytesDone) });
    expect(inner.name).toBe('run.csv');
    expect(await inner.blob.text()).toBe(text);
    expect(seen.length).toBeGreaterThan(0);
  });

  it("refuses a stream that unpacks past the cap ('zip-bomb')", async () => {
    const e = await ingestError(gunzipInput(inputFromBytes('x.csv.gz', gzipSync(new Uint8Array(3_000_000))), budget({ maxUnpackedBytes: 1_000_000, maxCompressionRatio: 1e9 })));
    expect(e.code).toBe('zip-bomb');
    expect(e.message).toContain("'x.csv'");
  });

  it('refuses a stream over the ratio limit', async () => {
    const e = await ingestError(gunzipInput(inputFromBytes('x.csv.gz', gzipSync(new Uint8Array(3_000_000))), budget()));
    expect(e.code).toBe('zip-bomb');
    expect(e.message).toMatch(/ratio limit of 200/);
  });

  it('refuses a stream cut short', async () => {
    const gz = gzipSync(new TextEncoder().encode(Array.from({ length: 5000 }, (_, i) => String(Math.sqrt(i))).join('\n')));
    const e = await ingestError(gunzipInput(inputFromBytes('x.csv.gz', gz.slice(0, gz.length - 100)), budget()));
    expect(e.code).toBe('truncated');
  });

  it('names inner files', () => {
    expect(innerGzipName('a.VBO.GZ')).toBe('a.VBO');
    expect(innerGzipName('a.tgz')).toBe('a.tar');
    expect(innerGzipName('blob')).toBe('blob');
  });
});
