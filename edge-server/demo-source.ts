// The demo session served to a first-run PWA: built once (lazily, or at start-up via `warm`) from a
// generator, held in memory as encoded CSV chunks plus the ground-truth JSON, with a content ETag.

import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

export interface DemoBuild {
  /** The long-format CSV, in string chunks. */
  csv: Iterable<string> | AsyncIterable<string>;
  /** What the generator put into the data (for tests and analyses to check against), as JSON. */
  truthJson: string;
}

export interface DemoData {
  csvChunks: Uint8Array[];
  csvBytes: number;
  /** Strong ETag over the CSV bytes. */
  csvEtag: string;
  truthJson: string;
  generatedInMs: number;
}

export interface DemoSource {
  get(): Promise<DemoData>;
  /** The CSV gzip-compressed, made once on first use (off the event loop) and kept. */
  getGzip(): Promise<Uint8Array>;
}

/** Chunks are merged up to this size so that a stream does not go out in thousands of tiny writes. */
const CHUNK_BYTES = 256 * 1024;

async function encode(build: () => DemoBuild | Promise<DemoBuild>): Promise<DemoData> {
  const start = performance.now();
  const { csv, truthJson } = await build();
  const encoder = new TextEncoder();
  const hash = createHash('sha256');
  const csvChunks: Uint8Array[] = [];
  let pending = '';
  let csvBytes = 0;
  const flush = () => {
    if (!pending) return;
    const bytes = encoder.encode(pending);
    pending = '';
    hash.update(bytes);
    csvChunks.push(bytes);
    csvBytes += bytes.length;
  };
  for await (const piece of csv) {
    pending += piece;
    if (pending.length >= CHUNK_BYTES) flush();
  }
  flush();
  return {
    csvChunks,
    csvBytes,
    csvEtag: `"${hash.digest('base64url').slice(0, 32)}"`,
    truthJson,
    generatedInMs: Math.round(performance.now() - start),
  };
}

export function createDemoSource(build: () => DemoBuild | Promise<DemoBuild>): DemoSource {
  let data: Promise<DemoData> | undefined;
  let gzipped: Promise<Uint8Array> | undefined;
  const get = () => {
    data ??= encode(build).catch((e: unknown) => {
      data = undefined; // a later request tries again
      throw e;
    });
    return data;
  };
  return {
    get,
    getGzip() {
      gzipped ??= get()
        .then(async (d) => new Uint8Array(await gzipAsync(Buffer.concat(d.csvChunks), { level: 6 })))
        .catch((e: unknown) => {
          gzipped = undefined;
          throw e;
        });
      return gzipped;
    },
  };
}
