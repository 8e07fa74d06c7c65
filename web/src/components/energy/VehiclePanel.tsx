// The energy model's vehicle parameters for a session: a summary button that opens a form with one
// numeric input per parameter (unit, allowed range), a preset picker, Save (validated per field, saved
// with the session) and Reset to preset — like `etm vehicle --set / --preset`.

import { createEffect, createSignal, For, on, Show, type Component } from 'solid-js';
import type { VehicleSource } from '../../../../workers/energy/energy.worker.ts';
import { ENERGY_PRESETS, presetForSession, type EnergyPresetName } from '../../../../workers/energy/presets.ts';
import { VEHICLE_PARAM_LIMITS, validateVehicleParams, type EnergyVehicleParams } from '../../../../workers/energy/vehicle-params.ts';
import type { SessionMeta } from '../../../../workers/model/session.ts';
import { PRESET_LABELS, PRESET_NAMES, presetMatching, vehicleSourceText } from '../../energy/vehicle-source.ts';
import { errorMessage } from '../../state/error-text.ts';

type Field = keyof EnergyVehicleParams;

const FIELDS = Object.keys(VEHICLE_PARAM_LIMITS) as Field[];

const LABELS: Record<Field, string> = {
  massKg: 'Mass (car + driver + fuel)',
  cdAM2: 'Drag area CdA',
  rollingResistance: 'Rolling resistance Crr',
  airDensityKgM3: 'Air density ρ',
  yawInertiaKgM2: 'Yaw inertia Iz',
  wheelbaseM: 'Wheelbase',
  brakeBalanceFront: 'Brake balance (front share)',
  drivetrainEfficiency: 'Drivetrain efficiency',
};

/** The unit as shown; dimensionless parameters say so. */
const unitOf = (f: Field): string => VEHICLE_PARAM_LIMITS[f].unit || 'ratio';

/** Enough digits for each parameter without float noise. */
function fieldText(f: Field, v: number): string {
  return String(Number(v.toPrecision(f === 'rollingResistance' || f === 'cdAM2' ? 4 : 6)));
}

function formOf(p: EnergyVehicleParams): Record<Field, string> {
  return Object.fromEntries(FIELDS.map((f) => [f, fieldText(f, p[f])])) as Record<Field, string>;
}

export interface VehiclePanelProps {
  sessionId: string;
  meta: SessionMeta;
  vehicle: EnergyVehicleParams;
  source: VehicleSource;
  /** Saves the parameters with the session and recomputes the energies (rejects with a message). */
  onSave: (params: EnergyVehicleParams) => Promise<void>;
}

export const VehiclePanel: Component<VehiclePanelProps> = (props) => {
  const [open, setOpen] = createSignal(false);
  const [form, setForm] = createSignal<Record<Field, string>>(formOf(props.vehicle));
  const [issues, setIssues] = createSignal<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  const [preset, setPreset] = createSignal<EnergyPresetName>(props.source !== 'stored' ? props.source : presetMatching(props.vehicle) ?? presetForSession(props.meta) ?? 'gr86-cup');
  // the form follows the parameters in use whenever they change (after a save or a recompute)
  createEffect(on(() => props.vehicle, (v) => setForm(formOf(v)), { defer: true }));

  const parsed = (): EnergyVehicleParams => Object.fromEntries(FIELDS.map((f) => [f, form()[f].trim() === '' ? Number.NaN : Number(form()[f])])) as unknown as EnergyVehicleParams;
  const dirty = () => FIELDS.some((f) => form()[f] !== fieldText(f, props.vehicle[f]));

  const save = async (params: EnergyVehicleParams) => {
    const found = validateVehicleParams(params);
    setIssues(Object.fromEntries(found.map((i) => [i.field, i.message])));
    setFailure(null);
    if (found.length) return;
    setBusy(true);
    try {
      await props.onSave(params);
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const resetToPreset = () => {
    const p = ENERGY_PRESETS[preset()];
    setForm(formOf(p));
    void save({ ...p });
  };

  const v = () => props.vehicle;
  return (
    <div class="vehicle-panel" data-testid="vehicle-panel" data-source={props.source}>
      <button type="button" class="button secondary vehicle-summary" aria-expanded={open()} aria-controls={`vehicle-form-${props.sessionId}`} onClick={() => setOpen(!open())}>
        <span class="vehicle-summary-title">Vehicle</span>
        <span data-testid="vehicle-summary">
          {v().massKg.toFixed(0)} <span class="unit">kg</span> · CdA {v().cdAM2.toFixed(2)} <span class="unit">m²</span> · Crr {v().rollingResistance.toFixed(3)}
        </span>
        <span class="muted small" data-testid="vehicle-source">
          {vehicleSourceText(props.source, v())}
        </span>
        <span aria-hidden="true">{open() ? '▴' : '▾'}</span>
      </button>
      <Show when={open()}>
        <form
          id={`vehicle-form-${props.sessionId}`}
          class="vehicle-form"
          aria-label="Vehicle parameters"
          aria-busy={busy()}
          novalidate
          onSubmit={(e) => {
            e.preventDefault();
            void save(parsed());
          }}
        >
          <div class="vehicle-preset-row">
            <label class="select-label">
              <span class="selector-label">Preset</span>
              <select class="select" aria-label="Vehicle preset" value={preset()} onChange={(e) => setPreset(e.currentTarget.value as EnergyPresetName)}>
                <For each={PRESET_NAMES}>{(n) => <option value={n}>{PRESET_LABELS[n]}</option>}</For>
              </select>
            </label>
            <button type="button" class="button secondary" disabled={busy()} onClick={resetToPreset}>
              Reset to preset
            </button>
          </div>
          <div class="vehicle-fields">
            <For each={FIELDS}>
              {(f) => {
                const lim = VEHICLE_PARAM_LIMITS[f];
                const errId = `vehicle-${f}-error`;
                return (
                  <div class="vehicle-field" classList={{ invalid: Boolean(issues()[f]) }}>
                    <label for={`vehicle-${f}`}>
                      {LABELS[f]} <span class="unit">({unitOf(f)})</span>
                    </label>
                    <div class="vehicle-input-row">
                      <input
                        id={`vehicle-${f}`}
                        name={f}
                        class="vehicle-input"
                        type="number"
                        inputmode="decimal"
                        step="any"
                        min={lim.min}
                        max={lim.max}
                        value={form()[f]}
                        aria-invalid={Boolean(issues()[f])}
                        aria-describedby={issues()[f] ? errId : `vehicle-${f}-range`}
                        onInput={(e) => setForm({ ...form(), [f]: e.currentTarget.value })}
                      />
                      <span class="unit">{unitOf(f)}</span>
                    </div>
                    <span class="muted small" id={`vehicle-${f}-range`}>
                      {lim.min}–{lim.max} {unitOf(f)}
                    </span>
                    <Show when={issues()[f]}>
                      {(m) => (
                        <span class="field-error small" id={errId} role="alert">
                          {m()}
                        </span>
                      )}
                    </Show>
                  </div>
                );
              }}
            </For>
          </div>
          <div class="vehicle-actions">
            <button type="submit" class="button primary" disabled={busy()}>
              {busy() ? 'Saving…' : 'Save'}
            </button>
            <span class="muted small" role="status">
              {busy() ? 'Saving and recomputing the lap energies…' : dirty() ? 'Unsaved changes.' : `In use: ${vehicleSourceText(props.source, v())}.`}
            </span>
            <Show when={failure()}>{(m) => <span class="field-error small" role="alert">Could not save: {m()}</span>}</Show>
          </div>
        </form>
      </Show>
    </div>
  );
};
