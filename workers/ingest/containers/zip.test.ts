import { Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.ts';
import { DEFAULT_LIMITS, inputFromBytes, type IngestLimits } from '../input.ts';
import { UnpackBudget } from './unpack-guard.ts';
import { isIgnorableMember, unzipInput } from './zip.ts';
import { ingestError } from '../test-errors.ts';

const enc = (t: string) => new TextEncoder().encode(t);

function budget(limits: Partial<IngestLimits> = {}): UnpackBudget {
  return new UnpackBudget({ ...DEFAULT_LIMITS, ...limits });
}

/** A ZIP written as a stream: sizes live in data descriptors, so the reader cannot trust a declared size. */
function streamedZip(name: string, data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  const member = new ZipDeflate(name, { level: 9 });
  zip.add(member);
  member.push(data, true);
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

describe('ZIP container', () => {
  it('unpacks stored and deflated members and leaves out folders, resource forks and dot files', async () => {
    const zip = zipSync({
      'logs/a.csv': [enc('time,speed\n0,1\n'), { level: 0 }],
      'logs/b.vbo': [enc('File created on 01/01/2024\n'.repeat(50)), { level: 6 }],
      'logs/': new Uint8Array(0),
      '__MACOSX/logs/._a.csv': enc('junk'),
      'logs/.DS_Store': enc('junk'),
    });
    const members = await unzipInput(inputFromBytes('pack.zip', zip), budget());
    expect(members.map((m) => m.name)).toEqual(['logs/a.csv', 'logs/b.vbo']);
    expect(await members[0].blob.text()).toBe('time,speed\n0,1\n');
    expect(members[1].blob.size).toBe(27 * 50);
  });

  it("refuses a member whose declared size is over the cap ('zip-bomb', naming it)", async () => {
    const zip = zipSync({ 'bomb.csv': new Uint8Array(300_000) });
    const e = await ingestError(unzipInput(inputFromBytes('pack.zip', zip), budget({ maxUnpackedBytes: 100_000 })));
    expect(e.code).toBe('zip-bomb');
    expect(e.message).toContain("'bomb.csv'");
  });

  it('stops a streamed member as soon as it unpacks past the cap', async () => {
    const zip = streamedZip('bomb.csv', new Uint8Array(2_000_000));
    expect(zip.length).toBeLessThan(10_000);
    const e = await ingestError(unzipInput(inputFromBytes('pack.zip', zip), budget({ maxUnpackedBytes: 1_000_000, maxCompressionRatio: 1e9 })));
    expect(e.code).toBe('zip-bomb');
    expect(e.message).toContain("'bomb.csv'");
    expect(e.message).toContain('1000000');
  });

  it('refuses a member whose unpacked/packed ratio is over the limit', async () => {
    const zip = zipSync({ 'zeros.csv': new Uint8Array(1_000_000) }, { level: 9 });
    const e = await ingestError(unzipInput(inputFromBytes('pack.zip', zip), budget({ maxCompressionRatio: 50 })));
    expect(e.code).toBe('zip-bomb');
    expect(e.message).toMatch(/ratio limit of 50/);
  });

  it('refuses an archive cut inside a member', async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `${i},${Math.sin(i)}`).join('\n');
    const zip = zipSync({ 'a.csv': enc(text) });
    const e = await ingestError(unzipInput(inputFromBytes('pack.zip', zip.slice(0, zip.length >> 1)), budget()));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain("'a.csv'");
  });

  it('knows which members to ignore', () => {
    expect(isIgnorableMember('a/')).toBe(true);
    expect(isIgnorableMember('__MACOSX/x')).toBe(true);
    expect(isIgnorableMember('a/.hidden')).toBe(true);
    expect(isIgnorableMember('a/run.ld')).toBe(false);
  });
});
