// Parquet column access shared by the wide and long readers: the top-level columns and their kinds,
// one row group's column read through hyparquet's lazy scan, and the values turned into numbers.

import { parquetScan, parquetSchema, type AsyncBuffer, type DecodedArray, type FileMetaData, type ParquetScan, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { IngestError } from '../errors.ts';

export type ColumnKind = 'number' | 'timestamp' | 'string' | 'other';

export interface ParquetColumn {
  name: string;
  kind: ColumnKind;
  element: SchemaElement;
}

/** Timestamps come back as epoch milliseconds (numbers), not Date objects. */
export const MS_PARSERS = {
  timestampFromMilliseconds: (ms: bigint): number => Number(ms),
  timestampFromMicroseconds: (us: bigint): number => Number(us) / 1e3,
  timestampFromNanoseconds: (ns: bigint): number => Number(ns) / 1e6,
  dateFromDays: (days: number): number => days * 86_400_000,
};

function kindOf(e: SchemaElement): ColumnKind {
  const lt = e.logical_type?.type;
  if (lt === 'TIMESTAMP' || e.type === 'INT96' || e.converted_type === 'TIMESTAMP_MILLIS' || e.converted_type === 'TIMESTAMP_MICROS') return 'timestamp';
  if (lt === 'STRING' || e.converted_type === 'UTF8' || lt === 'ENUM' || e.converted_type === 'ENUM') return 'string';
  if (lt === 'DATE' || e.converted_type === 'DATE' || lt === 'TIME') return 'other';
  if (e.type === 'INT32' || e.type === 'INT64' || e.type === 'FLOAT' || e.type === 'DOUBLE' || e.type === 'BOOLEAN') return 'number';
  if (e.type === 'BYTE_ARRAY' && e.converted_type === undefined && lt === undefined) return 'string';
  return 'other';
}

/** The file's top-level, non-nested columns. */
export function topLevelColumns(metadata: FileMetaData): ParquetColumn[] {
  return parquetSchema(metadata)
    .children.filter((c) => c.children.length === 0)
    .map((c) => ({ name: c.element.name, kind: kindOf(c.element), element: c.element }));
}

/** Compressed bytes of one column chunk in row group `group` (for progress). */
export function columnChunkBytes(metadata: FileMetaData, group: number, column: string): number {
  const chunk = metadata.row_groups[group]?.columns.find((c) => c.meta_data?.path_in_schema[0] === column);
  return Number(chunk?.meta_data?.total_compressed_size ?? 0);
}

export async function openScan(file: AsyncBuffer, metadata: FileMetaData, columns: string[]): Promise<ParquetScan> {
  return parquetScan({ file, metadata, columns, compressors, parsers: MS_PARSERS, useOffsetIndex: false });
}

/** One column of one row range, with hyparquet's decoding errors turned into an IngestError. */
export async function readColumn(scan: ParquetScan, fileName: string, column: string, rowStart: number, rowEnd: number): Promise<DecodedArray> {
  try {
    return await scan.readColumn({ column, rowStart, rowEnd });
  } catch (e) {
    if (e instanceof IngestError || (e instanceof DOMException && e.name === 'AbortError')) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new IngestError(/unsupported|not supported|codec/i.test(msg) ? 'unsupported' : 'bad-header', `Parquet column could not be decoded: ${msg}`, {
      file: fileName,
      channel: column,
    });
  }
}

/** A cell as a number: null/undefined → NaN-free `null`; bigint and boolean converted. */
export function cellNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return Number.NaN;
}
