import { describe, expect, it } from 'vitest';
import type { Channel, Session } from '../../model/session.ts';
import { fixLatLonDividedBy60 } from './latlon-scale.ts';

function gps(lat: number[], lon: number[]): Session {
  const ch = (name: string, values: number[]): Channel => ({
    name, sourceName: name, unit: 'deg', kind: 'continuous', timeS: Float64Array.from(values.map((_, i) => i)), values: Float64Array.from(values),
  });
  return { meta: { event: '', sessionName: '', track: '', vehicleId: '', vehicleNumber: '', driver: '', startTimeMs: null, sourceFile: '', sourceFormat: '' }, channels: [ch('lat', lat), ch('lon', lon)] };
}

describe('lat/lon divided by 60', () => {
  it('multiplies back a pair that would sit in the Gulf of Guinea, ignoring no-fix zeros', () => {
    const s = gps([0, 39.79 / 60], [0, -86.23 / 60]);
    expect(fixLatLonDividedBy60(s)).toBe(true);
    expect(s.channels[0].values[1]).toBeCloseTo(39.79, 9);
    expect(s.channels[1].values[1]).toBeCloseTo(-86.23, 9);
    expect(s.channels[0].values[0]).toBe(0);
    expect(s.warnings).toHaveLength(1);
  });

  it('leaves real positions alone, even near the equator or the prime meridian', () => {
    expect(fixLatLonDividedBy60(gps([1.29, 1.3], [103.8, 103.9]))).toBe(false); // Singapore
    expect(fixLatLonDividedBy60(gps([50.86, 50.87], [-0.76, -0.75]))).toBe(false); // Goodwood
    expect(fixLatLonDividedBy60(gps([0, 0], [0, 0]))).toBe(false); // never had a fix
  });
});
