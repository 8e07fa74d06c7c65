// Test support for the CSV importers: inputs that stream in chunks of a chosen size, and a
// compact comparable form of sessions (for "identical across chunk sizes" checks).

import type { Session } from '../../model/session.ts';
import type { InputFile } from '../input.ts';

/** An InputFile whose stream yields `chunkSize`-byte chunks (the last one shorter). */
export function chunkedInput(name: string, data: Uint8Array | string, chunkSize: number): InputFile {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const stream = (): ReadableStream<Uint8Array> => {
    let pos = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pos >= bytes.length) { controller.close(); return; }
        controller.enqueue(bytes.slice(pos, pos + chunkSize));
        pos += chunkSize;
      },
    });
  };
  const chunked = {
    size: bytes.length,
    type: '',
    stream,
    slice: (a?: number, b?: number) => blob.slice(a, b),
    arrayBuffer: () => blob.arrayBuffer(),
    text: () => blob.text(),
  };
  return { name, blob: chunked as unknown as Blob };
}

/** Sessions as plain data with arrays, for deep equality. */
export function sessionsAsData(sessions: Session[]): unknown {
  return sessions.map((s) => ({
    meta: s.meta,
    warnings: s.warnings ?? [],
    channels: s.channels.map((c) => ({ name: c.name, sourceName: c.sourceName, unit: c.unit, kind: c.kind, timeS: Array.from(c.timeS), values: Array.from(c.values) })),
  }));
}

export { seededRandom } from '../../model/random.ts';
