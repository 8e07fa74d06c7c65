// The energy view (#/energy?session=<id>[&lap=N][&mode=laps|drivers&b=M|<session>:M]): where a lap's
// energy goes. FlowGrid (net power on the 1 m raster with energy arrows, or lap A − lap B, or driver vs
// driver on the shared track map), the 3D ribbon, the per-corner / per-sector energy table, and the
// learned power-demand model; the vehicle parameters of the energy model can be edited and are saved with
// the session. All computing runs in the energy and model workers, with progress.

import { createEffect, createMemo, createSignal, For, lazy, Match, on, onMount, Show, Suspense, Switch, type Component } from 'solid-js';
import type { EnergyLapRef, EnergyOverview, EnergyProgress, FlowGridResult } from '../../../workers/energy/energy.worker.ts';
import type { SegmentEnergy } from '../../../workers/energy/lap-energy.ts';
import type { SessionSummary } from '../../../workers/model/session.ts';
import { formatFixed, formatLapTime, formatSigned } from '../analysis/lap-format.ts';
import { EnergyTable, type SegmentKind } from '../components/energy/EnergyTable.tsx';
import { FlowGrid } from '../components/energy/FlowGrid.tsx';
import { PowerModelPanel } from '../components/energy/PowerModelPanel.tsx';
import { VehiclePanel } from '../components/energy/VehiclePanel.tsx';
import { SessionViewShell } from '../components/SessionViewShell.tsx';
import type { EnergyVehicleParams } from '../../../workers/energy/vehicle-params.ts';
import type { RibbonQuantity } from '../components/energy/Energy3D.tsx';
import { energyParams, parseEnergyParams, type EnergyMode, type EnergySelection } from '../energy/energy-route.ts';
import { formatPercent } from '../format.ts';
import { carShort } from '../state/analysis-defaults.ts';
import { useAppServices } from '../state/app-services.ts';
import { errorMessage } from '../state/error-text.ts';
import { routeHref } from '../state/router.ts';
import '../analysis.css';
import '../energy.css';

const Energy3D = lazy(() => import('../components/energy/Energy3D.tsx'));

const ProgressPanel: Component<{ title: string; progress: EnergyProgress | null }> = (props) => (
  <div class="analysis-progress" role="status" aria-live="polite">
    <div class="import-progress-head">
      <span class="file-name">{props.title}</span>
      <span class="phase">{props.progress?.step ?? 'starting the energy worker'}</span>
      <span class="numbers">{formatPercent(props.progress?.fraction ?? 0)}</span>
    </div>
    <progress aria-label="Energy progress" max={1} value={props.progress?.fraction ?? 0} />
  </div>
);

/** 'WebGPU · SwiftShader (software adapter)' or 'CPU' with the reason WebGPU was not used. */
function computePath(o: EnergyOverview): { short: string; detail: string } {
  const b = o.backend;
  if (b.backend === 'webgpu') {
    const a = b.adapterInfo;
    const name = [a?.description, a?.vendor, a?.architecture, a?.device].filter(Boolean).join(' ') || 'unnamed adapter';
    return { short: `WebGPU · ${name}${a?.isFallbackAdapter ? ' (software adapter)' : ''}`, detail: 'Energy kernels run as WebGPU compute shaders (float32, checked against the CPU in the parity test).' };
  }
  return { short: 'CPU', detail: `Energy kernels run on the CPU in float64${b.reason ? `: ${b.reason}` : ''}.` };
}

function fastest(o: EnergyOverview): number | null {
  const laps = [...o.laps].sort((a, b) => a.lapTimeS - b.lapTimeS);
  return laps[0]?.lap ?? null;
}

