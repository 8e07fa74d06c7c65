import { describe, expect, it } from 'vitest';
import { IngestError } from '../../ingest/errors.ts';
import { buildTrackModel } from '../build.ts';
import { ringLonLat } from './fixtures.ts';
import { readKml } from './kml.ts';

const RING = ringLonLat(90, 250, 300);

function kml(coords: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<kml:kml xmlns:kml="http://www.opengis.net/kml/2.2">
<!-- exported by a tool; <coordinates>0,0</coordinates> in a comment is ignored -->
<kml:Document><kml:name>Ring &amp; Co</kml:name>
  <kml:Placemark><kml:name>Centre line</kml:name>
    <kml:LineString><kml:tessellate>1</kml:tessellate>
      <kml:coordinates>
${coords}
      </kml:coordinates>
    </kml:LineString>
  </kml:Placemark>
  ${extra}
</kml:Document></kml:kml>`;
}

describe('KML track reader', () => {
  it('reads lon,lat,alt tuples under namespace prefixes, the placemark name and a start/finish point', () => {
    const coords = RING.map((p) => `${p[0]},${p[1]},${p[2]}`).join('\n');
    const sf = `<Placemark><name>Start / Finish</name><Point><coordinates>${RING[10][0]}, ${RING[10][1]}</coordinates></Point></Placemark>`;
    const src = readKml(new TextEncoder().encode(kml(coords, sf)), 'ring.kml');
    expect(src.name).toBe('Centre line');
    expect(src.sourceFormat).toBe('kml');
    expect(src.startFinish).toEqual({ frame: 'wgs84', lonDeg: RING[10][0], latDeg: RING[10][1] });
    expect(src.elevationM![0]).toBeCloseTo(300, 9);
    const m = buildTrackModel(src);
    expect(Math.abs(m.grid.lengthM - 2 * Math.PI * 250)).toBeLessThan(0.02);
    expect(m.grid.elevationM).not.toBeNull();
  });

  it('polygon outer ring (holes ignored) and gx:Track coordinates', () => {
    const outer = RING.map((p) => `${p[0]},${p[1]}`).join(' ');
    const inner = ringLonLat(10, 20).map((p) => `${p[0]},${p[1]}`).join(' ');
    const poly = `<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>${outer}</coordinates></LinearRing></outerBoundaryIs>
      <innerBoundaryIs><LinearRing><coordinates>${inner}</coordinates></LinearRing></innerBoundaryIs></Polygon></Placemark></kml>`;
    const src = readKml(poly, 'poly.kml');
    expect(src.points.frame === 'wgs84' && src.points.latDeg.length).toBe(90);
    const track = `<kml><Placemark><gx:Track>${RING.map((p) => `<when>x</when><gx:coord>${p[0]} ${p[1]} ${p[2]}</gx:coord>`).join('')}</gx:Track></Placemark></kml>`;
    const t = readKml(track, 'track.kml');
    expect(t.points.frame === 'wgs84' && t.points.lonDeg[5]).toBeCloseTo(RING[5][0], 12);
  });

  it('bad tuples and missing coordinates are IngestErrors with a line number', () => {
    const bad = kml(`${RING[0][0]},${RING[0][1]}\n${RING[1][0]},oops`);
    try {
      readKml(bad, 'bad.kml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).code).toBe('not-a-number');
      expect((e as IngestError).where.line).toBeGreaterThan(1);
    }
    expect(() => readKml('<kml><Document/></kml>', 'empty.kml')).toThrow(/no <coordinates>/);
  });
});
