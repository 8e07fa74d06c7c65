// The content hash that identifies an imported file (the store's dedupe key), computed by streaming
// a Blob in 4 MiB slices: the file is never read whole, so a 1.5 GB log hashes in bounded memory.
//
// Definition (version 1, "etm-c4m"), stable across releases since stored hashes depend on it:
//   split the bytes into consecutive 4 MiB (4,194,304-byte) chunks, the last one shorter;
//   d_i  = SHA-256(chunk_i)
//   hash = SHA-256(d_0 ‖ d_1 ‖ … ‖ d_{n-1} ‖ uint64_le(total byte length))
// written as 64 lowercase hex digits. An empty file has no chunks: SHA-256 of eight zero bytes.
// Any change of a byte, of the length or of the order of chunks changes the hash; it is not the
// plain SHA-256 of the file (which Web Crypto cannot compute incrementally).

export const CONTENT_HASH_CHUNK_BYTES = 4 * 1024 * 1024;

export interface HashOptions {
  /** Called after each chunk with the bytes hashed so far and the total. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  signal?: AbortSignal;
}

export async function hashBlob(blob: Blob, options: HashOptions = {}): Promise<string> {
  const total = blob.size;
  const chunkCount = Math.ceil(total / CONTENT_HASH_CHUNK_BYTES);
  const digests = new Uint8Array(chunkCount * 32 + 8);
  const read = (i: number) => blob.slice(i * CONTENT_HASH_CHUNK_BYTES, Math.min(total, (i + 1) * CONTENT_HASH_CHUNK_BYTES)).arrayBuffer();
  // The next slice is read while the current one is digested.
  let next = chunkCount > 0 ? read(0) : undefined;
  for (let i = 0; i < chunkCount; i++) {
    if (options.signal?.aborted) {
      void next?.catch(() => undefined);
      options.signal.throwIfAborted();
    }
    const bytes = await next!;
    next = i + 1 < chunkCount ? read(i + 1) : undefined;
    digests.set(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), i * 32);
    options.onProgress?.(Math.min(total, (i + 1) * CONTENT_HASH_CHUNK_BYTES), total);
  }
  new DataView(digests.buffer).setBigUint64(chunkCount * 32, BigInt(total), true);
  const final = new Uint8Array(await crypto.subtle.digest('SHA-256', digests));
  let hex = '';
  for (const b of final) hex += b.toString(16).padStart(2, '0');
  return hex;
}
