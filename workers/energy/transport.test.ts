// The binary packing of kernel datasets: typed arrays of every kind, nested objects and non-finite numbers survive.

import { describe, expect, it } from 'vitest';
import { packBinary, unpackBinary } from './transport.ts';

describe('packBinary / unpackBinary', () => {
  it('round-trips typed arrays, nesting and non-finite numbers', () => {
    const value = {
      name: 'x',
      a: Float64Array.of(1.5, Number.NaN, -0),
      nested: { b: Uint32Array.of(1, 2, 3), c: Int32Array.of(-1), d: Float32Array.of(0.1), e: Uint8Array.of(255) },
      list: [Float64Array.of(2), 3, null],
      inf: Number.POSITIVE_INFINITY,
    };
    const back = unpackBinary<typeof value>(packBinary(value));
    expect(back.name).toBe('x');
    expect(back.a).toBeInstanceOf(Float64Array);
    expect(Array.from(back.a)).toEqual([1.5, Number.NaN, -0]);
    expect(back.nested.b).toEqual(Uint32Array.of(1, 2, 3));
    expect(back.nested.c).toEqual(Int32Array.of(-1));
    expect(back.nested.d).toEqual(Float32Array.of(0.1));
    expect(back.nested.e).toEqual(Uint8Array.of(255));
    expect(back.list[0]).toEqual(Float64Array.of(2));
    expect(back.list[1]).toBe(3);
    expect(back.inf).toBe(Number.POSITIVE_INFINITY);
    expect(() => unpackBinary(new ArrayBuffer(16))).toThrow(/not a packed dataset/);
  });
});
