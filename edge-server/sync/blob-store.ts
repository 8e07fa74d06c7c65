// Files of the sync service on disk: finished session files content-addressed under blobs/ab/<hash>
// (written once, by rename, so a reader never sees a partial file), and upload chunks under
// uploads/<uploadId>/<n>, each also written to a temporary name and renamed.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, openAsBlob, type ReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashBlob } from '../../workers/storage/content-hash.ts';

const HASH = /^[0-9a-f]{64}$/;
const UPLOAD_ID = /^[A-Za-z0-9_-]{16,64}$/;

function checkHash(hash: string): string {
  if (!HASH.test(hash)) throw new Error(`not a content hash: ${hash}`);
  return hash;
}
function checkUploadId(id: string): string {
  if (!UPLOAD_ID.test(id)) throw new Error(`not an upload id: ${id}`);
  return id;
}

export interface AssembledFile {
  path: string;
  bytes: number;
  /** etm-c4m content hash (workers/storage/content-hash.ts) of the assembled bytes. */
  contentHash: string;
}

export class BlobStore {
  constructor(readonly root: string) {}

  blobPath(hash: string): string {
    checkHash(hash);
    return join(this.root, 'blobs', hash.slice(0, 2), hash);
  }

  private uploadDir(uploadId: string): string {
    return join(this.root, 'uploads', checkUploadId(uploadId));
  }

  private tmpPath(tag: string): string {
    return join(this.root, 'tmp', `${tag}-${randomBytes(6).toString('hex')}`);
  }

  async has(hash: string): Promise<number | undefined> {
    try {
      return (await stat(this.blobPath(hash))).size;
    } catch {
      return undefined;
    }
  }

  async writeChunk(uploadId: string, n: number, bytes: Uint8Array): Promise<void> {
    const dir = this.uploadDir(uploadId);
    await mkdir(dir, { recursive: true });
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    const tmp = this.tmpPath(`${uploadId}-${n}`);
    await writeFile(tmp, bytes);
    await rename(tmp, join(dir, String(n)));
  }

  /**
   * Concatenates chunks 0..count-1 into a temporary file, checking each against its SHA-256; returns the
   * indices whose file is missing or no longer matches (then nothing is assembled), or the file.
   */
  async assemble(uploadId: string, chunks: readonly { n: number; sha256: string }[]): Promise<AssembledFile | { badChunks: number[] }> {
    const dir = this.uploadDir(uploadId);
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    const tmp = this.tmpPath(`assemble-${uploadId}`);
    const out = await open(tmp, 'w');
    const bad: number[] = [];
    let bytes = 0;
    try {
      for (const c of chunks) {
        let data: Buffer;
        try {
          data = await readFile(join(dir, String(c.n)));
        } catch {
          bad.push(c.n);
          continue;
        }
        if (createHash('sha256').update(data).digest('hex') !== c.sha256) {
          bad.push(c.n);
          continue;
        }
        if (bad.length === 0) {
          await out.write(data);
          bytes += data.length;
        }
      }
      await out.sync();
    } finally {
      await out.close();
    }
    if (bad.length) {
      await rm(tmp, { force: true });
      return { badChunks: bad };
    }
    const contentHash = await hashBlob(await openAsBlob(tmp));
    return { path: tmp, bytes, contentHash };
  }

  /** Moves an assembled file into place under its hash (replacing an identical one is harmless). */
  async commit(file: AssembledFile): Promise<void> {
    const dest = this.blobPath(file.contentHash);
    await mkdir(join(dest, '..'), { recursive: true });
    await rename(file.path, dest);
  }

  async discard(file: AssembledFile): Promise<void> {
    await rm(file.path, { force: true });
  }

  async dropChunk(uploadId: string, n: number): Promise<void> {
    await rm(join(this.uploadDir(uploadId), String(n)), { force: true });
  }

  async dropUpload(uploadId: string): Promise<void> {
    await rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }

  /** A stream of the file's bytes [start, end] (inclusive, like HTTP ranges). */
  read(hash: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.blobPath(hash), range ? { start: range.start, end: range.end } : {});
  }
}
