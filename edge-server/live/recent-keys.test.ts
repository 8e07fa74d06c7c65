import { describe, expect, it } from 'vitest';
import { RecentKeys } from './recent-keys.ts';

describe('RecentKeys', () => {
  it('tells a repeated time from a new one, remembering the last `capacity` times', () => {
    const k = new RecentKeys(3);
    expect([k.check(1), k.check(2), k.check(1), k.check(3), k.check(4)]).toEqual([false, false, true, false, false]);
    // 1 was evicted by 4
    expect(k.check(1)).toBe(false);
    expect(k.check(4)).toBe(true);
  });
});
