// etm export <session-id> --format csv|parquet --out FILE: a stored session as a wide CSV or Parquet file.

import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { parseCommandArgs, DB_OPTION } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { openStore } from '../open-store.ts';
import { stderrProgress } from '../progress.ts';
import { exportParquet, wideCsvChunks } from '../../workers/storage/export.ts';

export async function runExport(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { ...DB_OPTION, format: { type: 'string' }, out: { type: 'string' } },
    'export',
  );
  const [id] = positionals;
  if (!id) throw new CliError('give the session id to export (see etm sessions)');
  if (values.format !== 'csv' && values.format !== 'parquet') throw new CliError(`--format must be csv or parquet, not '${values.format ?? ''}'`);
  if (!values.out) throw new CliError('--out FILE is required');
  const store = await openStore(values.db);
  try {
    const summary = await store.get(id);
    if (!summary) throw new CliError(`no session '${id}' in the store (see etm sessions)`, 1);
    const session = await store.load(id);
    const progress = stderrProgress();
    if (values.format === 'parquet') {
      await writeFile(values.out, exportParquet(session));
    } else {
      const out = createWriteStream(values.out);
      let rows = 0;
      for (const chunk of wideCsvChunks(session)) {
        rows += countLines(chunk);
        progress.update('export csv', rows, summary.samples, 'items');
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    }
    progress.done();
    process.stderr.write(`${id}: ${summary.channels.length} channels written to ${values.out} (${values.format})\n`);
  } finally {
    await store.driver.close();
  }
  return 0;
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
