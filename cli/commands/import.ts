// etm import <file...>: parse logger files and store their sessions; one JSON object per file with --json.

import { DB_OPTION, JSON_OPTION, parseCommandArgs } from '../args.ts';
import { CliError, describeError } from '../cli-error.ts';
import { fileInput } from '../node/file-input.ts';
import { openStore } from '../open-store.ts';
import { stderrProgress } from '../progress.ts';
import { sessionJson, sessionText } from '../session-json.ts';
import { importIntoStore } from '../../workers/pipeline/import-into-store.ts';

export async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...DB_OPTION, ...JSON_OPTION }, 'import');
  if (positionals.length === 0) throw new CliError('give at least one file to import');
  const store = await openStore(values.db);
  const results: unknown[] = [];
  let failed = 0;
  try {
    for (const path of positionals) {
      const progress = stderrProgress();
      try {
        const input = await fileInput(path);
        const r = await importIntoStore(store, input, { onProgress: (p) => progress.update(`${input.name} ${p.phase}`, p.fraction * input.blob.size, input.blob.size) });
        progress.done();
        for (const w of r.warnings) process.stderr.write(`warning: ${path}: ${w}\n`);
        if (values.json) {
          results.push({ file: path, bytes: r.bytes, content_hash: r.contentHash, duplicate: r.duplicate, sessions: r.sessions.map(sessionJson) });
        } else {
          const head = r.duplicate ? `${path}: already imported (same content), ${r.sessions.length} session(s):` : `${path}: ${r.sessions.length} session(s) imported:`;
          process.stdout.write(`${head}\n${r.sessions.map(sessionText).join('\n')}\n`);
        }
      } catch (e) {
        progress.done();
        failed++;
        process.stderr.write(`etm import: ${describeError(e)}\n`);
        if (values.json) results.push({ file: path, error: describeError(e) });
      }
    }
  } finally {
    await store.driver.close();
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ imports: results }, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}
