import { describe, expect, it } from 'vitest';
import { energyParams, parseEnergyParams } from './energy-route.ts';

describe('energy route parameters', () => {
  it('round-trip a lap, a lap difference and a driver difference', () => {
    const cases = [
      { lapA: 3, mode: 'lap' as const, b: null },
      { lapA: 3, mode: 'laps' as const, b: { sessionId: 's1', lap: 5 } },
      { lapA: 4, mode: 'drivers' as const, b: { sessionId: 'abc:def', lap: 2 } },
    ];
    for (const c of cases) expect(parseEnergyParams(new URLSearchParams(energyParams('s1', c)), 's1')).toEqual(c);
    expect(energyParams('s1', cases[1])).toEqual({ session: 's1', lap: '3', mode: 'laps', b: '5' });
  });

  it('ignore what does not parse', () => {
    expect(parseEnergyParams(new URLSearchParams('lap=x&mode=odd&b=7'), 's')).toEqual({ lapA: null, mode: 'lap', b: null });
    expect(parseEnergyParams(new URLSearchParams('mode=laps&b=y'), 's')).toEqual({ lapA: null, mode: 'laps', b: null });
  });
});
