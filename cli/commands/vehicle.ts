// etm vehicle <session-id> [--preset NAME] [--set field=value ...] [--json]: shows the energy model's
// vehicle parameters for a session, and saves edited ones with the session (validated, SI units).

import { DB_OPTION, JSON_OPTION, parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { openStore } from '../open-store.ts';
import { ENERGY_PRESETS, type EnergyPresetName } from '../../workers/energy/presets.ts';
import { sessionVehicle, VEHICLE_SETTING_KEY } from '../../workers/energy/session-vehicle.ts';
import { VEHICLE_PARAM_LIMITS, validateVehicleParams, type EnergyVehicleParams } from '../../workers/energy/vehicle-params.ts';

export async function runVehicle(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { ...DB_OPTION, ...JSON_OPTION, preset: { type: 'string' }, set: { type: 'string', multiple: true } },
    'vehicle',
  );
  const [id] = positionals;
  if (!id) throw new CliError('give the session id (see etm sessions)');
  if (values.preset !== undefined && !(values.preset in ENERGY_PRESETS)) throw new CliError(`--preset must be one of ${Object.keys(ENERGY_PRESETS).join(', ')}, not '${values.preset}'`);
  const store = await openStore(values.db);
  try {
    const summary = await store.get(id);
    if (!summary) throw new CliError(`no session '${id}' in the store (see etm sessions)`, 1);
    const stored = await store.getSetting(id, VEHICLE_SETTING_KEY);
    const current = sessionVehicle(summary.meta, stored, values.preset as EnergyPresetName | undefined);
    const edits = values.set ?? [];
    let params: EnergyVehicleParams = { ...current.params };
    for (const edit of edits) params = applyEdit(params, edit);
    const changed = edits.length > 0 || values.preset !== undefined;
    if (changed) {
      const issues = validateVehicleParams(params);
      if (issues.length) throw new CliError(issues.map((i) => i.message).join('; '), 1);
      await store.putSetting(id, VEHICLE_SETTING_KEY, params);
    }
    const source = changed ? 'stored' : current.source;
    if (values.json) process.stdout.write(`${JSON.stringify({ session: id, source, saved: changed, vehicle: params }, null, 2)}\n`);
    else {
      const lines = (Object.keys(VEHICLE_PARAM_LIMITS) as (keyof EnergyVehicleParams)[]).map((k) => `  ${k.padEnd(22)} ${String(params[k]).padStart(10)} ${VEHICLE_PARAM_LIMITS[k].unit}`);
      process.stdout.write(`${id}: vehicle parameters (${source === 'stored' ? 'saved with the session' : `preset ${source}`})${changed ? ', saved' : ''}\n${lines.join('\n')}\n`);
    }
  } finally {
    await store.driver.close();
  }
  return 0;
}

function applyEdit(params: EnergyVehicleParams, edit: string): EnergyVehicleParams {
  const eq = edit.indexOf('=');
  const field = edit.slice(0, eq).trim() as keyof EnergyVehicleParams;
  if (eq < 0 || !(field in VEHICLE_PARAM_LIMITS)) {
    throw new CliError(`--set takes field=value with a field among ${Object.keys(VEHICLE_PARAM_LIMITS).join(', ')}; got '${edit}'`);
  }
  const value = Number(edit.slice(eq + 1));
  if (!Number.isFinite(value)) throw new CliError(`--set ${field}: '${edit.slice(eq + 1)}' is not a number`);
  return { ...params, [field]: value };
}
