import { describe, expect, it } from 'vitest';
import { lapProfile, profileAt } from './lap-profile.ts';

describe('lap profile', () => {
  it('gives the mean along the lap across laps, wraps at the line, and ignores a pit-lane pass', () => {
    const L = 1000;
    const d: number[] = [];
    const v: number[] = [];
    for (let lap = 0; lap < 6; lap++) {
      for (let s = 0; s < L; s += 0.5) {
        d.push(lap * L + s);
        // the line: 2 sin(2πs/L); lap 3 runs down the pit lane (20 m off) over 400–600 m
        v.push(lap === 3 && s > 400 && s < 600 ? 20 : 2 * Math.sin((2 * Math.PI * s) / L) + (lap % 2 ? 0.05 : -0.05));
      }
    }
    const p = lapProfile(Float64Array.from(v), Float64Array.from(d), L, { binM: 2, halfBins: 2, minCount: 3, gate: 3 });
    for (const s of [1, 250, 500, 750, 999]) expect(profileAt(p, s)).toBeCloseTo(2 * Math.sin((2 * Math.PI * s) / L), 1);
    // unwrapped and negative distances land on the same spot
    expect(profileAt(p, 3 * L + 250)).toBeCloseTo(profileAt(p, 250), 12);
    expect(profileAt(p, -750)).toBeCloseTo(profileAt(p, 250), 12);
  });
});
