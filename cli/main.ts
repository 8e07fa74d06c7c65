// etm command dispatcher: parses the command word, runs it, and turns any error into one clear
// message on stderr and a non-zero exit code. `--json` keeps stdout pure JSON.

import { CliError, describeError } from './cli-error.ts';

const USAGE = `etm — EngiTorqueMap command line

  etm import <file...> [--db PATH] [--json]      import logger files (CSV, long format, MoTeC .ld, VBOX .vbo, Parquet, .gz, .zip)
  etm sessions [--db PATH] [--json]              list stored sessions
  etm export <session-id> --format csv|parquet --out FILE [--db PATH]
  etm demo [--out FILE] [--seed N] [--db PATH] [--json]
                                                 generate the physics-based demo session; into the store, or as a long-format CSV

The default store is etm.duckdb in your data directory; --db overrides it.`;

type Command = (args: string[]) => Promise<number>;

/** Commands load on demand so that `etm sessions` does not pay for the importers. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./commands/import.ts')).runImport,
  sessions: async () => (await import('./commands/sessions.ts')).runSessions,
  export: async () => (await import('./commands/export.ts')).runExport,
  demo: async () => (await import('./commands/demo.ts')).runDemo,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`etm: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest);
  } catch (e) {
    process.stderr.write(`etm ${name}: ${describeError(e)}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}
