// ZIP container: streams the archive through fflate's Unzip (stored and deflate members) and keeps
// each member in memory under the unpack budget and ratio limit. Directories, macOS resource forks
// and hidden files are left out; the caller detects and imports each member.

import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { IngestError } from '../errors.ts';
import type { ImportOptions } from '../importer.ts';
import { readChunks, type InputFile } from '../input.ts';
import { ProgressTicker } from '../progress-ticker.ts';
import type { UnpackBudget } from './unpack-guard.ts';

/** Members that are never telemetry: folders, '__MACOSX/' resource forks, dot files. */
export function isIgnorableMember(path: string): boolean {
  if (path.endsWith('/')) return true;
  if (path.startsWith('__MACOSX/')) return true;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.startsWith('.') || base === '';
}

interface Pending {
  name: string;
  parts: Uint8Array[];
  bytes: number;
  done: boolean;
}

export async function unzipInput(input: InputFile, budget: UnpackBudget, options: ImportOptions = {}): Promise<InputFile[]> {
  const zipName = input.name;
  const ticker = new ProgressTicker(zipName, input.blob.size, options.onProgress);
  const pending: Pending[] = [];
  let failure: unknown = null;
  const fail = (e: unknown, file?: UnzipFile): void => {
    failure ??= e;
    file?.terminate();
  };

  const unzip = new Unzip((file) => {
    if (failure || isIgnorableMember(file.name)) return;
    if (file.compression !== 0 && file.compression !== 8) {
      fail(new IngestError('unsupported', `member '${file.name}' uses compression method ${file.compression}; only stored (0) and deflate (8) are read`, { file: zipName }));
      return;
    }
    try {
      budget.checkDeclared(zipName, file.name, file.originalSize);
    } catch (e) {
      fail(e);
      return;
    }
    const p: Pending = { name: file.name, parts: [], bytes: 0, done: false };
    pending.push(p);
    // Compressed size is absent for archives written as a stream; the whole archive bounds it then.
    const packed = file.size && file.size > 0 ? file.size : input.blob.size;
    file.ondata = (err, data, final) => {
      if (failure) return;
      if (err) {
        fail(new IngestError('bad-header', `member '${file.name}' could not be unpacked: ${err.message}`, { file: zipName }), file);
        return;
      }
      if (data.length) {
        p.bytes += data.length;
        try {
          budget.take(zipName, file.name, data.length, p.bytes, packed);
        } catch (e) {
          fail(e, file);
          return;
        }
        p.parts.push(data);
      }
      if (final) p.done = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  let readBytes = 0;
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      unzip.push(chunk, final);
    } catch (e) {
      fail(e instanceof IngestError ? e : new IngestError('bad-header', `the ZIP archive is damaged near byte ${readBytes}: ${e instanceof Error ? e.message : String(e)}`, { file: zipName, byteOffset: readBytes }));
    }
    if (failure) throw failure;
  };
  for await (const chunk of readChunks(input)) {
    options.signal?.throwIfAborted();
    push(chunk, false);
    readBytes += chunk.length;
    ticker.tick(readBytes);
  }
  const cutShort = (): IngestError | null => {
    const cut = pending.find((p) => !p.done);
    return cut
      ? new IngestError('truncated', `member '${cut.name}' ends before its data does (${cut.bytes} bytes unpacked): the archive is cut short`, { file: zipName, byteOffset: readBytes })
      : null;
  };
  try {
    push(new Uint8Array(0), true);
  } catch (e) {
    // At the end of the input, a member still open means the archive was cut inside it.
    throw e instanceof IngestError && e.code !== 'bad-header' ? e : (cutShort() ?? e);
  }
  ticker.finish();
  const cut = cutShort();
  if (cut) throw cut;
  return pending.map((p) => ({ name: p.name, blob: new Blob(p.parts as Uint8Array<ArrayBuffer>[]) }));
}
