// etm laps <file | session-id>: every lap with its time, sector times and flags (a file is imported in
// memory, not stored), plus the session's reference lap and theoretical bests.

import { DB_OPTION, JSON_OPTION, parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { stderrProgress } from '../progress.ts';
import { analyse, fmt, isoTime, label, num, sessionsFromArg, type SessionArg } from '../session-track.ts';
import { resampleLaps } from '../../workers/laps/distance-grid.ts';
import { alignmentSummary, describeAlignment } from '../../workers/laps/alignment-summary.ts';
import type { SessionAnalysis } from '../../workers/laps/analyze.ts';
import { fastestCleanLap, isClean, theoreticalBestFromCorners, theoreticalBestFromSectors } from '../../workers/laps/reference.ts';

function sessionLapsJson(s: SessionArg, a: SessionAnalysis) {
  const m = s.session.meta;
  const ref = fastestCleanLap(a.split.laps);
  const bestSectors = theoreticalBestFromSectors(a.split.laps, a.model?.sectors.map((x) => x.name));
  const grids = a.alignment && a.model ? resampleLaps(s.session, a.alignment, a.split.laps.filter(isClean), { channels: [] }) : [];
  const bestCorners = a.model ? theoreticalBestFromCorners(grids, a.model.corners) : { timeS: NaN, parts: [] };
  return {
    session: s.id,
    vehicle: m.vehicleId,
    driver: m.driver,
    source_file: m.sourceFile,
    timing: a.split.timing,
    timing_line_m: num(a.split.timingLineM, 1),
    track: a.model ? { name: a.model.name, length_m: num(a.model.grid.lengthM, 2), from_session: a.modelFromSession } : null,
    alignment: alignmentJson(a),
    median_clean_lap_s: num(a.split.medianCleanLapS),
    reference_lap: ref ? { lap: ref.lap, lap_time_s: num(ref.lapTimeS) } : null,
    theoretical_best: {
      sectors_s: num(bestSectors.timeS),
      corners_s: num(bestCorners.timeS),
      sector_parts: bestSectors.parts.map((p) => ({ name: p.name, time_s: num(p.timeS), lap: Number.isFinite(p.lap) ? p.lap : null })),
      corner_parts: bestCorners.parts.map((p) => ({ name: p.name, time_s: num(p.timeS), lap: Number.isFinite(p.lap) ? p.lap : null })),
    },
    notes: a.notes,
    laps: a.split.laps.map((l) => ({
      lap: l.lap,
      start_time: isoTime(m.startTimeMs, l.startTimeS),
      start_time_s: num(l.startTimeS),
      lap_time_s: num(l.lapTimeS),
      sectors_s: l.sectorsS.map((x) => num(x)),
      flags: l.flags,
    })),
  };
}

/** How the lap distance was measured (alignment-summary.ts), keys with their units. */
function alignmentJson(a: SessionAnalysis) {
  if (!a.alignment) return null;
  const s = alignmentSummary(a.alignment);
  return {
    source: s.source,
    fixes_used: s.fixesUsed,
    fixes_rejected: s.fixesRejected,
    residual_rms_m: num(s.residualRmsM, 3),
    dead_reckoning: s.deadReckoning,
    line_curvature: s.lineCurvature,
    lap_trigger_passes: s.lapTriggerPasses,
    text: describeAlignment(s),
  };
}

function sessionLapsText(s: SessionArg, j: ReturnType<typeof sessionLapsJson>): string {
  const lines = [
    `${label(s)}: timing by ${j.timing}${j.timing_line_m === null ? '' : ` at ${fmt(j.timing_line_m, 'm', 1)}`}, ${
      j.track ? `track ${j.track.name} ${fmt(j.track.length_m ?? NaN, 'm', 1)}${j.track.from_session ? ' (from its GPS laps)' : ''}` : 'no track map'
    }`,
  ];
  if (j.alignment) lines.push(`  lap distance: ${j.alignment.text}`);
  for (const n of j.notes) lines.push(`  note: ${n}`);
  lines.push(`  ${'lap'.padStart(4)}  ${'start'.padEnd(24)}  ${'lap time'.padStart(11)}  sectors`);
  for (const l of j.laps) {
    const start = l.start_time ?? fmt(l.start_time_s ?? NaN, 's', 3);
    const sectors = l.sectors_s.map((x) => fmt(x ?? NaN, 's', 3)).join('  ');
    lines.push(`  ${String(l.lap).padStart(4)}  ${start.padEnd(24)}  ${fmt(l.lap_time_s ?? NaN, 's', 3).padStart(11)}  ${sectors}${l.flags.length ? `  [${l.flags.join(', ')}]` : ''}`);
  }
  const ref = j.reference_lap;
  lines.push(`  reference (fastest clean) lap: ${ref ? `${ref.lap}, ${fmt(ref.lap_time_s ?? NaN, 's')}` : 'none'}; median clean lap ${fmt(j.median_clean_lap_s ?? NaN, 's')}`);
  lines.push(`  theoretical best: ${fmt(j.theoretical_best.sectors_s ?? NaN, 's')} from best sectors, ${fmt(j.theoretical_best.corners_s ?? NaN, 's')} from best corners`);
  return lines.join('\n');
}

export async function runLaps(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...DB_OPTION, ...JSON_OPTION }, 'laps');
  const [arg] = positionals;
  if (!arg) throw new CliError('give a telemetry file or a session id');
  const progress = stderrProgress();
  const sessions = await sessionsFromArg(arg, values.db, progress);
  const out = sessions.map((s) => {
    const a = analyse(s, progress);
    return { s, j: sessionLapsJson(s, a) };
  });
  progress.done();
  if (values.json) {
    const body = out.length === 1 ? out[0].j : { sessions: out.map((o) => o.j) };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    process.stdout.write(`${out.map((o) => sessionLapsText(o.s, o.j)).join('\n\n')}\n`);
  }
  return 0;
}
