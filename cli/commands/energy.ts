// etm energy <session-id> [--lap N] [--json] [--grid FILE] [--preset NAME] [--db PATH]: per lap the
// energies in joules (traction, braking front/rear, engine braking, drag, rolling, grade, yaw), peak
// traction and braking power in watts, efficiency and energy-balance closure, and the same per corner;
// --grid writes the 1 m per-metre arrays as CSV with units in the header. Progress on stderr.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DB_OPTION, JSON_OPTION, parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { openStore } from '../open-store.ts';
import { stderrProgress } from '../progress.ts';
import { analyzeSession } from '../../workers/laps/analyze.ts';
import { pickEnergyBackend } from '../../workers/energy/backend.ts';
import type { EnergyTotals, LapEnergy, SegmentEnergy } from '../../workers/energy/lap-energy.ts';
import { perMetreCsvChunks } from '../../workers/energy/per-metre-csv.ts';
import { ENERGY_PRESETS, presetForSession, type EnergyPresetName } from '../../workers/energy/presets.ts';
import { sessionVehicle, VEHICLE_SETTING_KEY } from '../../workers/energy/session-vehicle.ts';
import { sessionEnergy } from '../../workers/energy/session-energy.ts';

export async function runEnergy(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { ...DB_OPTION, ...JSON_OPTION, lap: { type: 'string' }, grid: { type: 'string' }, preset: { type: 'string' } },
    'energy',
  );
  const [id] = positionals;
  if (!id) throw new CliError('give the session id (see etm sessions)');
  const lap = values.lap === undefined ? undefined : Number(values.lap);
  if (lap !== undefined && !Number.isInteger(lap)) throw new CliError(`--lap must be a lap number, not '${values.lap}'`);
  if (values.preset !== undefined && !(values.preset in ENERGY_PRESETS)) throw new CliError(`--preset must be one of ${Object.keys(ENERGY_PRESETS).join(', ')}, not '${values.preset}'`);
  const progress = stderrProgress();
  const store = await openStore(values.db);
  let session;
  let stored: unknown;
  try {
    if (!(await store.get(id))) throw new CliError(`no session '${id}' in the store (see etm sessions)`, 1);
    progress.update('energy: loading', 0, 3, 'items');
    session = await store.load(id);
    stored = await store.getSetting(id, VEHICLE_SETTING_KEY);
  } finally {
    await store.driver.close();
  }
  const chosen = sessionVehicle(session.meta, stored, values.preset as EnergyPresetName | undefined);
  const presetName = chosen.source;
  if (!values.preset && stored === undefined && !presetForSession(session.meta)) {
    process.stderr.write(`energy: vehicle '${session.meta.vehicleId}' has no preset, using ${presetName} (choose with --preset, or save parameters with etm vehicle)\n`);
  }
  const vehicle = chosen.params;
  progress.update('energy: laps and track map', 1, 3, 'items');
  const analysis = analyzeSession(session);
  const picked = await pickEnergyBackend('auto');
  progress.update('energy: kernels', 2, 3, 'items');
  const result = await sessionEnergy(picked.kernels, session, analysis, vehicle, { laps: lap === undefined ? undefined : [lap] });
  picked.kernels.dispose();
  progress.done();
  if (lap !== undefined && result.laps.length === 0) {
    const why = result.skipped.find((s) => s.lap === lap)?.reason ?? 'not found';
    throw new CliError(`lap ${lap}: ${why}`, 1);
  }
  if (result.laps.length === 0) throw new CliError(`no complete lap on the track map (${[...result.notes, ...result.skipped.map((s) => `lap ${s.lap}: ${s.reason}`)].join('; ') || 'no laps'})`, 1);

  if (values.grid) {
    const out = createWriteStream(values.grid);
    for (const chunk of perMetreCsvChunks(result.laps)) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    process.stderr.write(`per-metre arrays of ${result.laps.length} lap(s) written to ${values.grid}\n`);
  }

  if (values.json) {
    const json = {
      session: id,
      driver: session.meta.driver,
      vehicle_id: session.meta.vehicleId,
      preset: presetName,
      vehicle,
      backend: picked.info,
      track: result.track,
      notes: result.notes,
      skipped: result.skipped,
      laps: result.laps.map(lapJson),
    };
    process.stdout.write(`${JSON.stringify(json, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
    return 0;
  }
  const v = vehicle;
  const lines = [
    `session ${id}: ${session.meta.driver || session.meta.vehicleId} (${session.meta.vehicleId}), track ${result.track?.name ?? '?'} ${result.track ? `${result.track.lengthM.toFixed(0)} m` : ''}`,
    `vehicle ${presetName === 'stored' ? 'parameters saved with the session' : `preset ${presetName}`}: ${v.massKg} kg, CdA ${v.cdAM2.toFixed(3)} m², Crr ${v.rollingResistance}, ρ ${v.airDensityKgM3.toFixed(3)} kg/m³, Iz ${v.yawInertiaKgM2.toFixed(0)} kg·m², brake balance ${(v.brakeBalanceFront * 100).toFixed(1)} % front, drivetrain ${(v.drivetrainEfficiency * 100).toFixed(0)} %`,
    `backend: ${picked.info.backend}${picked.info.reason ? ` (${picked.info.reason})` : ''}`,
    ...result.notes.map((n) => `note: ${n}`),
    ...result.skipped.map((s) => `skipped lap ${s.lap}: ${s.reason}`),
    '',
    `${'lap'.padStart(4)} ${'time s'.padStart(8)} ${HEAD} ${'closure'.padStart(8)}`,
  ];
  for (const l of result.laps) {
    lines.push(`${String(l.lap).padStart(4)} ${l.lapTimeS.toFixed(3).padStart(8)} ${row(l)} ${pct(l.closure).padStart(8)}`);
  }
  for (const l of result.laps) {
    lines.push('', `lap ${l.lap} by corner (straight midpoint to midpoint) and sector:`, `${'segment'.padEnd(18)} ${'from–to m'.padStart(13)} ${HEAD}`);
    for (const s of [...l.corners, ...l.sectors]) lines.push(`${segmentName(s).padEnd(18)} ${`${s.startM.toFixed(0)}–${s.endM.toFixed(0)}`.padStart(13)} ${row(s)}`);
  }
  lines.push('', 'energies in J; powers in W; efficiency = kinetic energy gained under traction ÷ traction energy; closure = |traction − braking − losses − ΔKE| ÷ traction');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

const HEAD = ['traction J', 'brake F J', 'brake R J', 'engine J', 'drag J', 'rolling J', 'grade J', 'yaw J', 'peak trac W', 'peak brake W', 'effic.'].map((h) => h.padStart(12)).join(' ');

function row(e: EnergyTotals): string {
  return [e.tractionJ, e.brakeFrontJ, e.brakeRearJ, e.engineBrakeJ, e.dragJ, e.rollingJ, e.gradeJ, e.yawJ, e.peakTractionW, e.peakBrakingW]
    .map((x) => Math.round(x).toString().padStart(12))
    .concat(pct(e.efficiency).padStart(12))
    .join(' ');
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(x < 0.01 ? 3 : 1)} %` : '–';
}

function segmentName(s: SegmentEnergy): string {
  return s.kind === 'corner' ? `T${s.number} ${s.name === `T${s.number}` ? '' : s.name}`.trim() : `sector ${s.name}`;
}

function totalsJson(e: EnergyTotals) {
  return {
    time_s: e.timeS,
    traction_j: e.tractionJ,
    brake_front_j: e.brakeFrontJ,
    brake_rear_j: e.brakeRearJ,
    engine_brake_j: e.engineBrakeJ,
    drag_j: e.dragJ,
    rolling_j: e.rollingJ,
    grade_j: e.gradeJ,
    yaw_j: e.yawJ,
    kinetic_gain_under_traction_j: e.kineticTractionJ,
    engine_work_j: e.engineJ,
    peak_traction_w: e.peakTractionW,
    peak_traction_at_m: e.peakTractionAtM,
    peak_braking_w: e.peakBrakingW,
    peak_braking_at_m: e.peakBrakingAtM,
    efficiency: e.efficiency,
  };
}

function lapJson(l: LapEnergy) {
  return {
    lap: l.lap,
    lap_time_s: l.lapTimeS,
    length_m: l.lengthM,
    ...totalsJson(l),
    delta_kinetic_j: l.deltaKineticJ,
    balance_residual_j: l.residualJ,
    balance_closure: l.closure,
    sources: l.sources,
    corners: l.corners.map((c) => ({ corner: c.number, name: c.name, start_m: c.startM, end_m: c.endM, ...totalsJson(c) })),
    sectors: l.sectors.map((s) => ({ sector: s.name, start_m: s.startM, end_m: s.endM, ...totalsJson(s) })),
  };
}
