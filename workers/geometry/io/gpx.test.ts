import { describe, expect, it } from 'vitest';
import { IngestError } from '../../ingest/errors.ts';
import { buildTrackModel } from '../build.ts';
import { ringLonLat } from './fixtures.ts';
import { readGpx } from './gpx.ts';

const RING = ringLonLat(100, 200, 500);
const pt = (tag: string, p: number[], i: number) =>
  i % 2 ? `<${tag} lon="${p[0]}" lat='${p[1]}'><ele>${p[2]}</ele></${tag}>` : `<${tag} lat="${p[1]}" lon="${p[0]}"/>`;

describe('GPX track reader', () => {
  it('track segments are chained; elevation where given; a start/finish waypoint', () => {
    const seg1 = RING.slice(0, 60).map((p, i) => pt('trkpt', p, i)).join('\n');
    const seg2 = RING.slice(59).map((p, i) => pt('trkpt', p, i + 1)).join('\n');
    const gpx = `<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="${RING[20][1]}" lon="${RING[20][0]}"><name>Start-Finish</name></wpt>
  <trk><name>Test ring</name>
    <trkseg>
${seg1}
    </trkseg>
    <trkseg>
${seg2}
    </trkseg>
  </trk>
</gpx>`;
    const src = readGpx(new TextEncoder().encode(gpx), 'ring.gpx');
    expect(src.name).toBe('Test ring');
    expect(src.startFinish).toEqual({ frame: 'wgs84', latDeg: RING[20][1], lonDeg: RING[20][0] });
    expect(Number.isNaN(src.elevationM![0])).toBe(true);
    expect(src.elevationM![1]).toBeCloseTo(RING[1][2], 9);
    const m = buildTrackModel(src);
    expect(Math.abs(m.grid.lengthM - 2 * Math.PI * 200)).toBeLessThan(0.02);
    expect(m.grid.elevationM).not.toBeNull();
  });

  it('routes (rte/rtept) are read too', () => {
    const gpx = `<gpx><rte><name>R</name>${RING.map((p, i) => pt('rtept', p, i)).join('')}</rte></gpx>`;
    expect(readGpx(gpx, 'r.gpx').name).toBe('R');
  });

  it('a point without a valid lat/lon is an IngestError on its line', () => {
    const gpx = `<gpx>\n<trk>\n<trkseg>\n<trkpt lat="47.1" lon="14.1"/>\n<trkpt lat="x" lon="14.2"/>\n</trkseg></trk></gpx>`;
    try {
      readGpx(gpx, 'bad.gpx');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).where.line).toBe(5);
    }
    expect(() => readGpx('<gpx></gpx>', 'empty.gpx')).toThrow(/no track or route/);
  });
});
