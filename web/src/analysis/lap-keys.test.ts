import { describe, expect, it } from 'vitest';
import { formatLapsParam, makeReference, parseLapsParam, toggleLap } from './lap-keys.ts';

describe('compared lap keys', () => {
  it('parses bare and qualified laps, dropping junk and repeats', () => {
    expect(parseLapsParam('3,other:5,x,3,other:z', 's1')).toEqual([
      { sessionId: 's1', lap: 3 },
      { sessionId: 'other', lap: 5 },
    ]);
    expect(parseLapsParam(null, 's1')).toEqual([]);
  });
  it('writes what it parses', () => {
    const keys = [
      { sessionId: 's1', lap: 4 },
      { sessionId: 's2', lap: 2 },
    ];
    const text = formatLapsParam(keys, 's1');
    expect(text).toBe('4,s2:2');
    expect(parseLapsParam(text, 's1')).toEqual(keys);
  });
  it('toggles laps and moves a lap to the reference place', () => {
    const a = { sessionId: 's', lap: 1 };
    const b = { sessionId: 's', lap: 2 };
    expect(toggleLap([a], b)).toEqual([a, b]);
    expect(toggleLap([a, b], a)).toEqual([b]);
    expect(makeReference([a, b], b)).toEqual([b, a]);
  });
});
