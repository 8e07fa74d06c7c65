// gzip container: streams the file through DecompressionStream('gzip') into memory, under the
// unpack budget and ratio limit, and hands back the inner file (name without '.gz') for detection.

import { IngestError } from '../errors.ts';
import type { ImportOptions } from '../importer.ts';
import { readChunks, type InputFile } from '../input.ts';
import { ProgressTicker } from '../progress-ticker.ts';
import type { UnpackBudget } from './unpack-guard.ts';

/** 'run.csv.gz' → 'run.csv'; 'run.tgz' → 'run.tar'; anything else keeps its name. */
export function innerGzipName(name: string): string {
  if (/\.tgz$/i.test(name)) return name.slice(0, -4) + '.tar';
  return name.replace(/\.(gz|gzip)$/i, '');
}

export async function gunzipInput(input: InputFile, budget: UnpackBudget, options: ImportOptions = {}): Promise<InputFile> {
  const member = innerGzipName(input.name);
  const packedBytes = input.blob.size;
  const ticker = new ProgressTicker(input.name, packedBytes, options.onProgress);
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let readBytes = 0;
  // Feed the compressed bytes in the background; its failure surfaces through the reader too.
  const pump = (async () => {
    for await (const chunk of readChunks(input)) {
      await writer.write(chunk as Uint8Array<ArrayBuffer>);
      readBytes += chunk.length;
      ticker.tick(readBytes);
    }
    await writer.close();
  })();
  pump.catch(() => undefined);

  const parts: Uint8Array[] = [];
  let unpacked = 0;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      unpacked += value.length;
      budget.take(input.name, member, value.length, unpacked, packedBytes);
      parts.push(value);
    }
    await pump;
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    await writer.abort().catch(() => undefined);
    if (e instanceof IngestError || (e instanceof DOMException && e.name === 'AbortError')) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new IngestError('truncated', `the gzip stream is cut short or damaged after ${unpacked} unpacked bytes (${msg})`, {
      file: input.name,
      byteOffset: readBytes,
    });
  }
  ticker.finish();
  return { name: member, blob: new Blob(parts as Uint8Array<ArrayBuffer>[]) };
}