const EnergyWorkspace: Component<{ sessionId: string; params: URLSearchParams }> = (props) => {
  const app = useAppServices();
  const [overviews, setOverviews] = createSignal<Record<string, EnergyOverview>>({});
  const [progress, setProgress] = createSignal<EnergyProgress | null>(null);
  const [otherProgress, setOtherProgress] = createSignal<EnergyProgress | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [selection, setSelection] = createSignal<EnergySelection>(parseEnergyParams(props.params, props.sessionId));
  const [flow, setFlow] = createSignal<FlowGridResult | null>(null);
  /** The labels of the laps the FlowGrid shows (set with its result, so that they never run ahead of it). */
  const [flowLabels, setFlowLabels] = createSignal({ a: '—', b: '—', key: '' });
  const [flowBusy, setFlowBusy] = createSignal(false);
  const [flowError, setFlowError] = createSignal<string | null>(null);
  const [arrows, setArrows] = createSignal(true);
  const [quantity, setQuantity] = createSignal<RibbonQuantity>('power');
  const [tableKind, setTableKind] = createSignal<SegmentKind>('corner');
  const [segment, setSegment] = createSignal<SegmentEnergy | null>(null);

  const primary = () => overviews()[props.sessionId];
  const summaryOf = (id: string): SessionSummary | undefined => app.sessions.sessions().find((s) => s.id === id);
  const sameTrack = createMemo(() => {
    const me = summaryOf(props.sessionId);
    const t = me?.meta.track.trim().toLowerCase() ?? '';
    return app.sessions.sessions().filter((s) => s.id !== props.sessionId && t !== '' && s.meta.track.trim().toLowerCase() === t);
  });

  async function ensure(id: string, onProgress?: (p: EnergyProgress) => void): Promise<EnergyOverview> {
    const o = await app.energy.analyze(id, onProgress);
    if (!overviews()[id]) setOverviews((prev) => ({ ...prev, [id]: o }));
    return o;
  }

  onMount(async () => {
    try {
      const o = await ensure(props.sessionId, setProgress);
      const s = selection();
      const lapA = s.lapA !== null && o.laps.some((l) => l.lap === s.lapA) ? s.lapA : fastest(o);
      setSelection({ ...s, lapA });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
    }
  });

  const labelOf = (ref: EnergyLapRef | null): string => {
    if (!ref) return '—';
    if (ref.sessionId === props.sessionId) return `lap ${ref.lap}`;
    const meta = summaryOf(ref.sessionId)?.meta;
    return `${meta ? `${carShort(meta)} ${meta.driver || ''}`.trim() : ref.sessionId} lap ${ref.lap}`;
  };
  const refA = (): EnergyLapRef | null => {
    const a = selection().lapA;
    return a === null ? null : { sessionId: props.sessionId, lap: a };
  };

  const chooseMode = async (mode: EnergyMode) => {
    const o = primary();
    const s = selection();
    if (!o || s.lapA === null) return;
    if (mode === 'lap') return setSelection({ ...s, mode, b: null });
    if (mode === 'laps') {
      const other = [...o.laps].sort((x, y) => x.lapTimeS - y.lapTimeS).find((l) => l.lap !== s.lapA);
      return setSelection({ ...s, mode, b: other ? { sessionId: props.sessionId, lap: other.lap } : null });
    }
    const first = sameTrack()[0];
    if (first) await chooseDriver(first.id, mode);
  };

  /** Lap A; when it becomes lap B of a lap difference, B moves to the fastest other lap. */
  const selectLapA = (lap: number) => {
    const s = selection();
    let b = s.b;
    if (b && b.sessionId === props.sessionId && b.lap === lap) {
      const other = [...(primary()?.laps ?? [])].sort((x, y) => x.lapTimeS - y.lapTimeS).find((l) => l.lap !== lap);
      b = other ? { sessionId: props.sessionId, lap: other.lap } : null;
    }
    setSelection({ ...s, lapA: lap, b });
  };

  const chooseDriver = async (id: string, mode: EnergyMode = 'drivers') => {
    try {
      const o = await ensure(id, setOtherProgress);
      const lap = fastest(o);
      setSelection({ ...selection(), mode, b: lap === null ? null : { sessionId: id, lap } });
    } catch (e) {
      app.notices.push({ tone: 'error', title: 'Could not analyse the other session', detail: errorMessage(e) });
    } finally {
      setOtherProgress(null);
    }
  };

  // The FlowGrid follows the selection; an answer to an older selection is dropped.
  let seq = 0;
  createEffect(
    on(selection, async (s) => {
      const a = refA();
      if (!primary() || !a) return;
      history.replaceState(history.state, '', routeHref('energy', energyParams(props.sessionId, s)));
      const b = s.mode === 'lap' ? null : s.b;
      if (s.mode !== 'lap' && !b) return;
      const mine = ++seq;
      setFlowBusy(true);
      try {
        if (b && b.sessionId !== props.sessionId) await ensure(b.sessionId, setOtherProgress);
        const result = await app.energy.flowGrid(a, b);
        if (mine !== seq) return;
        setFlow(result);
        setFlowLabels({ a: labelOf(a), b: labelOf(b), key: `${a.sessionId}:${a.lap}|${b ? `${b.sessionId}:${b.lap}` : ''}` });
        setFlowError(null);
      } catch (e) {
        if (mine === seq) setFlowError(errorMessage(e));
      } finally {
        if (mine === seq) setFlowBusy(false);
      }
    }),
  );

  /** Saves edited vehicle parameters with the session; the lap energies and the FlowGrid are recomputed. */
  const saveVehicle = async (params: EnergyVehicleParams) => {
    const o = await app.energy.saveVehicle(props.sessionId, params);
    setOverviews((prev) => ({ ...prev, [props.sessionId]: o }));
    setSelection({ ...selection() });
  };

  const lapA = () => primary()?.laps.find((l) => l.lap === selection().lapA) ?? null;
  const bOverview = () => {
    const b = selection().b;
    return b ? overviews()[b.sessionId] : undefined;
  };
  const path = () => (primary() ? computePath(primary()!) : null);

  return (
    <>
      <section class="panel analysis-head">
        <div class="analysis-title">
          <h2>Energy</h2>
          <Show when={primary()} fallback={<span class="muted">{summaryOf(props.sessionId)?.meta.sourceFile ?? props.sessionId}</span>}>
            {(o) => (
              <span class="muted">
                {carShort(o().meta)} · {o().meta.driver || '—'} · {o().meta.track || 'unknown track'} · {o().meta.sessionName || o().meta.sourceFile}
              </span>
            )}
          </Show>
        </div>
        <div class="head-links">
          <a class="button secondary" href={routeHref('analysis', { session: props.sessionId })}>
            Lap analysis
          </a>
          <a class="button secondary" href={routeHref('sessions')}>
            All sessions
          </a>
        </div>
      </section>
      <Switch>
        <Match when={error()}>
          {(message) => (
            <section class="panel" role="alert">
              <p>
                <strong>The session's energy could not be computed.</strong> {message()}
              </p>
            </section>
          )}
        </Match>
        <Match when={!primary()}>
          <section class="panel">
            <ProgressPanel title="Computing lap energies" progress={progress()} />
          </section>
        </Match>
        <Match when={primary()}>
          {(o) => (
            <div class="energy-grid">
              <section class="panel energy-controls" aria-labelledby="energy-controls-title">
                <div class="panel-head wrap">
                  <h3 id="energy-controls-title">Laps</h3>
                  <span class="pill compute-path" data-testid="compute-path" data-backend={o().backend.backend} title={path()?.detail}>
                    Compute: {path()?.short}
                  </span>
                  <span class="muted small">
                    {o().laps.length} laps in {formatFixed(o().computeMs, 0)} <span class="unit">ms</span>
                  </span>
                </div>
                <VehiclePanel sessionId={props.sessionId} meta={o().meta} vehicle={o().vehicle} source={o().vehicleSource} onSave={saveVehicle} />
                <Show when={o().laps.length > 0} fallback={<p class="muted">No complete lap on the track map: {[...o().notes, ...o().skipped.map((s) => `lap ${s.lap}: ${s.reason}`)].join('; ') || 'no laps'}.</p>}>
                  <div class="selector-row">
                    <span class="selector-label">Lap A</span>
                    <div class="segmented" role="group" aria-label="Lap A">
                      <For each={o().laps}>
                        {(l) => (
                          <button type="button" class="button segment" data-lap={l.lap} aria-pressed={selection().lapA === l.lap} onClick={() => selectLapA(l.lap)}>
                            Lap {l.lap} · {formatLapTime(l.lapTimeS)}
                          </button>
                        )}
                      </For>
                    </div>
                  </div>
                  <div class="selector-row">
                    <span class="selector-label">Show</span>
                    <div class="segmented" role="group" aria-label="FlowGrid mode">
                      <button type="button" class="button segment" aria-pressed={selection().mode === 'lap'} onClick={() => void chooseMode('lap')}>
                        Lap A
                      </button>
                      <button type="button" class="button segment" aria-pressed={selection().mode === 'laps'} onClick={() => void chooseMode('laps')} disabled={o().laps.length < 2}>
                        Lap A − lap B
                      </button>
                      <button type="button" class="button segment" aria-pressed={selection().mode === 'drivers'} onClick={() => void chooseMode('drivers')} disabled={sameTrack().length === 0}>
                        Driver vs driver
                      </button>
                    </div>
                  </div>
                  <Show when={selection().mode === 'drivers'}>
                    <div class="selector-row">
                      <span class="selector-label">Driver B</span>
                      <label class="select-label">
                        <span class="visually-hidden">Session of lap B</span>
                        <select class="select" value={selection().b?.sessionId ?? ''} onChange={(e) => void chooseDriver(e.currentTarget.value)}>
                          <For each={sameTrack()}>
                            {(s) => (
                              <option value={s.id}>
                                {carShort(s.meta)} · {s.meta.driver || '—'}
                              </option>
                            )}
                          </For>
                        </select>
                      </label>
                      <Show when={otherProgress()}>{(p) => <span class="muted small">{p().step} {formatPercent(p().fraction)}</span>}</Show>
                    </div>
                  </Show>
                  <Show when={selection().mode !== 'lap' && bOverview()}>
                    {(ob) => (
                      <div class="selector-row">
                        <span class="selector-label">Lap B</span>
                        <div class="segmented" role="group" aria-label="Lap B">
                          <For each={ob().laps.filter((l) => ob().sessionId !== props.sessionId || l.lap !== selection().lapA)}>
                            {(l) => (
                              <button type="button" class="button segment" data-lap={l.lap} aria-pressed={selection().b?.lap === l.lap} onClick={() => setSelection({ ...selection(), b: { sessionId: ob().sessionId, lap: l.lap } })}>
                                Lap {l.lap} · {formatLapTime(l.lapTimeS)}
                              </button>
                            )}
                          </For>
                        </div>
                      </div>
                    )}
                  </Show>
                </Show>
              </section>

              <section class="panel flow-panel" aria-labelledby="flow-title" aria-busy={flowBusy()}>
                <div class="panel-head wrap">
                  <h3 id="flow-title">FlowGrid</h3>
                  <span class="muted small">
                    {flowBusy() ? 'Computing the raster…' : flow() ? `1 m raster (${flow()!.raster.cols} × ${flow()!.raster.rows} cells) in ${formatFixed(flow()!.computeMs, 0)} ms on ${flow()!.backend.backend === 'webgpu' ? 'WebGPU' : 'the CPU'}` : ''}
                  </span>
                </div>
                <Show when={flowError()}>{(m) => <p role="alert">The FlowGrid could not be computed: {m()}</p>}</Show>
                <Show when={flow()} fallback={<p class="muted">{selection().lapA === null ? 'No lap to show.' : 'Computing…'}</p>}>
                  {(f) => (
                    <>
                      <FlowGrid data={f()} dataKey={flowLabels().key} labelA={flowLabels().a} labelB={flowLabels().b} arrows={arrows()} onArrows={setArrows} highlight={segment() ? { startM: segment()!.startM, endM: segment()!.endM, name: segment()!.name } : null} />
                      <div class="flow-totals small" data-testid="flow-totals">
                        <span>
                          A {flowLabels().a}: {formatLapTime(f().totalsA.lapTimeS)} · traction {formatFixed(f().totalsA.tractionKJ, 0)} <span class="unit">kJ</span> · braking {formatFixed(f().totalsA.brakingKJ, 0)} <span class="unit">kJ</span>
                        </span>
                        <Show when={f().totalsB}>
                          {(tb) => (
                            <>
                              <span>
                                B {flowLabels().b}: {formatLapTime(tb().lapTimeS)} · traction {formatFixed(tb().tractionKJ, 0)} <span class="unit">kJ</span> · braking {formatFixed(tb().brakingKJ, 0)} <span class="unit">kJ</span>
                              </span>
                              <span class="delta-summary">
                                A − B: {formatSigned(f().totalsA.lapTimeS - tb().lapTimeS, 3)} <span class="unit">s</span> · traction {formatSigned(f().totalsA.tractionKJ - tb().tractionKJ, 0)} <span class="unit">kJ</span> · braking{' '}
                                {formatSigned(f().totalsA.brakingKJ - tb().brakingKJ, 0)} <span class="unit">kJ</span>
                              </span>
                            </>
                          )}
                        </Show>
                      </div>
                    </>
                  )}
                </Show>
              </section>

              <section class="panel ribbon-panel" aria-labelledby="ribbon-title">
                <div class="panel-head wrap">
                  <h3 id="ribbon-title">3D view</h3>
                  <span class="muted small">{flow()?.mode === 'difference' ? 'A − B along the lap' : 'Lap A along the lap'}</span>
                </div>
                <Show when={flow()} fallback={<p class="muted">Waiting for the FlowGrid…</p>}>
                  {(f) => (
                    <Suspense fallback={<p class="muted">Loading the 3D view…</p>}>
                      <Energy3D data={f()} labelA={flowLabels().a} labelB={flowLabels().b} quantity={quantity()} onQuantity={setQuantity} />
                    </Suspense>
                  )}
                </Show>
              </section>

              <section class="panel energy-table-panel" aria-labelledby="energy-table-title">
                <div class="panel-head wrap">
                  <h3 id="energy-table-title">Energy per corner and sector</h3>
                  <Show when={lapA()}>{(l) => <span class="muted small">lap {l().lap} · {formatLapTime(l().lapTimeS)}</span>}</Show>
                </div>
                <Show when={lapA()} fallback={<p class="muted">Pick a lap.</p>}>
                  {(l) => <EnergyTable corners={l().corners} sectors={l().sectors} lapLabel={`Lap ${l().lap}`} kind={tableKind()} onKind={(k) => { setTableKind(k); setSegment(null); }} active={segment()} onSegment={setSegment} />}
                </Show>
              </section>
              <section class="panel model-panel" aria-labelledby="model-title">
                <div class="panel-head wrap">
                  <h3 id="model-title">Power-demand model</h3>
                </div>
                <PowerModelPanel sessionId={props.sessionId} sessionLabel={`${carShort(o().meta)} ${o().meta.driver || ''} at ${o().meta.track || 'an unknown track'} (${o().meta.sourceFile})`} demoCar={/^DEMO-CAR-/i.test(o().meta.vehicleId)} />
              </section>

            </div>
          )}
        </Match>
      </Switch>
    </>
  );
};

export const EnergyView: Component = () => (
  <SessionViewShell viewId="energy" title="Energy">
    {(id, params) => <EnergyWorkspace sessionId={id} params={params} />}
  </SessionViewShell>
);
