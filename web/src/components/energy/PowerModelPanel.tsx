// The learned power-demand model in the energy view: the committed model (models/power-demand, trained
// on the demo car) evaluated on this session, and training a new model on the session's own laps in the
// model worker with TensorFlow.js (progress per epoch), with its held-out errors against the baseline,
// each lap's estimated energy from its speed profile alone, a measured-vs-predicted trace and a download.

import { createSignal, For, onMount, Show, type Component } from 'solid-js';
import type { ModelEvaluation, ModelProgress, TrainOutcome } from '../../../../workers/energy/model/model.worker.ts';
import type { PowerModelMetrics, SavedPowerModel } from '../../../../workers/energy/model/saved-model.ts';
import type { TfBackendPreference } from '../../../../workers/energy/model/tf-backend.ts';
import committedJson from '../../../../models/power-demand/model.json';
import { formatFixed, formatSigned } from '../../analysis/lap-format.ts';
import { formatPercent } from '../../format.ts';
import { downloadBlob } from '../../services/export-download.ts';
import { useAppServices } from '../../state/app-services.ts';
import { errorMessage } from '../../state/error-text.ts';
import { PowerTraceChart } from './PowerTraceChart.tsx';

const COMMITTED = committedJson as unknown as SavedPowerModel;
const EPOCH_CHOICES = [10, 30, 60];

