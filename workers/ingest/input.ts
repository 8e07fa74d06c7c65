// What an importer reads: a named Blob (a browser File, or Node's fs.openAsBlob), read in
// streamed chunks or by random-access slices, never whole, and the progress it reports.

export interface InputFile {
  name: string;
  blob: Blob;
}

export interface ImportProgress {
  file: string;
  /** 'read' while bytes are consumed; 'build' while channels are sorted and converted; 'store' while written. */
  phase: 'read' | 'build' | 'store';
  bytesDone: number;
  bytesTotal: number;
}

export type ProgressFn = (p: ImportProgress) => void;

/** Limits that protect the app from hostile or oversized input. */
export interface IngestLimits {
  /** Largest input accepted, in bytes (a 2 GB file in the browser is refused with a message). */
  maxFileBytes: number;
  /** Largest total unpacked size of a ZIP or gzip container, in bytes. */
  maxUnpackedBytes: number;
  /** Largest unpacked/packed ratio of a container member before it is treated as a bomb. */
  maxCompressionRatio: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxFileBytes: 1.5 * 1024 ** 3,
  maxUnpackedBytes: 1.5 * 1024 ** 3,
  maxCompressionRatio: 200,
};

export function inputFromBytes(name: string, bytes: Uint8Array): InputFile {
  return { name, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) };
}

export async function readSlice(input: InputFile, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await input.blob.slice(start, end).arrayBuffer());
}

/** The file's chunks in order, as a stream of Uint8Array (Blob.stream works in browsers, workers and Node 20). */
export async function* readChunks(input: InputFile): AsyncGenerator<Uint8Array> {
  const reader = input.blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value && value.length) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
