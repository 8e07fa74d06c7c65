// The CLI's one error path: usage mistakes (exit 2) and a readable message for any domain error.

import { IngestError } from '../workers/ingest/errors.ts';

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

export function describeError(e: unknown): string {
  if (e instanceof IngestError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