const MetricsTable: Component<{ metrics: PowerModelMetrics; baseline: PowerModelMetrics | null; caption: string; testId: string }> = (props) => (
  <div class="table-scroll">
    <table class="data-table model-metrics" data-testid={props.testId}>
      <caption class="muted small">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Power</th>
          <th scope="col" class="num">MAE <span class="unit">kW</span></th>
          <th scope="col" class="num">RMSE <span class="unit">kW</span></th>
          <th scope="col" class="num">Lap energy error <span class="unit">%</span></th>
          <Show when={props.baseline}>
            <th scope="col" class="num">Baseline MAE <span class="unit">kW</span></th>
            <th scope="col" class="num">Baseline RMSE <span class="unit">kW</span></th>
          </Show>
        </tr>
      </thead>
      <tbody>
        <For each={['Traction', 'Braking']}>
          {(name, k) => (
            <tr>
              <th scope="row">{name}</th>
              <td class="num">{formatFixed(props.metrics.maeKw[k()], 2)}</td>
              <td class="num">{formatFixed(props.metrics.rmseKw[k()], 2)}</td>
              <td class="num">{formatFixed(props.metrics.meanAbsLapEnergyErrorPct[k()], 2)}</td>
              <Show when={props.baseline}>
                {(b) => (
                  <>
                    <td class="num">{formatFixed(b().maeKw[k()], 2)}</td>
                    <td class="num">{formatFixed(b().rmseKw[k()], 2)}</td>
                  </>
                )}
              </Show>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  </div>
);

const LapEstimates: Component<{ evaluation: ModelEvaluation }> = (props) => {
  const pct = (est: number, meas: number) => formatSigned((100 * (est - meas)) / meas, 2);
  return (
    <div class="table-scroll">
      <table class="data-table lap-estimates" data-testid="lap-estimates">
        <caption class="muted small">Each lap's energy estimated from its speed profile alone (as for a lap that was not driven) against the physics. Braking: brakes + engine braking.</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Lap
            </th>
            <th scope="colgroup" colSpan={3} class="group">
              Traction
            </th>
            <th scope="colgroup" colSpan={3} class="group">
              Braking
            </th>
          </tr>
          <tr>
            <th scope="col" class="num">measured <span class="unit">kJ</span></th>
            <th scope="col" class="num">estimated <span class="unit">kJ</span></th>
            <th scope="col" class="num">error <span class="unit">%</span></th>
            <th scope="col" class="num">measured <span class="unit">kJ</span></th>
            <th scope="col" class="num">estimated <span class="unit">kJ</span></th>
            <th scope="col" class="num">error <span class="unit">%</span></th>
          </tr>
        </thead>
        <tbody>
          <For each={props.evaluation.laps}>
            {(l) => (
              <tr classList={{ 'held-out': l.heldOut }}>
                <th scope="row">
                  Lap {l.lap}
                  <Show when={l.heldOut}>
                    <span class="badge">held out</span>
                  </Show>
                </th>
                <td class="num">{formatFixed(l.measuredTractionJ / 1000, 0)}</td>
                <td class="num">{formatFixed(l.estimatedTractionJ / 1000, 0)}</td>
                <td class="num">{pct(l.estimatedTractionJ, l.measuredTractionJ)}</td>
                <td class="num">{formatFixed(l.measuredBrakingJ / 1000, 0)}</td>
                <td class="num">{formatFixed(l.estimatedBrakingJ / 1000, 0)}</td>
                <td class="num">{pct(l.estimatedBrakingJ, l.measuredBrakingJ)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
};

export const PowerModelPanel: Component<{ sessionId: string; sessionLabel: string; demoCar: boolean }> = (props) => {
  const app = useAppServices();
  const [committed, setCommitted] = createSignal<ModelEvaluation | null>(null);
  const [committedError, setCommittedError] = createSignal<string | null>(null);
  const [epochs, setEpochs] = createSignal(30);
  const [backend, setBackend] = createSignal<TfBackendPreference>('auto');
  const [progress, setProgress] = createSignal<ModelProgress | null>(null);
  const [trained, setTrained] = createSignal<TrainOutcome | null>(null);

  onMount(async () => {
    try {
      setCommitted(await app.energy.evaluate(props.sessionId, COMMITTED));
    } catch (e) {
      setCommittedError(errorMessage(e));
    }
  });

  const train = async () => {
    setProgress({ step: 'starting the model worker', fraction: 0 });
    try {
      setTrained(await app.energy.train(props.sessionId, { epochs: epochs(), backend: backend(), source: props.sessionLabel }, (p) => setProgress(p)));
    } catch (e) {
      app.notices.push({ tone: 'error', title: 'Could not train the power-demand model', detail: errorMessage(e) });
    } finally {
      setProgress(null);
    }
  };

  const download = (t: TrainOutcome) => downloadBlob(new Blob([JSON.stringify(t.saved)], { type: 'application/json' }), `power-demand-${props.sessionId.slice(0, 12)}.json`);
  const report = COMMITTED.training;

  return (
    <div class="power-model" data-testid="power-model">
      <div class="model-column">
        <p class="small">
          Predicts tractive and braking power at each metre from the track (curvature, heading change, gradient, distance to the next corner and apex) and a speed profile (speed and its derivative), so that the energy of a
          lap that was not driven can be estimated. A small neural network trained with TensorFlow.js in a worker.
        </p>
        <h4>Committed model</h4>
        <p class="small muted">
          Trained on {report?.source ?? 'the demo session'}: laps {report?.trainLaps.join(', ')}, {report?.epochs} epochs; on its held-out laps {report?.heldOutLaps.join(', ')} MAE{' '}
          {formatFixed(report?.heldOut.maeKw[0] ?? NaN, 1)}
          <span class="unit">kW</span> traction, {formatFixed(report?.heldOut.maeKw[1] ?? NaN, 1)}
          <span class="unit">kW</span> braking.
          <Show when={!props.demoCar}> It was trained for the demo car: train on this session for this car.</Show>
        </p>
        <Show when={committed()} fallback={<p class="muted small">{committedError() ? `Not evaluated: ${committedError()}` : 'Evaluating the committed model on this session…'}</p>}>
          {(c) => <MetricsTable metrics={c().metrics} baseline={null} caption="The committed model on every analysed lap of this session (errors per metre; lap energy: mean |error| over the laps)." testId="committed-metrics" />}
        </Show>

        <h4>Train on this session</h4>
        <div class="model-train-controls">
          <div class="segmented" role="group" aria-label="Epochs">
            <For each={EPOCH_CHOICES}>
              {(n) => (
                <button type="button" class="button segment" aria-pressed={epochs() === n} onClick={() => setEpochs(n)} disabled={progress() !== null}>
                  {n} epochs
                </button>
              )}
            </For>
          </div>
          <div class="segmented" role="group" aria-label="TensorFlow.js backend">
            <button type="button" class="button segment" aria-pressed={backend() === 'auto'} onClick={() => setBackend('auto')} disabled={progress() !== null}>
              Auto (GPU first)
            </button>
            <button type="button" class="button segment" aria-pressed={backend() === 'cpu'} onClick={() => setBackend('cpu')} disabled={progress() !== null}>
              CPU
            </button>
          </div>
          <button type="button" class="button primary" onClick={() => void train()} disabled={progress() !== null}>
            Train
          </button>
        </div>
        <Show when={progress()}>
          {(p) => (
            <div class="analysis-progress" role="status" aria-live="polite">
              <div class="import-progress-head">
                <span class="phase">{p().step}</span>
                <Show when={p().loss !== undefined}>
                  <span class="numbers">loss {formatFixed(p().loss ?? NaN, 4)}</span>
                </Show>
                <span class="numbers">{formatPercent(p().fraction)}</span>
              </div>
              <progress aria-label="Training progress" max={1} value={p().fraction} />
            </div>
          )}
        </Show>
        <Show when={trained()}>
          {(t) => (
            <div class="model-result" data-testid="trained-model">
              <p class="small">
                Trained on laps {t().training?.trainLaps.join(', ')} ({t().training?.samples.toLocaleString()} metres, {t().training?.epochs} epochs) with the TensorFlow.js <strong>{t().backend.backend}</strong> backend in{' '}
                {formatFixed((t().training?.trainMs ?? NaN) / 1000, 1)}
                <span class="unit">s</span>; held out laps {t().training?.heldOutLaps.join(', ')}.
                <Show when={t().backend.notes.length > 0}>
                  <span class="muted"> ({t().backend.notes.join('; ')})</span>
                </Show>
              </p>
              <MetricsTable metrics={t().metrics} baseline={t().training?.baseline ?? null} caption="Held-out laps: errors per metre, and of the lap energy; the baseline predicts the training laps' mean power everywhere." testId="trained-metrics" />
              <button type="button" class="button secondary" onClick={() => download(t())}>
                Download the model (JSON)
              </button>
            </div>
          )}
        </Show>
      </div>
      <div class="model-column">
        <Show when={trained() ?? committed()}>
          {(e) => (
            <>
              <h4>{e().model === 'trained' ? 'Model trained here' : 'Committed model'}: lap energies from the speed profile</h4>
              <LapEstimates evaluation={e()} />
              <PowerTraceChart trace={e().trace} label={e().model === 'trained' ? `held-out lap ${e().trace.lap}` : `lap ${e().trace.lap}, committed model`} />
            </>
          )}
        </Show>
      </div>
    </div>
  );
};
