// Format detection from content: magic bytes first (Parquet, gzip, ZIP, MoTeC .ld), then the text
// sniffers of the importers (.ldx, VBOX, CSV); the file name only breaks ties and names what was
// expected when the content matches nothing ('bad-magic' rather than 'unknown-format').

import { IngestError } from './errors.ts';
import type { FormatImporter } from './importer.ts';
import { readSlice, type InputFile } from './input.ts';
import { looksLikeLdx } from './motec/ldx.ts';

export const HEAD_BYTES = 64 * 1024;

export type Detection =
  | { kind: 'importer'; importer: FormatImporter }
  | { kind: 'gzip' }
  | { kind: 'zip' }
  | { kind: 'ldx' };

/** Extension → what its content must be. Binary formats require their magic; text ones a sniffer. */
const BY_EXTENSION: Record<string, { expect: string; binary: boolean; id: string }> = {
  ld: { expect: "a MoTeC .ld header (marker 40 00 00 00 at byte 0)", binary: true, id: 'motec-ld' },
  parquet: { expect: "a Parquet file ('PAR1' at byte 0)", binary: true, id: 'parquet' },
  pq: { expect: "a Parquet file ('PAR1' at byte 0)", binary: true, id: 'parquet' },
  gz: { expect: 'a gzip stream (1f 8b at byte 0)', binary: true, id: 'gzip' },
  gzip: { expect: 'a gzip stream (1f 8b at byte 0)', binary: true, id: 'gzip' },
  zip: { expect: "a ZIP archive ('PK' 03 04 at byte 0)", binary: true, id: 'zip' },
  ldx: { expect: 'a MoTeC .ldx XML file (<LDXFile>)', binary: false, id: 'ldx' },
  vbo: { expect: "a VBOX file ('File created on' or '[header]')", binary: false, id: 'vbox' },
  csv: { expect: 'a CSV table', binary: false, id: 'csv' },
  tsv: { expect: 'a tab-separated table', binary: false, id: 'csv' },
  txt: { expect: 'a text table', binary: false, id: 'csv' },
};

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** Valid UTF-8 without control characters other than tab, CR and LF. */
function looksLikeText(sample: Uint8Array): boolean {
  if (sample.length === 0) return false;
  for (const b of sample) if ((b < 32 && b !== 9 && b !== 10 && b !== 13) || b === 127) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** A short, safe description of the first bytes, for 'unknown-format' and 'bad-magic' messages. */
export function describeHead(head: Uint8Array): string {
  const first = head.subarray(0, 16);
  const hex = [...first].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  if (!looksLikeText(head.subarray(0, 512))) return `binary data starting ${hex}`;
  const text = new TextDecoder('utf-8').decode(head.subarray(0, 48)).replace(/\s+/g, ' ').trim();
  let guess = 'text';
  if (/^[{[]/.test(text)) guess = 'text that looks like JSON';
  else if (/^<\?xml|^</i.test(text)) guess = 'text that looks like XML/HTML';
  return `${guess} starting '${text}' (${hex})`;
}

/** What to do with a file, from its first bytes and (only to break ties or to explain a mismatch) its name. */
export function detectFromHead(head: Uint8Array, name: string, importers: readonly FormatImporter[]): Detection {
  const byId = (id: string) => importers.find((i) => i.id === id);
  const ext = extensionOf(name);
  const expected = BY_EXTENSION[ext];

  const parquet = byId('parquet');
  if (parquet && startsWith(head, [0x50, 0x41, 0x52, 0x31])) return { kind: 'importer', importer: parquet };
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'gzip' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  const ld = byId('motec-ld');
  if (ld?.sniff(head, name)) return { kind: 'importer', importer: ld };

  if (expected?.binary) {
    throw new IngestError('bad-magic', `the name says ${expected.expect}, but the file holds ${describeHead(head)}`, { file: name, byteOffset: 0 });
  }
  const text = new TextDecoder('utf-8').decode(head.subarray(0, 4096));
  if (looksLikeLdx(text)) return { kind: 'ldx' };

  // Content alone first (sniffed without the name); only when nothing claims it does the name help.
  const textImporters = importers.filter((i) => i !== parquet && i !== ld);
  let candidates = textImporters.filter((i) => i.sniff(head, ''));
  if (candidates.length === 0) candidates = textImporters.filter((i) => i.sniff(head, name));
  if (candidates.length > 0) {
    const byName = expected ? candidates.find((c) => c.id === expected.id || c.id.endsWith(expected.id)) : undefined;
    return { kind: 'importer', importer: byName ?? candidates[0] };
  }
  if (expected) {
    throw new IngestError('bad-magic', `the name says ${expected.expect}, but the file holds ${describeHead(head)}`, { file: name, byteOffset: 0 });
  }
  throw new IngestError('unknown-format', `not a format this app reads (Parquet, MoTeC .ld/.ldx, VBOX .vbo, CSV, or those in ZIP/gzip); the file holds ${describeHead(head)}`, {
    file: name,
    byteOffset: 0,
  });
}

export async function readHead(input: InputFile): Promise<Uint8Array> {
  return readSlice(input, 0, Math.min(HEAD_BYTES, input.blob.size));
}

export async function detectFormat(input: InputFile, importers: readonly FormatImporter[]): Promise<Detection> {
  return detectFromHead(await readHead(input), input.name, importers);
}
