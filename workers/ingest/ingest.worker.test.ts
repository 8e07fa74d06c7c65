// The import worker's comlink contract, run in Node over a MessageChannel standing in for the worker's
// global scope: sessions arrive with typed arrays, errors as plain shapes. (Cancel needs a real worker,
// whose file reads yield to its message queue: the browser test covers it.)

import * as Comlink from 'comlink';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from './input.ts';
import type { IngestWorkerApi } from './ingest.worker.ts';
import { wrapWorkerModule } from '../../tests/support/worker-in-node.ts';

let api: Comlink.Remote<IngestWorkerApi>;

beforeAll(async () => {
  api = await wrapWorkerModule<IngestWorkerApi>(() => import('./ingest.worker.ts'));
});

function csvFile(name: string, rows: number, bad?: { line: number; text: string }): { name: string; blob: Blob } {
  const lines = ['time_s,speed_kmh,rpm'];
  for (let i = 0; i < rows; i++) lines.push(`${(i / 10).toFixed(1)},${100 + (i % 50)},${4000 + i}`);
  if (bad) lines[bad.line - 1] = bad.text;
  return { name, blob: new Blob([`${lines.join('\n')}\n`]) };
}

describe('ingest worker', () => {
  it('returns the sessions of a file with typed arrays, and reports progress', async () => {
    const seen: ImportProgress[] = [];
    const result = await api.importFile('job-1', csvFile('ok.csv', 500), Comlink.proxy((p: ImportProgress) => void seen.push(p)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sessions).toHaveLength(1);
    const speed = result.sessions[0].channels.find((c) => c.name === 'speed');
    expect(speed?.timeS).toBeInstanceOf(Float64Array);
    expect(speed?.values.length).toBe(500);
    expect(result.sessions[0].meta.sourceFile).toBe('ok.csv');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.file === 'ok.csv' && p.bytesDone <= p.bytesTotal)).toBe(true);
  });

  it('answers a bad file with a plain error shape that names the file, line and column', async () => {
    const result = await api.importFile('job-2', csvFile('bad.csv', 20, { line: 6, text: '0.4,fast,4004' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.cancelled).toBe(false);
    expect(result.error).toMatchObject({ name: 'IngestError', code: 'not-a-number', where: { file: 'bad.csv', line: 6, column: 2 } });
  });
});
