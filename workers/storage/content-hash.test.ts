import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONTENT_HASH_CHUNK_BYTES, hashBlob } from './content-hash.ts';

/** The documented definition, computed independently with node:crypto over the whole buffer. */
function reference(bytes: Uint8Array): string {
  const parts: Buffer[] = [];
  for (let off = 0; off < bytes.length; off += CONTENT_HASH_CHUNK_BYTES) {
    parts.push(createHash('sha256').update(bytes.subarray(off, off + CONTENT_HASH_CHUNK_BYTES)).digest());
  }
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(bytes.length));
  return createHash('sha256').update(Buffer.concat([...parts, length])).digest('hex');
}

describe('hashBlob', () => {
  const big = new Uint8Array(randomBytes(2 * CONTENT_HASH_CHUNK_BYTES + 12345));

  it('follows the documented chunked SHA-256 definition', async () => {
    expect(CONTENT_HASH_CHUNK_BYTES).toBe(4 * 1024 * 1024);
    for (const bytes of [big, big.subarray(0, CONTENT_HASH_CHUNK_BYTES), big.subarray(0, 1000), new Uint8Array(0)]) {
      expect(await hashBlob(new Blob([bytes]))).toBe(reference(bytes));
    }
    expect(await hashBlob(new Blob([]))).toBe(createHash('sha256').update(Buffer.alloc(8)).digest('hex'));
  });

  it('depends on content only, not on how the Blob was assembled', async () => {
    const pieces = new Blob([big.subarray(0, 7), big.subarray(7, 5_000_000), big.subarray(5_000_000)]);
    expect(await hashBlob(pieces)).toBe(await hashBlob(new Blob([big])));
  });

  it('changes with one flipped byte and with the length', async () => {
    const h = await hashBlob(new Blob([big]));
    const flipped = big.slice();
    flipped[CONTENT_HASH_CHUNK_BYTES + 5] ^= 1;
    expect(await hashBlob(new Blob([flipped]))).not.toBe(h);
    expect(await hashBlob(new Blob([big.subarray(0, big.length - 1)]))).not.toBe(h);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports progress per chunk up to the total', async () => {
    const seen: [number, number][] = [];
    await hashBlob(new Blob([big]), { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([
      [CONTENT_HASH_CHUNK_BYTES, big.length],
      [2 * CONTENT_HASH_CHUNK_BYTES, big.length],
      [big.length, big.length],
    ]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const hashing = hashBlob(new Blob([big]), {
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('cancelled by the user')),
    });
    await expect(hashing).rejects.toThrow('cancelled by the user');
  });
});
