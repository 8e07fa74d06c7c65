// Test support: await a promise that must fail with an IngestError and return that error.

import { IngestError } from './errors.ts';

export async function ingestError(p: Promise<unknown>): Promise<IngestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('expected an IngestError');
}
