import { describe, expect, it } from 'vitest';
import { splitLaps } from './dataset.ts';

describe('splitLaps', () => {
  it('holds out about a third of the laps, spread from the last, and always trains on one', () => {
    expect(splitLaps([1, 2, 3])).toEqual({ train: [1, 2], heldOut: [3] });
    expect(splitLaps([1, 2, 3, 4, 5, 6])).toEqual({ train: [1, 2, 4, 5], heldOut: [3, 6] });
    expect(splitLaps([1, 2])).toEqual({ train: [1], heldOut: [2] });
    expect(() => splitLaps([1])).toThrow(/at least 2 laps/);
  });
});
