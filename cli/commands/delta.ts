// etm delta <session-id> --lap N --ref M [--ref-session ID]: time slip of a lap against a reference lap
// (of the same car, or of another car on the first one's track map): the final delta, the delta at each
// corner exit and the three corners where the most time went.

import { DB_OPTION, JSON_OPTION, parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { stderrProgress } from '../progress.ts';
import { analyse, fmt, gridOrFail, label, num, oneSessionFromArg, parseLap } from '../session-track.ts';
import { cornerSegments } from '../../workers/laps/corner-metrics.ts';
import { deltaAt, deltaTime } from '../../workers/laps/delta.ts';

export async function runDelta(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { ...DB_OPTION, ...JSON_OPTION, lap: { type: 'string' }, ref: { type: 'string' }, 'ref-session': { type: 'string' } },
    'delta',
  );
  const [arg] = positionals;
  if (!arg) throw new CliError('give the session id (see etm sessions)');
  const lapNo = parseLap(values.lap, '--lap');
  const refNo = parseLap(values.ref, '--ref');
  const progress = stderrProgress();
  const s = await oneSessionFromArg(arg, values.db, progress);
  const a = analyse(s, progress);
  if (!a.model) throw new CliError(`${label(s)} has no GPS positions: no track map to measure distance on`, 1);
  const refS = values['ref-session'] ? await oneSessionFromArg(values['ref-session'], values.db, progress) : s;
  const refA = refS === s ? a : analyse(refS, progress, a.model);
  const lap = gridOrFail(s, a, lapNo);
  const ref = gridOrFail(refS, refA, refNo);
  const d = deltaTime(lap, ref);
  const L = lap.lengthM;
  const segs = cornerSegments(a.model.corners, L);
  const corners = a.model.corners
    .slice()
    .sort((x, y) => x.apexM - y.apexM)
    .map((c, k) => {
      const seg = segs[k];
      const exit = c.exitM >= c.apexM ? c.exitM : L;
      return {
        number: c.number,
        name: c.name,
        exit_m: num(c.exitM, 1),
        delta_at_exit_s: num(deltaAt(d, L, exit)),
        /** Change of the delta over the corner's segment (straight middle to straight middle): + = time lost. */
        loss_s: num(deltaAt(d, L, seg.endM) - deltaAt(d, L, seg.startM)),
        segment_start_m: num(seg.startM, 1),
        segment_end_m: num(seg.endM, 1),
      };
    });
  const worst = corners.filter((c) => (c.loss_s ?? 0) > 0).sort((x, y) => (y.loss_s ?? 0) - (x.loss_s ?? 0)).slice(0, 3);
  progress.done();
  const body = {
    session: s.id,
    lap: lapNo,
    ref_session: refS.id,
    ref_lap: refNo,
    length_m: num(L, 2),
    lap_time_s: num(lap.timeS[lap.timeS.length - 1]),
    ref_lap_time_s: num(ref.timeS[ref.timeS.length - 1]),
    final_delta_s: num(d.finalDeltaS),
    corners,
    largest_losses: worst.map((c) => ({ number: c.number, name: c.name, loss_s: c.loss_s })),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `lap ${lapNo} of ${label(s)} against lap ${refNo} of ${refS === s ? 'the same session' : label(refS)}, over ${fmt(L, 'm', 1)} of the reference line`,
    `  final delta ${fmt(d.finalDeltaS, 's', 3, true)} (lap ${fmt(body.lap_time_s ?? NaN, 's')} vs ${fmt(body.ref_lap_time_s ?? NaN, 's')}; + = behind)`,
  ];
  for (const c of corners) {
    lines.push(`  ${c.name.padEnd(6)} exit ${fmt(c.exit_m ?? NaN, 'm', 1).padStart(10)}  delta ${fmt(c.delta_at_exit_s ?? NaN, 's', 3, true).padStart(9)}  over the corner ${fmt(c.loss_s ?? NaN, 's', 3, true)}`);
  }
  lines.push(`  most time lost: ${worst.length ? worst.map((c) => `${c.name} ${fmt(c.loss_s ?? NaN, 's', 3, true)}`).join(', ') : 'none (no corner lost time)'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
