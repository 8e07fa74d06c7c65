// etm corners <session-id> --lap N [--ref M]: per-corner metrics of a lap — entry, minimum and exit speed,
// brake point, peak pressure, release and trail length, throttle pickup, time in the corner, line offset
// at the apex, and time gained/lost against the reference lap (default: the fastest clean lap).

import { DB_OPTION, JSON_OPTION, parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { stderrProgress } from '../progress.ts';
import { analyse, fmt, gridOrFail, label, num, oneSessionFromArg, parseLap } from '../session-track.ts';
import { cornerMetrics } from '../../workers/laps/corner-metrics.ts';
import { fastestCleanLap } from '../../workers/laps/reference.ts';
import type { CornerMetrics } from '../../workers/laps/types.ts';

function cornerJson(c: CornerMetrics) {
  return {
    number: c.number,
    name: c.name,
    entry_m: num(c.entryM, 1),
    apex_m: num(c.apexM, 1),
    exit_m: num(c.exitM, 1),
    entry_speed_ms: num(c.entrySpeedMs, 2),
    min_speed_ms: num(c.minSpeedMs, 2),
    min_speed_at_m: num(c.minSpeedAtM, 1),
    exit_speed_ms: num(c.exitSpeedMs, 2),
    brake_point_m: num(c.brakePointM, 1),
    peak_brake_bar: num(c.peakBrakeBar, 1),
    brake_release_m: num(c.brakeReleaseM, 1),
    trail_brake_m: num(c.trailBrakeM, 1),
    throttle_pickup_m: num(c.throttlePickupM, 1),
    time_in_corner_s: num(c.timeInCornerS),
    apex_offset_m: num(c.apexOffsetM, 2),
    delta_vs_ref_s: num(c.deltaVsRefS),
  };
}

/** Speeds for the engineer's eye: km/h (the JSON keeps SI, m/s). */
const MS_TO_KMH = 3.6;

function cornerText(c: CornerMetrics): string {
  const kmh = (ms: number) => fmt(ms * MS_TO_KMH, 'km/h', 1);
  return [
    `  ${c.name.padEnd(6)} speed entry ${kmh(c.entrySpeedMs)}, min ${kmh(c.minSpeedMs)} at ${fmt(c.minSpeedAtM, 'm', 0)}, exit ${kmh(c.exitSpeedMs)}; time in corner ${fmt(c.timeInCornerS, 's')}`,
    `         brake at ${fmt(c.brakePointM, 'm', 1)} (peak ${fmt(c.peakBrakeBar, 'bar', 1)}), released at ${fmt(c.brakeReleaseM, 'm', 1)}, trail ${fmt(c.trailBrakeM, 'm', 1)}; throttle pickup ${fmt(c.throttlePickupM, 'm', 1)}; apex offset ${fmt(c.apexOffsetM, 'm', 2, true)}; vs reference ${fmt(c.deltaVsRefS, 's', 3, true)}`,
  ].join('\n');
}

export async function runCorners(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...DB_OPTION, ...JSON_OPTION, lap: { type: 'string' }, ref: { type: 'string' } }, 'corners');
  const [arg] = positionals;
  if (!arg) throw new CliError('give the session id (see etm sessions)');
  const lapNo = parseLap(values.lap, '--lap');
  const progress = stderrProgress();
  const s = await oneSessionFromArg(arg, values.db, progress);
  const a = analyse(s, progress);
  if (!a.model) throw new CliError(`${label(s)} has no GPS positions: no track map to find corners on`, 1);
  const lap = gridOrFail(s, a, lapNo);
  const refNo = values.ref !== undefined ? parseLap(values.ref, '--ref') : fastestCleanLap(a.split.laps)?.lap;
  const ref = refNo === undefined ? undefined : gridOrFail(s, a, refNo);
  const metrics = cornerMetrics(lap, a.model.corners, ref);
  progress.done();
  if (values.json) {
    const body = { session: s.id, lap: lapNo, ref_lap: refNo ?? null, length_m: num(lap.lengthM, 2), corners: metrics.map(cornerJson) };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  const head = `lap ${lapNo} of ${label(s)}: ${metrics.length} corners${refNo === undefined ? ' (no clean reference lap)' : `, against lap ${refNo}`}`;
  process.stdout.write(`${[head, ...metrics.map(cornerText)].join('\n')}\n`);
  return 0;
}
