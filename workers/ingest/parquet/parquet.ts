// Parquet importer (hyparquet): checks the PAR1 magic at both ends, reads the footer, then one row
// group at a time. Long GR Cup layout (telemetry_name/telemetry_value) or wide (time + channels).

import { parquetMetadataAsync, type FileMetaData } from 'hyparquet';
import type { Session } from '../../model/session.ts';
import { IngestError } from '../errors.ts';
import type { FormatImporter, ImportOptions } from '../importer.ts';
import { readSlice, type InputFile } from '../input.ts';
import { ProgressTicker } from '../progress-ticker.ts';
import { asyncBufferFromInput } from './async-buffer.ts';
import { MS_PARSERS, topLevelColumns } from './columns.ts';
import { fixLatLonDividedBy60 } from './latlon-scale.ts';
import { readLongParquet } from './long.ts';
import { readWideParquet } from './wide.ts';

export const PARQUET_FORMAT_ID = 'parquet';
const MAGIC = [0x50, 0x41, 0x52, 0x31]; // 'PAR1'

export function startsWithPar1(head: Uint8Array): boolean {
  return head.length >= 4 && MAGIC.every((b, i) => head[i] === b);
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Magic at both ends and a footer length that fits: 'bad-magic' / 'truncated' with the byte offset. */
export async function checkParquetFraming(input: InputFile): Promise<void> {
  const size = input.blob.size;
  const head = await readSlice(input, 0, Math.min(4, size));
  if (!startsWithPar1(head)) {
    throw new IngestError('bad-magic', `not a Parquet file: expected 'PAR1' (50 41 52 31) at byte 0, found ${hex(head)}`, { file: input.name, byteOffset: 0 });
  }
  if (size < 12) throw new IngestError('truncated', `a Parquet file needs at least 12 bytes, this one has ${size}`, { file: input.name, byteOffset: size });
  const tail = await readSlice(input, size - 8, size);
  if (!startsWithPar1(tail.subarray(4))) {
    throw new IngestError('truncated', `no 'PAR1' footer in the last 4 bytes (found ${hex(tail.subarray(4))}): the file is cut short or damaged`, {
      file: input.name,
      byteOffset: size - 4,
    });
  }
  const metaLength = new DataView(tail.buffer, tail.byteOffset, 8).getUint32(0, true);
  if (metaLength > size - 12) {
    throw new IngestError('truncated', `the footer says the metadata is ${metaLength} bytes but only ${size - 12} are available`, { file: input.name, byteOffset: size - 8 });
  }
}

/** Every column chunk must lie inside the file before the footer. */
function checkChunks(input: InputFile, metadata: FileMetaData): void {
  const limit = input.blob.size - 8 - metadata.metadata_length;
  for (const [g, rg] of metadata.row_groups.entries()) {
    for (const c of rg.columns) {
      const m = c.meta_data;
      if (!m) continue;
      const start = Number(m.dictionary_page_offset ?? m.data_page_offset);
      const end = start + Number(m.total_compressed_size);
      if (end > limit) {
        throw new IngestError('truncated', `row group ${g} column chunk runs from byte ${start} to ${end}, past the data area (${limit} bytes)`, {
          file: input.name,
          byteOffset: start,
          channel: m.path_in_schema.join('.'),
        });
      }
    }
  }
}

export async function readParquet(input: InputFile, options: ImportOptions = {}): Promise<Session[]> {
  await checkParquetFraming(input);
  const file = asyncBufferFromInput(input, options.signal);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file, { parsers: MS_PARSERS });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new IngestError('bad-header', `Parquet footer could not be read: ${e instanceof Error ? e.message : String(e)}`, { file: input.name, byteOffset: input.blob.size - 8 });
  }
  checkChunks(input, metadata);
  const ticker = new ProgressTicker(input.name, input.blob.size, options.onProgress);
  ticker.add(4 + metadata.metadata_length + 8);
  const columns = topLevelColumns(metadata);
  const names = new Set(columns.map((c) => c.name));
  const sessions =
    names.has('telemetry_name') && names.has('telemetry_value')
      ? await readLongParquet(input, file, metadata, columns, options, ticker, PARQUET_FORMAT_ID)
      : await readWideParquet(input, file, metadata, columns, options, ticker, PARQUET_FORMAT_ID);
  ticker.finish();
  for (const s of sessions) fixLatLonDividedBy60(s);
  return sessions;
}

export const parquetImporter: FormatImporter = {
  id: PARQUET_FORMAT_ID,
  sniff: (head) => startsWithPar1(head),
  read: readParquet,
};
