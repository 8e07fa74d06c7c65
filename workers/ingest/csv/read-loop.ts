// The shared streaming loop of the CSV importers: size limit, chunks into the tokenizer, progress
// (throttled), cancellation, and the empty-file check.

import { IngestError } from '../errors.ts';
import type { ImportOptions } from '../importer.ts';
import { DEFAULT_LIMITS, readChunks, type InputFile } from '../input.ts';
import type { CsvTokenizer } from './tokenizer.ts';

const PROGRESS_STEP_BYTES = 4 << 20;

export function checkSize(input: InputFile, options: ImportOptions): void {
  const max = options.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  if (input.blob.size > max) {
    throw new IngestError('too-large', `the file is ${(input.blob.size / 1e6).toFixed(0)} MB; the limit is ${(max / 1e6).toFixed(0)} MB`, { file: input.name });
  }
  if (input.blob.size === 0) throw new IngestError('empty-file', 'the file is empty', { file: input.name });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The import was cancelled', 'AbortError');
}

/** Streams the whole input through `tok`, reporting 'read' progress; then ends the tokenizer. */
export async function streamThrough(input: InputFile, tok: CsvTokenizer, options: ImportOptions): Promise<void> {
  checkSize(input, options);
  const total = input.blob.size;
  let done = 0;
  let nextReport = 0;
  const report = options.onProgress;
  for await (const chunk of readChunks(input)) {
    throwIfAborted(options.signal);
    tok.push(chunk);
    done += chunk.length;
    if (report && done >= nextReport) {
      report({ file: input.name, phase: 'read', bytesDone: done, bytesTotal: total });
      nextReport = done + Math.max(PROGRESS_STEP_BYTES, total / 100);
    }
  }
  throwIfAborted(options.signal);
  tok.end();
  report?.({ file: input.name, phase: 'build', bytesDone: total, bytesTotal: total });
}
