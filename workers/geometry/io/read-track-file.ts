// Reads a track map file into a TrackSource, whatever its format: GeoJSON, zaggyai JSON, KML, KMZ/ZIP,
// GPX, shapefile (.shp, or a ZIP with .shp/.dbf/.prj) or centre-line CSV. Detection by content first,
// then by extension.

import { unzipSync } from 'fflate';
import { IngestError } from '../../ingest/errors.ts';
import type { InputFile } from '../../ingest/input.ts';
import type { TrackSource } from '../types.ts';
import { readCentrelineCsv } from './centreline-csv.ts';
import { readGeoJson } from './geojson.ts';
import { readGpx } from './gpx.ts';
import { readKml } from './kml.ts';
import { decodeText } from './pieces.ts';
import { isShapefile, readShapefile } from './shapefile.ts';
import { isZaggyaiTrack, readZaggyai } from './zaggyai.ts';

/** Largest track file or unpacked ZIP accepted (track maps are small). */
export const MAX_TRACK_FILE_BYTES = 64 * 1024 * 1024;

export async function readTrackInput(input: InputFile): Promise<TrackSource> {
  if (input.blob.size > MAX_TRACK_FILE_BYTES) {
    throw new IngestError('too-large', `track files are limited to ${MAX_TRACK_FILE_BYTES} bytes`, { file: input.name });
  }
  return readTrackFile(input.name, new Uint8Array(await input.blob.arrayBuffer()));
}

export function readTrackFile(file: string, data: Uint8Array | string): TrackSource {
  const bytes = typeof data === 'string' ? null : data;
  if (bytes && bytes.length === 0) throw new IngestError('empty-file', 'the file is empty', { file });
  if (typeof data === 'string' && data.trim() === '') throw new IngestError('empty-file', 'the file is empty', { file });
  if (bytes && bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) {
    return readZip(file, bytes);
  }
  if (bytes && isShapefile(bytes)) return readShapefile({ shp: bytes }, file);
  const text = decodeText(data);
  const head = text.trimStart();
  const ext = file.toLowerCase().split('.').pop() ?? '';
  if (head.startsWith('{') || head.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new IngestError('bad-header', `invalid JSON: ${(e as Error).message}`, { file });
    }
    return isZaggyaiTrack(doc) ? readZaggyai(doc, file) : readGeoJson(doc, file);
  }
  if (head.startsWith('<')) {
    if (/<(?:[\w.-]+:)?gpx[\s>]/i.test(head.slice(0, 4096)) || ext === 'gpx') return readGpx(text, file);
    return readKml(text, file);
  }
  if (ext === 'shp') throw new IngestError('bad-magic', 'not a shapefile (file code 9994 expected)', { file, byteOffset: 0 });
  return readCentrelineCsv(text, file);
}

function readZip(file: string, bytes: Uint8Array): TrackSource {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.endsWith('/') || f.name.startsWith('__MACOSX/')) return false;
        total += f.originalSize;
        if (total > MAX_TRACK_FILE_BYTES) {
          throw new IngestError('zip-bomb', `unpacks to more than ${MAX_TRACK_FILE_BYTES} bytes`, { file });
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof IngestError) throw e;
    throw new IngestError('truncated', `bad ZIP: ${(e as Error).message}`, { file });
  }
  const names = Object.keys(entries);
  const byExt = (x: string): string[] => names.filter((n) => n.toLowerCase().endsWith(`.${x}`));
  const shp = byExt('shp')[0];
  if (shp) {
    const stem = shp.slice(0, -4).toLowerCase();
    const sibling = (x: string): Uint8Array | undefined => {
      const n = names.find((m) => m.toLowerCase() === `${stem}.${x}`);
      return n ? entries[n] : undefined;
    };
    return readShapefile({ shp: entries[shp], dbf: sibling('dbf'), prj: sibling('prj') }, `${file}/${shp}`);
  }
  for (const x of ['kml', 'geojson', 'json', 'gpx', 'csv', 'txt']) {
    const hit = byExt(x).sort((a, b) => (a.endsWith('doc.kml') ? -1 : b.endsWith('doc.kml') ? 1 : 0))[0];
    if (hit) return readTrackFile(`${file}/${hit}`, entries[hit]);
  }
  throw new IngestError('unknown-format', `no track file (.shp, .kml, .geojson, .json, .gpx, .csv) in the ZIP: ${names.join(', ')}`, {
    file,
  });
}
