import { describe, expect, it } from 'vitest';
import { integerText, numberText } from './query.ts';
import { TokenBucketLimiter } from './rate-limit.ts';
import * as v from './validate.ts';

describe('validators', () => {
  const body = v.object({
    name: v.string({ min: 1, max: 5 }),
    n: v.optional(v.number({ integer: true, min: 0 })),
    tags: v.array(v.oneOf(['a', 'b'] as const), { max: 2 }),
    meta: v.jsonObject({ maxDepth: 2 }),
  });

  it('returns typed values and names the first bad field', () => {
    const ok: { name: string; n?: number; tags: ('a' | 'b')[]; meta: Record<string, unknown> } = body({ name: 'x', tags: ['a'], meta: { k: [1] } });
    expect(ok).toEqual({ name: 'x', tags: ['a'], meta: { k: [1] } });
    const fail = (value: unknown) => v.check(body, value);
    expect(fail({ name: '', tags: [], meta: {} })).toMatchObject({ ok: false, error: { path: 'name', problem: 'must not be empty' } });
    expect(fail({ name: 'toolong', tags: [], meta: {} })).toMatchObject({ ok: false, error: { path: 'name' } });
    expect(fail({ name: 'x', n: 1.5, tags: [], meta: {} })).toMatchObject({ ok: false, error: { path: 'n', problem: 'must be an integer' } });
    expect(fail({ name: 'x', tags: ['c'], meta: {} })).toMatchObject({ ok: false, error: { path: 'tags[0]' } });
    expect(fail({ name: 'x', tags: ['a', 'a', 'b'], meta: {} })).toMatchObject({ ok: false, error: { path: 'tags' } });
    expect(fail({ name: 'x', tags: [], meta: { a: { b: { c: 1 } } } })).toMatchObject({ ok: false, error: { path: 'meta.a.b.c' } });
    expect(fail({ name: 'x', tags: [], meta: [] })).toMatchObject({ ok: false, error: { path: 'meta' } });
    expect(fail({ name: 'x', tags: [] })).toMatchObject({ ok: false, error: { path: 'meta', problem: 'is required' } });
    expect(fail({ name: 'x', tags: [], meta: {}, extra: 1 })).toMatchObject({ ok: false, error: { path: 'extra' } });
    expect(fail(null)).toMatchObject({ ok: false, error: { problem: 'expected an object, got null' } });
    expect(fail({ name: 'a\nb', tags: [], meta: {} })).toMatchObject({ ok: false, error: { problem: 'must not contain control characters' } });
  });

  it('reads numbers from URL text strictly', () => {
    expect(integerText({ min: 1 })('42')).toBe(42);
    expect(() => integerText()('4.2')).toThrow(/integer/);
    expect(() => integerText()('1 OR 1=1')).toThrow(/integer/);
    expect(() => integerText({ max: 10 })('11')).toThrow(/at most 10/);
    expect(numberText()('12.5')).toBe(12.5);
    expect(numberText()('1e3')).toBe(1000);
    expect(() => numberText()('Infinity')).toThrow(/number/);
    expect(() => numberText()('0x10')).toThrow(/number/);
    expect(() => numberText()('')).toThrow(/number/);
  });
});

describe('token bucket', () => {
  it('allows the burst, then one request per 1/rate seconds, each client on its own', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ ratePerS: 2, burst: 3, now: () => now, maxClients: 2 });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterS: 1, remaining: 0 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 500;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    now += 10_000;
    expect(limiter.take('a').remaining).toBe(2); // refilled to the burst, not beyond
    limiter.take('c'); // the least recently used client ('b') is forgotten past maxClients
    expect(limiter.clients).toBe(2);
  });
});
