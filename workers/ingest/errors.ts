// Typed import errors. Each names the file and, where it applies, the line, column, byte offset
// or channel, so that a worker, the CLI or the HTTP layer can report exactly what was wrong and where.

export interface IngestErrorLocation {
  file: string;
  line?: number;
  column?: number;
  byteOffset?: number;
  channel?: string;
}

export type IngestErrorCode =
  | 'empty-file'
  | 'unknown-format'
  | 'bad-magic'
  | 'truncated'
  | 'ragged-row'
  | 'not-a-number'
  | 'non-finite'
  | 'too-large'
  | 'zip-bomb'
  | 'bad-header'
  | 'no-data'
  | 'unsupported';

export class IngestError extends Error {
  override readonly name = 'IngestError';
  constructor(
    readonly code: IngestErrorCode,
    readonly detail: string,
    readonly where: IngestErrorLocation,
  ) {
    super(formatIngestMessage(code, detail, where));
  }
}

function formatIngestMessage(code: IngestErrorCode, detail: string, w: IngestErrorLocation): string {
  const parts = [w.file];
  if (w.line !== undefined) parts.push(`line ${w.line}`);
  if (w.column !== undefined) parts.push(`column ${w.column}`);
  if (w.byteOffset !== undefined) parts.push(`byte ${w.byteOffset}`);
  if (w.channel !== undefined) parts.push(`channel '${w.channel}'`);
  return `${parts.join(', ')}: ${detail} [${code}]`;
}

/** Plain-object form of an IngestError that survives structured clone across a worker boundary. */
export interface IngestErrorShape {
  name: 'IngestError';
  code: IngestErrorCode;
  detail: string;
  where: IngestErrorLocation;
  message: string;
}

export function toErrorShape(e: unknown): IngestErrorShape | { name: string; message: string } {
  if (e instanceof IngestError) return { name: 'IngestError', code: e.code, detail: e.detail, where: e.where, message: e.message };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}
