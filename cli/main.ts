// etm command dispatcher: parses the command word, runs it, and turns any error into one clear
// message on stderr and a non-zero exit code. `--json` keeps stdout pure JSON.

import { CliError, describeError } from './cli-error.ts';

const USAGE = `etm — EngiTorqueMap command line

  etm import <file...> [--db PATH] [--json]      import logger files (CSV, long format, MoTeC .ld, VBOX .vbo, Parquet, .gz, .zip)
  etm sessions [--db PATH] [--json]              list stored sessions
  etm export <session-id> --format csv|parquet --out FILE [--db PATH]
  etm demo [--out FILE] [--seed N] [--db PATH] [--json]
                                                 generate the physics-based demo session; into the store, or as a long-format CSV
  etm replay <session-id...> --mqtt URL | --kafka BROKERS [--speed X] [--db PATH] [--format json|binary]
             [--topic T] [--session NAME] [--duration S] [--json]
                                                 publish stored sessions as live telemetry at real time × speed
  etm energy <session-id> [--lap N] [--json] [--grid FILE] [--preset demo|gr86-cup] [--db PATH]
                                                 lap energies (J), peak powers (W), efficiency, per corner and sector;
                                                 --grid writes the 1 m per-metre arrays as CSV
  etm vehicle <session-id> [--preset demo|gr86-cup] [--set field=value ...] [--json] [--db PATH]
                                                 the energy model's vehicle parameters for a session; --preset/--set save them with it
  etm track <trackfile | session-id> [--json]    track length, corners and sectors (from a map file, or a session's GPS laps)
  etm laps <file | session-id> [--json]          lap times, sector times and flags (a file is read in memory, not stored)
  etm delta <session-id> --lap N --ref M [--ref-session ID] [--json]
                                                 time slip of a lap against a reference lap, by corner
  etm corners <session-id> --lap N [--ref M] [--json]
                                                 per-corner speeds, braking, throttle pickup, line and time vs the reference

The default store is etm.duckdb in your data directory; --db overrides it.`;

type Command = (args: string[]) => Promise<number>;

/** Commands load on demand so that `etm sessions` does not pay for the importers. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./commands/import.ts')).runImport,
  sessions: async () => (await import('./commands/sessions.ts')).runSessions,
  export: async () => (await import('./commands/export.ts')).runExport,
  demo: async () => (await import('./commands/demo.ts')).runDemo,
  vehicle: async () => (await import('./commands/vehicle.ts')).runVehicle,
  replay: async () => (await import('./commands/replay.ts')).runReplayCommand,
  energy: async () => (await import('./commands/energy.ts')).runEnergy,
  track: async () => (await import('./commands/track.ts')).runTrack,
  laps: async () => (await import('./commands/laps.ts')).runLaps,
  delta: async () => (await import('./commands/delta.ts')).runDelta,
  corners: async () => (await import('./commands/corners.ts')).runCorners,
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
