import { describe, expect, it } from 'vitest';
import { inputFromBytes } from '../input.ts';
import { asyncBufferFromInput } from './async-buffer.ts';

describe('AsyncBuffer over an InputFile', () => {
  it('reads exact slices and stops once aborted', async () => {
    const ac = new AbortController();
    const buf = asyncBufferFromInput(inputFromBytes('x', new Uint8Array([0, 1, 2, 3, 4, 5])), ac.signal);
    expect(buf.byteLength).toBe(6);
    expect(Array.from(new Uint8Array(await buf.slice(2, 5)))).toEqual([2, 3, 4]);
    expect(Array.from(new Uint8Array(await buf.slice(4)))).toEqual([4, 5]);
    ac.abort();
    await expect(Promise.resolve(buf.slice(0, 1))).rejects.toThrow();
  });
});
