import { describe, expect, it } from 'vitest';
import { SharedRuns } from './shared-runs.ts';

describe('SharedRuns', () => {
  it('runs once per key, gives every caller the progress, and retries after a failure', async () => {
    let starts = 0;
    let fail = true;
    const runs = new SharedRuns<string, number>(async (key, report) => {
      starts++;
      report(0.5);
      await Promise.resolve();
      if (key === 'bad' && fail) throw new Error('boom');
      return `${key}!`;
    });
    const seenA: number[] = [];
    const seenB: number[] = [];
    const a = runs.get('s1', (p) => seenA.push(p));
    const b = runs.get('s1', (p) => seenB.push(p));
    expect(await a).toBe('s1!');
    expect(await b).toBe('s1!');
    expect(starts).toBe(1);
    expect(seenA).toEqual([0.5]);
    expect(runs.has('s1')).toBe(true);
    await expect(runs.get('bad')).rejects.toThrow('boom');
    expect(runs.has('bad')).toBe(false);
    fail = false;
    expect(await runs.get('bad')).toBe('bad!');
    runs.set('s1', Promise.resolve('new'));
    expect(await runs.get('s1')).toBe('new');
    runs.delete('s1');
    expect(runs.keys()).toEqual(['bad']);
  });
});
