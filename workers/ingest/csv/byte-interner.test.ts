import { describe, expect, it } from 'vitest';
import { ByteInterner } from './byte-interner.ts';

describe('ByteInterner', () => {
  it('gives equal bytes one id and decodes the text once', () => {
    const bytes = new TextEncoder().encode('accx_can,speed,accx_can,Höhe,speed');
    const it = new ByteInterner();
    const a = it.intern(bytes, 0, 8);
    const b = it.intern(bytes, 9, 14);
    expect(it.intern(bytes, 15, 23)).toBe(a);
    const c = it.intern(bytes, 24, 29);
    expect(it.intern(bytes, 30, 35)).toBe(b);
    expect([a, b, c]).toEqual([0, 1, 2]);
    expect(it.text(c)).toBe('Höhe');
    expect(it.internString('speed')).toBe(b);
  });

  it('keeps ids stable while the table grows', () => {
    const it = new ByteInterner();
    const ids = new Map<string, number>();
    for (let i = 0; i < 5000; i++) ids.set(`ch${i}`, it.internString(`ch${i}`));
    for (const [k, id] of ids) { expect(it.internString(k)).toBe(id); expect(it.text(id)).toBe(k); }
    expect(it.size).toBe(5000);
  });
});
