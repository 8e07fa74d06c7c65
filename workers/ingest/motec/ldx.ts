// MoTeC .ldx lap file: the XML that i2 keeps beside a .ld, holding beacon (lap marker) times in
// microseconds from the start of the log. Parsed with a small tag scanner (no DOMParser in workers).

import { IngestError } from '../errors.ts';

export interface LdxLaps {
  /** Beacon times, seconds from the start of the log, ascending. */
  beaconTimesS: number[];
  /** The <Details> strings (e.g. 'Total Laps', 'Fastest Time'). */
  details: Record<string, string>;
}

/** True when the text looks like an .ldx file. */
export function looksLikeLdx(text: string): boolean {
  return /<LDXFile[\s>]/.test(text);
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

export function parseLdx(text: string, fileName: string): LdxLaps {
  if (!looksLikeLdx(text)) {
    throw new IngestError('bad-header', 'not a MoTeC .ldx file: no <LDXFile> element', { file: fileName, byteOffset: 0 });
  }
  const beaconTimesS: number[] = [];
  const groups = text.matchAll(/<MarkerGroup\b([^>]*)>([\s\S]*?)<\/MarkerGroup>/g);
  for (const g of groups) {
    if (attributes(g[1]).Name !== 'Beacons') continue;
    for (const m of g[2].matchAll(/<Marker\b([^>]*?)\/?>/g)) {
      const raw = attributes(m[1]).Time;
      const us = raw === undefined ? NaN : Number(raw);
      if (raw === undefined || raw.trim() === '' || !Number.isFinite(us)) {
        const line = text.slice(0, (g.index ?? 0) + g[0].indexOf(m[0])).split('\n').length;
        throw new IngestError('not-a-number', `beacon marker has no valid Time attribute ('${raw ?? ''}')`, { file: fileName, line });
      }
      beaconTimesS.push(us / 1e6);
    }
  }
  beaconTimesS.sort((a, b) => a - b);
  const details: Record<string, string> = {};
  for (const m of text.matchAll(/<String\b([^>]*?)\/?>/g)) {
    const a = attributes(m[1]);
    if (a.Id !== undefined && a.Value !== undefined) details[a.Id] = a.Value;
  }
  return { beaconTimesS, details };
}
