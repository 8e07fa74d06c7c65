import { describe, expect, it } from 'vitest';
import { badNumberKind, parseDecimalBytes, parseNumberCell, parseSmallIntBytes } from './byte-number.ts';
import { seededRandom } from './test-support.ts';

const enc = new TextEncoder();
const cell = (s: string, comma = false) => { const b = enc.encode(s); return parseNumberCell(b, 0, b.length, comma); };
const fast = (s: string) => { const b = enc.encode(s); return parseDecimalBytes(b, 0, b.length, false); };

describe('parseNumberCell', () => {
  it('reads plain decimals exactly like Number()', () => {
    for (const s of ['0', '-0', '1', '-1', '3.25', '0.34600000000000003', '-86.61963653564453', '33.532588958740234', '1e3', '1.5E-7',
      '-2.5e+10', '123456789012345678', '0.1', '7206', '100.0', '.5', '5.', '+4', '1e-400', '0.000001234']) {
      expect(cell(s), s).toBe(Number(s));
    }
  });

  it('matches Number() on many random doubles written the shortest way', () => {
    const rnd = seededRandom(7);
    for (let i = 0; i < 20000; i++) {
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 4);
      const s = String(x);
      expect(cell(s)).toBe(Number(s));
      const f = x.toFixed(Math.floor(rnd() * 8));
      expect(cell(f)).toBe(Number(f));
    }
  });

  it('takes the fast path for short mantissas and declines long ones', () => {
    expect(fast('123.456')).toBe(123.456);
    expect(Number.isNaN(fast('33.532588958740234'))).toBe(true); // 17 digits: slow path
    expect(Number.isNaN(fast('0x10'))).toBe(true);
  });

  it('refuses text, blanks, hex and non-finite literals', () => {
    for (const s of ['abc', '', ' ', '1,5', '0x10', 'NaN', 'Infinity', '-inf', '1e5x', '--1', '1.2.3']) expect(cell(s), s).toBeNaN();
    expect(cell('1e400')).toBeNaN(); // overflows to Infinity: not finite
  });

  it('accepts a decimal comma when asked', () => {
    expect(cell('1,5', true)).toBe(1.5);
    expect(cell('-0,25', true)).toBe(-0.25);
  });

  it('tells non-finite literals from text', () => {
    expect(badNumberKind('NaN')).toBe('non-finite');
    expect(badNumberKind('-Inf')).toBe('non-finite');
    expect(badNumberKind('inf')).toBe('non-finite');
    expect(badNumberKind('1e999')).toBe('non-finite');
    expect(badNumberKind('fast')).toBe('not-a-number');
  });

  it('reads small integers', () => {
    const b = enc.encode('32768x');
    expect(parseSmallIntBytes(b, 0, 5)).toBe(32768);
    expect(parseSmallIntBytes(b, 0, 6)).toBe(-1);
    expect(parseSmallIntBytes(b, 0, 0)).toBe(-1);
  });
});
