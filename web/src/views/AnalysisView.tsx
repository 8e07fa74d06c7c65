// The lap-analysis view (#/analysis?session=<id>[&laps=3,5,<otherSession>:4]): track map, lap table,
// lap compare charts and corner table of a session, with laps of other sessions on the same track
// addable. The analysis runs in the analysis worker (with progress) and is kept per session in memory.

import { createEffect, createMemo, createSignal, For, Match, on, onMount, Show, Switch, type Component } from 'solid-js';
import type { AnalysisOverview, AnalysisProgress, CompareResult, LapKey } from '../../../workers/laps/analysis.worker.ts';
import { describeAlignment } from '../../../workers/laps/alignment-summary.ts';
import type { TrackEdits } from '../../../workers/geometry/types.ts';
import type { CornerMetrics } from '../../../workers/laps/types.ts';
import { lapColour } from '../analysis/colours.ts';
import { formatLapsParam, makeReference, parseLapsParam, sameLap, toggleLap } from '../analysis/lap-keys.ts';
import type { MapChannelId } from '../analysis/map-channels.ts';
import { cornerWindow, zoomAround, type XRange } from '../analysis/zoom.ts';
import { CompareLegend } from '../components/analysis/CompareLegend.tsx';
import { CornerEditor } from '../components/analysis/CornerEditor.tsx';
import { CornerTable } from '../components/analysis/CornerTable.tsx';
import { LapCompareCharts } from '../components/analysis/LapCompareCharts.tsx';
import { LapTable } from '../components/analysis/LapTable.tsx';
import { TrackMap } from '../components/analysis/TrackMap.tsx';
import { SessionViewShell } from '../components/SessionViewShell.tsx';
import { formatLocalDateTime, formatPercent } from '../format.ts';
import { carShort, cleanLapKeys, defaultCompareLaps, lapLabel } from '../state/analysis-defaults.ts';
import { useAppServices } from '../state/app-services.ts';
import { errorMessage } from '../state/error-text.ts';
import { routeHref } from '../state/router.ts';
import '../analysis.css';

const ProgressPanel: Component<{ title: string; progress: AnalysisProgress | null }> = (props) => (
  <div class="analysis-progress" role="status" aria-live="polite">
    <div class="import-progress-head">
      <span class="file-name">{props.title}</span>
      <span class="phase">{props.progress?.step ?? 'starting the analysis worker'}</span>
      <span class="numbers">{formatPercent(props.progress?.fraction ?? 0)}</span>
    </div>
    <progress aria-label="Analysis progress" max={1} value={props.progress?.fraction ?? 0} />
  </div>
);

