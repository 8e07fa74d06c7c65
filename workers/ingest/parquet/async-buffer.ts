// hyparquet's AsyncBuffer over an InputFile: random-access slices of the Blob (readSlice), so a
// Parquet file is read footer first and then one column chunk at a time, never whole.

import type { AsyncBuffer } from 'hyparquet';
import { readSlice, type InputFile } from '../input.ts';

export function asyncBufferFromInput(input: InputFile, signal?: AbortSignal): AsyncBuffer {
  const size = input.blob.size;
  return {
    byteLength: size,
    slice: async (start: number, end?: number): Promise<ArrayBuffer> => {
      signal?.throwIfAborted();
      const bytes = await readSlice(input, start, end ?? size);
      return bytes.buffer as ArrayBuffer;
    },
  };
}
