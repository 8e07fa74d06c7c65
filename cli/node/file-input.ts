// A file on disk as an importer InputFile: a lazily read Blob (fs.openAsBlob), never loaded whole.

import { openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { InputFile } from '../../workers/ingest/input.ts';
import { CliError } from '../cli-error.ts';

export async function fileInput(path: string): Promise<InputFile> {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CliError(`${path}: no such file`, 1);
  }
  if (!isFile) throw new CliError(`${path}: not a regular file`, 1);
  return { name: basename(path), blob: await openAsBlob(path) };
}