const AnalysisWorkspace: Component<{ sessionId: string; initialLaps: string | null }> = (props) => {
  const app = useAppServices();
  const client = app.analysis;
  const [overviews, setOverviews] = createSignal<Record<string, AnalysisOverview>>({});
  const [progress, setProgress] = createSignal<AnalysisProgress | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [keys, setKeys] = createSignal<LapKey[]>([]);
  const [focusKey, setFocusKey] = createSignal<LapKey | null>(null);
  const [tableSessionId, setTableSessionId] = createSignal(props.sessionId);
  const [tableProgress, setTableProgress] = createSignal<AnalysisProgress | null>(null);
  const [compare, setCompare] = createSignal<CompareResult | null>(null);
  const [comparing, setComparing] = createSignal(false);
  const [range, setRange] = createSignal<XRange | null>(null);
  const [cursor, setCursor] = createSignal<{ m: number | null; fromMap: boolean }>({ m: null, fromMap: false });
  const [mapChannel, setMapChannel] = createSignal<MapChannelId>('speed');
  const [activeCorner, setActiveCorner] = createSignal<number | null>(null);
  const [editingCorners, setEditingCorners] = createSignal(false);

  const primary = () => overviews()[props.sessionId];
  const tableOverview = () => overviews()[tableSessionId()];

  async function ensure(id: string, onProgress?: (p: AnalysisProgress) => void): Promise<AnalysisOverview> {
    const o = await client.analyze(id, onProgress);
    if (!overviews()[id]) setOverviews((prev) => ({ ...prev, [id]: o }));
    return o;
  }

  onMount(async () => {
    try {
      const o = await ensure(props.sessionId, setProgress);
      // laps of sessions that are no longer stored are dropped from a bookmarked link
      const stored = new Set(app.sessions.sessions().map((s) => s.id));
      let initial = parseLapsParam(props.initialLaps, props.sessionId).filter((k) => stored.has(k.sessionId));
      if (initial.length === 0) initial = defaultCompareLaps(o);
      await Promise.all([...new Set(initial.map((k) => k.sessionId))].map((id) => ensure(id)));
      setKeys(initial);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
    }
  });

  // The comparison follows the chosen laps; an answer to an older choice is dropped.
  let compareSeq = 0;
  createEffect(
    on(
      keys,
      async (ks) => {
        const seq = ++compareSeq;
        history.replaceState(history.state, '', routeHref('analysis', ks.length ? { session: props.sessionId, laps: formatLapsParam(ks, props.sessionId) } : { session: props.sessionId }));
        if (ks.length === 0) {
          setCompare(null);
          return;
        }
        setComparing(true);
        try {
          await Promise.all([...new Set(ks.map((k) => k.sessionId))].map((id) => ensure(id)));
          const result = await client.compare(ks);
          if (seq !== compareSeq) return;
          if (compare()?.lengthM !== result.lengthM) setRange(null);
          setCompare(result);
          if (result.skipped.length) {
            app.notices.push(
              {
                tone: 'info',
                title: `${result.skipped.length === 1 ? 'A lap was' : `${result.skipped.length} laps were`} left out of the comparison`,
                detail: result.skipped.map((s) => `${lapLabel(overviews()[s.key.sessionId]?.meta, s.key.lap)}: ${s.reason}`).join('; '),
              },
              10_000,
            );
          }
        } catch (e) {
          if (seq === compareSeq) app.notices.push({ tone: 'error', title: 'Could not compare the laps', detail: errorMessage(e) });
        } finally {
          if (seq === compareSeq) setComparing(false);
        }
      },
      { defer: true },
    ),
  );

  const labelOf = (k: LapKey) => lapLabel(overviews()[k.sessionId]?.meta, k.lap);
  const colourOfKey = (k: LapKey): string | undefined => {
    const i = keys().findIndex((x) => sameLap(x, k));
    return i < 0 ? undefined : lapColour(i);
  };
  const compareLabels = createMemo(() => compare()?.laps.map((l) => labelOf(l.key)) ?? []);
  const compareColours = createMemo(() => compare()?.laps.map((l) => colourOfKey(l.key) ?? '#e6edf3') ?? []);
  const focusIndex = createMemo(() => {
    const laps = compare()?.laps ?? [];
    const f = focusKey();
    const i = f ? laps.findIndex((l) => sameLap(l.key, f)) : -1;
    return i >= 0 ? i : laps.length > 1 ? 1 : 0;
  });
  const focusLap = () => compare()?.laps[focusIndex()] ?? null;
  const track = () => primary()?.track ?? null;

  const sameTrackSessions = createMemo(() => {
    const p = primary();
    if (!p) return [];
    const t = p.meta.track.trim().toLowerCase();
    return app.sessions.sessions().filter((s) => s.id === p.sessionId || (t !== '' && s.meta.track.trim().toLowerCase() === t));
  });

  const chooseTableSession = async (id: string) => {
    setTableSessionId(id);
    try {
      await ensure(id, setTableProgress);
    } catch (e) {
      app.notices.push({ tone: 'error', title: 'Could not analyse the session', detail: errorMessage(e) });
      setTableSessionId(props.sessionId);
    } finally {
      setTableProgress(null);
    }
  };

  const zoomToCorner = (c: { number: number; entryM: number; exitM: number }) => {
    const data = compare();
    const lengthM = data?.lengthM ?? track()?.lengthM;
    if (!lengthM) return;
    setActiveCorner(c.number);
    setRange(cornerWindow(c, lengthM));
  };
  const zoomBy = (factor: number) => {
    const data = compare();
    if (!data) return;
    const r = range() ?? { minM: 0, maxM: data.lengthM };
    const next = zoomAround(r, (r.minM + r.maxM) / 2, factor, data.lengthM);
    setActiveCorner(null);
    setRange(next.minM <= 0 && next.maxM >= data.lengthM ? null : next);
  };

  // Saved corner edits change the map of every analysed session on it: refresh them all, then the comparison.
  const saveCornerEdits = async (edits: TrackEdits) => {
    await client.saveTrackEdits(props.sessionId, edits);
    const ids = Object.keys(overviews());
    const fresh = await Promise.all(ids.map((id) => client.analyze(id)));
    setOverviews(Object.fromEntries(ids.map((id, i) => [id, fresh[i]])));
    setActiveCorner(null);
    setKeys([...keys()]);
  };

  const referenceLabel = () => {
    const r = compare()?.laps[0];
    return r ? labelOf(r.key) : '—';
  };

  return (
    <>
      <section class="panel analysis-head">
        <div class="analysis-title">
          <h2>Lap analysis</h2>
          <Show when={primary()} fallback={<span class="muted">{app.sessions.sessions().find((s) => s.id === props.sessionId)?.meta.sourceFile ?? props.sessionId}</span>}>
            {(o) => (
              <span class="muted">
                {carShort(o().meta)} · {o().meta.driver || '—'} · {o().meta.track || 'unknown track'} · {o().meta.sessionName || o().meta.sourceFile} · {formatLocalDateTime(o().meta.startTimeMs)}
              </span>
            )}
          </Show>
        </div>
        <div class="head-links">
          <a class="button secondary" href={routeHref('energy', { session: props.sessionId })}>
            Energy
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
                <strong>The session could not be analysed.</strong> {message()}
              </p>
            </section>
          )}
        </Match>
        <Match when={!primary()}>
          <section class="panel">
            <ProgressPanel title="Analysing the session" progress={progress()} />
          </section>
        </Match>
        <Match when={primary()}>
          {(o) => (
            <div class="analysis-grid">
              <section class="panel map-panel" aria-labelledby="map-title">
                <div class="panel-head wrap">
                  <h3 id="map-title">Track map</h3>
                  <Show when={track()}>
                    {(t) => (
                      <span class="muted small">
                        {t().name} · {Math.round(t().lengthM)} <span class="unit">m</span> · {t().corners.length} corners
                        {t().fromSession ? ' · from GPS laps' : ''}
                      </span>
                    )}
                  </Show>
                </div>
                <Show when={track()} fallback={<p class="muted">No track map: {o().notes.join('; ') || 'the session has no GPS positions'}.</p>}>
                  {(t) => (
                    <TrackMap
                      track={t()}
                      lap={focusLap()}
                      lapLabel={focusLap() ? labelOf(focusLap()!.key) : ''}
                      lapColour={compareColours()[focusIndex()] ?? '#e6edf3'}
                      channel={mapChannel()}
                      onChannel={setMapChannel}
                      cursorM={cursor().m}
                      onCursor={(m) => setCursor({ m, fromMap: true })}
                      range={range()}
                      activeCorner={activeCorner()}
                      onCorner={zoomToCorner}
                    />
                  )}
                </Show>
              </section>

              <section class="panel laps-panel" aria-labelledby="laps-title">
                <div class="panel-head wrap">
                  <h3 id="laps-title">Laps</h3>
                  <Show when={sameTrackSessions().length > 1}>
                    <label class="select-label">
                      <span class="visually-hidden">Session shown in the lap table</span>
                      <select class="select" value={tableSessionId()} onChange={(e) => void chooseTableSession(e.currentTarget.value)}>
                        <For each={sameTrackSessions()}>
                          {(s) => (
                            <option value={s.id}>
                              {carShort(s.meta)} · {s.meta.driver || '—'}
                              {s.id === props.sessionId ? ' (this session)' : ''}
                            </option>
                          )}
                        </For>
                      </select>
                    </label>
                  </Show>
                  <span class="spacer" />
                  <Show when={tableOverview()}>
                    {(t) => (
                      <>
                        <button type="button" class="button secondary" onClick={() => setKeys(cleanLapKeys(t()))} disabled={cleanLapKeys(t()).length === 0}>
                          All clean laps
                        </button>
                        <button type="button" class="button secondary" onClick={() => setKeys(defaultCompareLaps(t()))}>
                          Best two
                        </button>
                      </>
                    )}
                  </Show>
                </div>
                <Show when={tableOverview()} fallback={<ProgressPanel title="Analysing the session" progress={tableProgress()} />}>
                  {(t) => (
                    <>
                      <LapTable
                        overview={t()}
                        colourOf={colourOfKey}
                        isReference={(k) => keys().length > 0 && sameLap(keys()[0], k)}
                        onToggle={(k) => setKeys(toggleLap(keys(), k))}
                      />
                      <p class="small muted">
                        Laps from {t().timing === 'lap-counter' ? "the logger's lap counter" : t().timing === 'beacon' ? 'the lap beacon' : t().timing === 'gps-line' ? 'GPS crossings of the line' : 'the recording'}. Tick laps to compare them (the first ticked is the reference, R); laps of other cars on this track can be added from the menu above.
                      </p>
                      <Show when={t().alignment}>
                        {(a) => (
                          <p class="small muted" data-testid="lap-distance-source">
                            Lap distance: {describeAlignment(a())}.
                          </p>
                        )}
                      </Show>
                    </>
                  )}
                </Show>
              </section>

              <section class="panel charts-panel" aria-labelledby="compare-title" aria-busy={comparing()}>
                <div class="panel-head wrap">
                  <h3 id="compare-title">Lap compare</h3>
                  <span class="muted small">{comparing() ? 'Loading laps…' : 'Drag or pinch to zoom, wheel to zoom, shift-drag or two fingers to pan, double-click for the whole lap.'}</span>
                  <span class="spacer" />
                  <div class="zoom-buttons" role="group" aria-label="Zoom">
                    <button type="button" class="button secondary" aria-label="Zoom out" onClick={() => zoomBy(1.6)} disabled={!compare()}>
                      −
                    </button>
                    <button type="button" class="button secondary" aria-label="Zoom in" onClick={() => zoomBy(1 / 1.6)} disabled={!compare()}>
                      +
                    </button>
                    <button
                      type="button"
                      class="button secondary"
                      onClick={() => {
                        setActiveCorner(null);
                        setRange(null);
                      }}
                      disabled={range() === null}
                    >
                      Whole lap
                    </button>
                  </div>
                </div>
                <Show when={compare()} fallback={<p class="muted">{keys().length === 0 ? 'Pick laps in the lap table to compare them.' : 'Putting the laps on the distance grid…'}</p>}>
                  {(data) => (
                    <Show when={data().laps.length > 0} fallback={<p class="muted">None of the chosen laps could be put on the track map.</p>}>
                      <CompareLegend
                        data={data()}
                        labels={compareLabels()}
                        colours={compareColours()}
                        focusIndex={focusIndex()}
                        cursorM={cursor().m}
                        onFocus={(i) => setFocusKey(data().laps[i].key)}
                        onReference={(i) => setKeys(makeReference(keys(), data().laps[i].key))}
                        onRemove={(i) => setKeys(keys().filter((k) => !sameLap(k, data().laps[i].key)))}
                      />
                      <LapCompareCharts
                        data={data()}
                        colours={compareColours()}
                        labels={compareLabels()}
                        corners={track()?.corners ?? []}
                        range={range()}
                        onRange={(r) => {
                          setActiveCorner(null);
                          setRange(r);
                        }}
                        cursorM={cursor().m}
                        cursorFromMap={cursor().fromMap}
                        onCursor={(m) => setCursor({ m, fromMap: false })}
                        focusIndex={focusIndex()}
                      />
                    </Show>
                  )}
                </Show>
              </section>

              <section class="panel corners-panel" aria-labelledby="corners-title">
                <div class="panel-head wrap">
                  <h3 id="corners-title">Corners</h3>
                  <Show when={focusLap()}>{(l) => <span class="muted small">{labelOf(l().key)}</span>}</Show>
                  <span class="spacer" />
                  <Show when={track()}>
                    <button type="button" class="button secondary" aria-pressed={editingCorners()} onClick={() => setEditingCorners(!editingCorners())}>
                      {editingCorners() ? 'Done editing' : 'Edit corners'}
                    </button>
                  </Show>
                </div>
                <Show when={editingCorners() && track()}>
                  {(t) => <CornerEditor corners={t().corners} lengthM={t().lengthM} edits={t().edits} onSave={saveCornerEdits} />}
                </Show>
                <Show when={focusLap()} fallback={<p class="muted">Pick a lap to see its corners.</p>}>
                  {(l) => (
                    <CornerTable
                      corners={l().corners}
                      lapLabel={labelOf(l().key)}
                      referenceLabel={referenceLabel()}
                      isReference={focusIndex() === 0}
                      activeCorner={activeCorner()}
                      onCorner={(c: CornerMetrics) => zoomToCorner(c)}
                    />
                  )}
                </Show>
              </section>
            </div>
          )}
        </Match>
      </Switch>
    </>
  );
};

export const AnalysisView: Component = () => (
  <SessionViewShell viewId="analysis" title="Lap analysis">
    {(id, params) => <AnalysisWorkspace sessionId={id} initialLaps={params.get('laps')} />}
  </SessionViewShell>
);
