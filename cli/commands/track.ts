// etm track <trackfile | session-id>: a track map's length, corners and sectors — read from a map file
// (GeoJSON, KML/KMZ, GPX, shapefile, centre-line CSV, zaggyai JSON) or built from a session's GPS laps
// (with the corner edits stored with that session applied).

import { DB_OPTION, JSON_OPTION, parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { fileInput } from '../node/file-input.ts';
import { stderrProgress } from '../progress.ts';
import { fmt, isFile, num, oneSessionFromArg, withStoredEdits } from '../session-track.ts';
import { buildTrackModel } from '../../workers/geometry/build.ts';
import { readTrackInput } from '../../workers/geometry/io/read-track-file.ts';
import type { TrackModel } from '../../workers/geometry/types.ts';
import { IngestError } from '../../workers/ingest/errors.ts';
import { trackFromSession } from '../../workers/laps/session-track.ts';

export function trackJson(model: TrackModel, source: string) {
  return {
    name: model.name,
    source,
    length_m: num(model.grid.lengthM, 2),
    corners: model.corners.map((c) => ({
      number: c.number,
      name: c.name,
      entry_m: num(c.entryM, 1),
      apex_m: num(c.apexM, 1),
      exit_m: num(c.exitM, 1),
      direction: c.direction,
      min_radius_m: num(c.minRadiusM, 1),
      class: c.cornerClass,
      turning_deg: num(c.turningAngleDeg, 1),
    })),
    sectors: model.sectors.map((s) => ({ name: s.name, start_m: num(s.startM, 1), end_m: num(s.endM, 1) })),
  };
}

export function trackText(model: TrackModel, source: string): string {
  const lines = [`${model.name} (${source}): ${fmt(model.grid.lengthM, 'm', 1)}, ${model.corners.length} corners, ${model.sectors.length} sectors`];
  for (const c of model.corners) {
    lines.push(
      `  ${c.name.padEnd(6)} ${c.direction.padEnd(5)} ${c.cornerClass.padEnd(7)} entry ${fmt(c.entryM, 'm', 1).padStart(10)}  apex ${fmt(c.apexM, 'm', 1).padStart(10)}  exit ${fmt(c.exitM, 'm', 1).padStart(10)}  min radius ${fmt(c.minRadiusM, 'm', 1).padStart(8)}  turning ${fmt(c.turningAngleDeg, '°', 0)}`,
    );
  }
  lines.push(`  sectors: ${model.sectors.map((s) => `${s.name} ${fmt(s.startM, 'm', 1)} → ${fmt(s.endM, 'm', 1)}`).join(', ')}`);
  return lines.join('\n');
}

export async function runTrack(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...DB_OPTION, ...JSON_OPTION }, 'track');
  const [arg] = positionals;
  if (!arg) throw new CliError('give a track map file or a session id');
  const progress = stderrProgress();
  let model: TrackModel;
  let source: string;
  if (isFile(arg)) {
    try {
      model = buildTrackModel(await readTrackInput(await fileInput(arg)));
      source = `track map ${model.sourceFile || arg}`;
    } catch (e) {
      // not a map: maybe a telemetry file, whose GPS laps make one
      if (!(e instanceof IngestError)) throw e;
      const s = await oneSessionFromArg(arg, values.db, progress).catch(() => {
        throw e;
      });
      progress.update('track map from GPS laps', 0, 1, 'items');
      model = withStoredEdits(trackFromSession(s.session).model, s);
      source = `GPS laps of ${arg}`;
    }
  } else {
    const s = await oneSessionFromArg(arg, values.db, progress);
    progress.update('track map from GPS laps', 0, 1, 'items');
    model = withStoredEdits(trackFromSession(s.session).model, s);
    source = `GPS laps of ${arg}`;
  }
  progress.done();
  process.stdout.write(values.json ? `${JSON.stringify(trackJson(model, source), null, 2)}\n` : `${trackText(model, source)}\n`);
  return 0;
}
