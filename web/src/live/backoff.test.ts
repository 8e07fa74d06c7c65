import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('live reconnect backoff', () => {
  it('doubles from 250 ms to a 5 s ceiling and starts over after reset', () => {
    const b = new Backoff({ random: () => 0.5 });
    expect([1, 2, 3, 4, 5, 6, 7].map(() => b.next())).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    b.reset();
    expect(b.next()).toBe(250);
  });
  it('jitters by at most ±20 %', () => {
    expect(new Backoff({ random: () => 0 }).next()).toBe(200);
    expect(new Backoff({ random: () => 1 }).next()).toBe(300);
  });
});
