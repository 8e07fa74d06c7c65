import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.ts';
import { writeLdxFixture } from './ld-fixture.ts';
import { looksLikeLdx, parseLdx } from './ldx.ts';

describe('MoTeC .ldx lap file', () => {
  it('reads beacon times (microseconds in the file) as ascending seconds, and the details', () => {
    const laps = parseLdx(writeLdxFixture([212.1, 101.25]), 'a.ldx');
    expect(laps.beaconTimesS.map((t) => Math.round(t * 1e6) / 1e6)).toEqual([101.25, 212.1]);
    expect(laps.details['Total Laps']).toBe('3');
  });

  it('ignores markers outside the Beacons group', () => {
    const xml = '<LDXFile><MarkerGroup Name="Other"><Marker Time="5e6"/></MarkerGroup><MarkerGroup Name="Beacons"><Marker Time="1.5e+08"/></MarkerGroup></LDXFile>';
    expect(parseLdx(xml, 'a.ldx').beaconTimesS).toEqual([150]);
  });

  it('refuses text that is not an .ldx file', () => {
    expect(looksLikeLdx('<?xml version="1.0"?><gpx/>')).toBe(false);
    expect(() => parseLdx('not xml', 'a.ldx')).toThrow(IngestError);
  });

  it('refuses a beacon without a numeric time, with its line', () => {
    const xml = '<LDXFile>\n<MarkerGroup Name="Beacons">\n<Marker Time="soon"/>\n</MarkerGroup></LDXFile>';
    try {
      parseLdx(xml, 'a.ldx');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).code).toBe('not-a-number');
      expect((e as IngestError).where.line).toBe(3);
    }
  });
});
