import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../ingest/errors.ts';
import { inputFromBytes } from '../../ingest/input.ts';
import { ringLonLat, writeDbf, writeShp } from './fixtures.ts';
import { readTrackFile, readTrackInput } from './read-track-file.ts';

const enc = (t: string) => new TextEncoder().encode(t);
const RING = ringLonLat(60, 200);
const geojson = JSON.stringify({ type: 'LineString', coordinates: RING.map((p) => p.slice(0, 2)) });
const kml = `<kml><Placemark><name>K</name><LineString><coordinates>${RING.map((p) => `${p[0]},${p[1]}`).join(' ')}</coordinates></LineString></Placemark></kml>`;
const gpx = `<?xml version="1.0"?><gpx><trk><trkseg>${RING.map((p) => `<trkpt lat="${p[1]}" lon="${p[0]}"/>`).join('')}</trkseg></trk></gpx>`;
const zaggy = JSON.stringify({ name: 'Z', pts: RING.map((p) => ({ lat: Math.round(p[1] * 1e7), lon: Math.round(p[0] * 1e7), elev: 0 })) });
const csv = '# x_m,y_m\n' + RING.map((_p, i) => `${100 * Math.cos(i / 9.5)},${100 * Math.sin(i / 9.5)}`).join('\n');

describe('readTrackFile: format by content', () => {
  it.each([
    ['track.json', geojson, 'geojson'],
    ['track.txt', kml, 'kml'],
    ['track.xml', gpx, 'gpx'],
    ['barber.json', zaggy, 'zaggyai'],
    ['Austin.csv', csv, 'csv'],
  ])('%s → %s', (name, text, format) => {
    expect(readTrackFile(name, enc(text)).sourceFormat).toBe(format);
    expect(readTrackFile(name, text).sourceFormat).toBe(format);
  });

  it('a bare .shp and a ZIP of .shp/.dbf/.prj', () => {
    const shp = writeShp([{ type: 3, parts: [RING.map((p) => [p[0], p[1]] as [number, number])] }]);
    expect(readTrackFile('ring.shp', shp).sourceFormat).toBe('shapefile');
    const zip = zipSync({
      'ring/Ring.SHP': shp,
      'ring/ring.dbf': writeDbf('Name', ['Zipped Ring']),
      'ring/ring.prj': enc('GEOGCS["WGS 84"]'),
      '__MACOSX/ring/._Ring.SHP': new Uint8Array(10),
    });
    const src = readTrackFile('ring.zip', zip);
    expect(src.sourceFormat).toBe('shapefile');
    expect(src.name).toBe('Zipped Ring');
    expect(src.sourceFile).toBe('ring.zip/ring/Ring.SHP');
  });

  it('KMZ (zip with doc.kml) and a ZIP with a GeoJSON', () => {
    expect(readTrackFile('ring.kmz', zipSync({ 'doc.kml': enc(kml), 'files/icon.png': new Uint8Array(4) })).name).toBe('K');
    expect(readTrackFile('t.zip', zipSync({ 'a/track.geojson': enc(geojson) })).sourceFormat).toBe('geojson');
  });

  it('readTrackInput reads a Blob-backed InputFile', async () => {
    const src = await readTrackInput(inputFromBytes('ring.gpx', enc(gpx)));
    expect(src.sourceFormat).toBe('gpx');
  });

  it('empty files, ZIPs without a track, broken JSON and oversized ZIPs are refused', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(IngestError);
        return (e as IngestError).code;
      }
      return 'no error';
    };
    expect(code(() => readTrackFile('e.kml', new Uint8Array(0)))).toBe('empty-file');
    expect(code(() => readTrackFile('e.kml', '  \n'))).toBe('empty-file');
    expect(code(() => readTrackFile('x.zip', zipSync({ 'readme.md': enc('hi') })))).toBe('unknown-format');
    expect(code(() => readTrackFile('x.json', '{"type": '))).toBe('bad-header');
    expect(code(() => readTrackFile('x.shp', 'not a shapefile'))).toBe('bad-magic');
    // 65 MB of zeros compress to ~64 kB: refused from the ZIP directory sizes, before inflating.
    const bomb = zipSync({ 'big.csv': new Uint8Array(65 * 1024 * 1024) }, { level: 1 });
    expect(code(() => readTrackFile('bomb.zip', bomb))).toBe('zip-bomb');
  });
});
