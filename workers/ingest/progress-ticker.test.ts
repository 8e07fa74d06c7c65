import { describe, expect, it } from 'vitest';
import type { ImportProgress } from './input.ts';
import { ProgressTicker } from './progress-ticker.ts';

describe('ProgressTicker', () => {
  it('reports every 1 % step, never twice for the same position, and always the end', () => {
    const seen: ImportProgress[] = [];
    const t = new ProgressTicker('f', 10_000, (p) => seen.push(p));
    for (let b = 0; b <= 10_000; b += 10) t.tick(b);
    t.finish();
    const done = seen.map((p) => p.bytesDone);
    expect(done.length).toBe(100);
    expect(done[0]).toBe(100);
    expect(done[done.length - 1]).toBe(10_000);
    for (let i = 1; i < done.length; i++) expect(done[i] - done[i - 1]).toBeLessThanOrEqual(100);
    expect(seen[0]).toMatchObject({ file: 'f', phase: 'read', bytesTotal: 10_000 });
  });

  it('accumulates pieces with add()', () => {
    const seen: number[] = [];
    const t = new ProgressTicker('f', 1000, (p) => seen.push(p.bytesDone));
    t.add(500);
    t.add(500);
    expect(seen).toEqual([500, 1000]);
  });
});
