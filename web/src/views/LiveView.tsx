// The live view (#/live): every car on the track map in real time from the edge server's /api/live
// WebSocket, rolling speed/throttle/brake/gear traces, lap and sector times as they complete, alerts, and
// the connection state. #/live?mode=replay is the forensic replay of stored sessions, entirely on the
// tablet (OPFS store → storage worker, laps from the analysis worker): play, pause, scrub, 0.25×–16×,
// several cars at once, the charts following the replay clock.

import { createEffect, createMemo, createSignal, on, onCleanup, onMount, Show, type Component } from 'solid-js';
import type { Session, SessionSummary } from '../../../workers/model/session.ts';
import { AlertList } from '../components/live/AlertList.tsx';
import { CarReadouts } from '../components/live/CarReadouts.tsx';
import { ConnectionStatus } from '../components/live/ConnectionStatus.tsx';
import { LapTimesTable } from '../components/live/LapTimesTable.tsx';
import { LiveCharts } from '../components/live/LiveCharts.tsx';
import { LiveTrackMap } from '../components/live/LiveTrackMap.tsx';
import { ReplayControls } from '../components/live/ReplayControls.tsx';
import { ReplayPicker } from '../components/live/ReplayPicker.tsx';
import type { CarSnapshot } from '../live/car-snapshot.ts';
import { LiveConnection, type ConnectionState } from '../live/live-connection.ts';
import { LiveModel } from '../live/live-model.ts';
import { ReplayClock } from '../live/replay-clock.ts';
import { REPLAY_CHANNELS, ReplaySource, replayCars } from '../live/replay-source.ts';
import { distanceToOutlineM, outlineFromSession, type TrackOutline } from '../live/track-outline.ts';
import { useAppServices, type AppServices } from '../state/app-services.ts';
import { errorMessage } from '../state/error-text.ts';
import { createHashRoute, routeHref } from '../state/router.ts';
import '../analysis.css';
import '../live.css';

/** Channels the live view subscribes to (the rest of a frame is not sent to the tablet). */
export const LIVE_CHANNELS = ['speed', 'gps_speed', 'throttle', 'brake_front', 'brake', 'gear', 'lat', 'lon', 'lap_distance', 'lap'];
/** Frames per second per car the tablet asks for. */
export const LIVE_MAX_HZ = 25;
const WINDOW_S = 60;
/** A stored track fits when the first live position is this close to its outline, m. */
const OUTLINE_MATCH_M = 250;

/** What a browser test reads: the mode, the connection, the cars as drawn, the laps, the replay clock. */
export interface LiveViewHook {
  mode: 'live' | 'replay';
  state: () => string;
  frames: () => number;
  cars: () => CarSnapshot[];
  mapSource: () => string;
  replay?: { timeMs: () => number; startMs: number; endMs: number; playing: () => boolean; speed: () => number; seek: (tMs: number) => void; play: () => void; pause: () => void };
}

declare global {
  interface Window {
    __etmLive?: LiveViewHook;
  }
}

interface PickedOutline {
  outline: TrackOutline;
  caption: string;
  sessionId: string;
}

/** Loads a stored session's positions (and lap counter) and makes its outline; null without GPS. */
async function storedOutline(app: AppServices, s: SessionSummary): Promise<TrackOutline | null> {
  const names = ['lat', 'lon', 'lap'].filter((n) => s.channels.some((c) => c.name === n));
  if (!names.includes('lat') || !names.includes('lon')) return null;
  return outlineFromSession(await app.storage.load(s.id, { channels: names }));
}

/** Sector boundaries of a stored session's track map (analysis worker), as fractions of its length. */
async function trackSectors(app: AppServices, sessionId: string): Promise<{ fractions: number[]; lengthM: number } | null> {
  const o = await app.analysis.analyze(sessionId);
  const t = o.track;
  if (!t || !(t.lengthM > 0) || t.sectors.length < 2) return null;
  return { fractions: t.sectors.slice(1).map((s) => s.startM / t.lengthM), lengthM: t.lengthM };
}

function sessionCaption(s: SessionSummary): string {
  return `Track map: a lap of ${s.meta.vehicleNumber ? `#${s.meta.vehicleNumber}` : s.meta.sourceFile}${s.meta.track ? ` at ${s.meta.track}` : ''} (stored session)`;
}

const LiveWorkspace: Component = () => {
  const app = useAppServices();
  const model = new LiveModel();
  const [version, setVersion] = createSignal(0);
  const [trailsVersion, setTrailsVersion] = createSignal(0);
  const [state, setState] = createSignal<ConnectionState>({ kind: 'idle' });
  const [picked, setPicked] = createSignal<PickedOutline | null>(null);
  const [sectorCount, setSectorCount] = createSignal(3);

  const connection = new LiveConnection({
    url: (key) => {
      const q = new URLSearchParams({ access_token: key, maxHz: String(LIVE_MAX_HZ), channels: LIVE_CHANNELS.join(',') });
      return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live?${q}`;
    },
    getKey: () => app.apiKey.key(),
    checkKey: async (key) => (await app.apiKey.check(key)).result,
    dropKey: (key) => app.apiKey.drop(key),
    onMessage: (msg) => model.onMessage(msg),
    onState: setState,
  });

  const cars = createMemo(() => {
    version();
    return model.snapshot();
  });
  const chartCars = createMemo(
    () => cars().map((c) => ({ car: c.car, label: c.label, colour: c.colour })),
    undefined,
    { equals: (a, b) => a.length === b.length && a.every((x, i) => x.car === b[i].car && x.colour === b[i].colour) },
  );

  // Which stored sessions were tried as the track map (id → fits or not).
  const tried = new Map<string, boolean>();
  let searching = false;
  async function findStoredTrack(): Promise<void> {
    const first = model.firstPosition();
    if (searching || picked() || !first) return;
    searching = true;
    try {
      for (const s of app.sessions.sessions()) {
        if (tried.has(s.id)) continue;
        let outline: TrackOutline | null = null;
        try {
          outline = await storedOutline(app, s);
        } catch {
          outline = null;
        }
        const fits = outline !== null && distanceToOutlineM(outline, first.latDeg, first.lonDeg) <= OUTLINE_MATCH_M;
        tried.set(s.id, fits);
        if (fits && outline) {
          setPicked({ outline, caption: sessionCaption(s), sessionId: s.id });
          // the stored track's sectors and length, from the analysis worker (in the background)
          trackSectors(app, s.id).then(
            (sec) => {
              if (!sec) return;
              model.setTrackSectors(sec.fractions, sec.lengthM);
              setSectorCount(sec.fractions.length + 1);
            },
            () => undefined,
          );
          return;
        }
      }
    } finally {
      searching = false;
    }
  }
  createEffect(on(() => app.sessions.sessions(), () => void findStoredTrack(), { defer: true }));

  let frame = 0;
  let seen = -1;
  let trailsAt = 0;
  const loop = () => {
    if (model.version !== seen) {
      seen = model.version;
      setVersion(seen);
      if (!picked() && performance.now() - trailsAt > 500) {
        trailsAt = performance.now();
        setTrailsVersion((v) => v + 1);
        void findStoredTrack();
      }
    }
    frame = requestAnimationFrame(loop);
  };

  onMount(() => {
    connection.start();
    frame = requestAnimationFrame(loop);
    window.__etmLive = {
      mode: 'live',
      state: () => state().kind,
      frames: () => model.frames,
      cars: () => model.snapshot(),
      mapSource: () => picked()?.caption ?? 'live GPS',
    };
  });
  onCleanup(() => {
    cancelAnimationFrame(frame);
    connection.stop();
    delete window.__etmLive;
  });

  return (
    <>
      <section class="panel connection-panel" aria-label="Live connection">
        <ConnectionStatus
          state={state()}
          sources={(version(), model.sources)}
          frames={(version(), model.frames)}
          keyInfo={app.apiKey.current()}
          slow={(version(), model.slow)}
          onKey={(key) => {
            app.apiKey.enter(key);
            connection.start();
          }}
          onReconnect={() => connection.start()}
        />
      </section>
      <div class="live-grid">
        <section class="panel live-map-panel" aria-labelledby="live-map-title">
          <div class="panel-head wrap">
            <h3 id="live-map-title">Track</h3>
            <span class="muted small">{cars().length} cars</span>
          </div>
          <LiveTrackMap
            outline={picked()?.outline ?? null}
            trails={model.trails()}
            trailsVersion={trailsVersion()}
            cars={cars()}
            caption={picked()?.caption ?? 'Track map: built from the cars’ live GPS as they drive (no stored session of this track on the tablet)'}
          />
          <CarReadouts cars={cars()} />
        </section>
        <section class="panel live-charts-panel" aria-labelledby="live-charts-title">
          <div class="panel-head">
            <h3 id="live-charts-title">Traces</h3>
            <span class="muted small">last {WINDOW_S} s of frame time</span>
          </div>
          <LiveCharts reader={model} cars={chartCars()} endMs={(version(), model.nowMs)} windowS={WINDOW_S} />
        </section>
        <section class="panel live-laps-panel" aria-labelledby="live-laps-title">
          <div class="panel-head">
            <h3 id="live-laps-title">Lap and sector times</h3>
          </div>
          <LapTimesTable cars={cars()} sectorCount={sectorCount()} />
        </section>
        <section class="panel live-alerts-panel" aria-labelledby="live-alerts-title">
          <div class="panel-head">
            <h3 id="live-alerts-title">Alerts</h3>
          </div>
          <AlertList alerts={(version(), model.alerts)} colourOf={(c) => model.colourOf(c)} />
        </section>
      </div>
    </>
  );
};

interface LoadedReplay {
  source: ReplaySource;
  clock: ReplayClock;
  outline: TrackOutline | null;
  caption: string;
}

const ReplayWorkspace: Component = () => {
  const app = useAppServices();
  const [loaded, setLoaded] = createSignal<LoadedReplay | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [progress, setProgress] = createSignal('');
  const [timeMs, setTimeMs] = createSignal(NaN);
  const [playing, setPlaying] = createSignal(false);
  const [speed, setSpeed] = createSignal(1);
  const [lapsVersion, setLapsVersion] = createSignal(0);
  const [sectorCount, setSectorCount] = createSignal(3);
  let frame = 0;
  let loadSeq = 0;

  async function load(ids: string[]): Promise<void> {
    const seq = ++loadSeq;
    setBusy(true);
    try {
      const inputs: Array<{ sessionId: string; session: Session; laps: [] }> = [];
      for (const [i, id] of ids.entries()) {
        const summary = app.sessions.sessions().find((s) => s.id === id);
        if (!summary) continue;
        setProgress(`Loading ${i + 1} of ${ids.length} from the on-device store…`);
        const names = REPLAY_CHANNELS.filter((n) => summary.channels.some((c) => c.name === n));
        inputs.push({ sessionId: id, session: await app.storage.load(id, { channels: names }), laps: [] });
      }
      if (seq !== loadSeq || inputs.length === 0) return;
      const source = new ReplaySource(replayCars(inputs));
      let outline: TrackOutline | null = null;
      let caption = 'No GPS in these sessions: no track map';
      for (const input of inputs) {
        outline = outlineFromSession(input.session);
        if (outline) {
          caption = `Track map: a lap of ${source.cars.find((c) => c.sessionId === input.sessionId)?.label ?? 'a car'}${input.session.meta.track ? ` at ${input.session.meta.track}` : ''}`;
          break;
        }
      }
      const clock = new ReplayClock(source.startMs, source.endMs);
      clock.setSpeed(speed());
      setLoaded({ source, clock, outline, caption });
      setTimeMs(clock.timeMs());
      setPlaying(false);
      setProgress('');
      // laps and sectors from the analysis worker, car after car (the replay plays meanwhile)
      for (const [i, car] of source.cars.entries()) {
        setProgress(`Timing laps: ${i + 1} of ${source.cars.length} cars…`);
        try {
          const o = await app.analysis.analyze(car.sessionId);
          if (seq !== loadSeq) return;
          car.laps = o.laps;
          setSectorCount((n) => Math.max(n, ...o.laps.map((l) => l.sectorsS.length)));
          setLapsVersion((v) => v + 1);
        } catch (e) {
          app.notices.push({ tone: 'info', title: `No lap times for ${car.label}`, detail: errorMessage(e) }, 8_000);
        }
      }
      if (seq === loadSeq) setProgress('');
    } catch (e) {
      app.notices.push({ tone: 'error', title: 'Could not load the replay', detail: errorMessage(e) });
    } finally {
      if (seq === loadSeq) setBusy(false);
    }
  }

  const cars = createMemo(() => {
    lapsVersion();
    const l = loaded();
    const t = timeMs();
    return l && Number.isFinite(t) ? l.source.snapshot(t) : [];
  });
  const chartCars = createMemo(() => loaded()?.source.cars.map((c) => ({ car: c.car, label: c.label, colour: c.colour })) ?? []);

  const loop = () => {
    const l = loaded();
    if (l) {
      const t = l.clock.timeMs();
      if (t !== timeMs()) setTimeMs(t);
      if (l.clock.playing !== playing()) setPlaying(l.clock.playing);
    }
    frame = requestAnimationFrame(loop);
  };

  const control = {
    toggle: () => {
      loaded()?.clock.toggle();
      setPlaying(loaded()?.clock.playing ?? false);
    },
    seek: (t: number) => {
      const l = loaded();
      if (!l) return;
      l.clock.seek(t);
      setTimeMs(l.clock.timeMs());
    },
    speed: (x: number) => {
      setSpeed(x);
      loaded()?.clock.setSpeed(x);
    },
  };

  onMount(() => {
    frame = requestAnimationFrame(loop);
  });
  createEffect(() => {
    const l = loaded();
    window.__etmLive = {
      mode: 'replay',
      state: () => (l ? 'loaded' : busy() ? 'loading' : 'idle'),
      frames: () => 0,
      cars: () => cars(),
      mapSource: () => l?.caption ?? '',
      ...(l
        ? {
            replay: {
              timeMs: () => l.clock.timeMs(),
              startMs: l.source.startMs,
              endMs: l.source.endMs,
              playing: () => l.clock.playing,
              speed: () => l.clock.speed,
              seek: control.seek,
              play: () => {
                l.clock.play();
                setPlaying(true);
              },
              pause: () => {
                l.clock.pause();
                setPlaying(false);
              },
            },
          }
        : {}),
    };
  });
  onCleanup(() => {
    cancelAnimationFrame(frame);
    loaded()?.clock.pause();
    delete window.__etmLive;
  });

  return (
    <>
      <section class="panel replay-panel" aria-labelledby="replay-title">
        <div class="panel-head wrap">
          <h3 id="replay-title">Forensic replay</h3>
          <span class="muted small">From this tablet’s stored sessions — no network needed.</span>
          <span class="spacer" />
          <Show when={progress()}>
            <span class="small phase" role="status">
              {progress()}
            </span>
          </Show>
        </div>
        <Show when={loaded()} fallback={<ReplayPicker sessions={app.sessions.sessions()} busy={busy()} onLoad={(ids) => void load(ids)} />}>
          {(l) => (
            <>
              <ReplayControls startMs={l().source.startMs} endMs={l().source.endMs} timeMs={timeMs()} playing={playing()} speed={speed()} onToggle={control.toggle} onSeek={control.seek} onSpeed={control.speed} />
              <button
                type="button"
                class="button link"
                onClick={() => {
                  l().clock.pause();
                  loadSeq++;
                  setLoaded(null);
                  setBusy(false);
                  setProgress('');
                }}
              >
                Choose other sessions
              </button>
            </>
          )}
        </Show>
      </section>
      <Show when={loaded()}>
        {(l) => (
          <div class="live-grid">
            <section class="panel live-map-panel" aria-labelledby="replay-map-title">
              <div class="panel-head wrap">
                <h3 id="replay-map-title">Track</h3>
                <span class="muted small">{cars().length} cars</span>
              </div>
              <LiveTrackMap outline={l().outline} trails={[]} trailsVersion={0} cars={cars()} caption={l().caption} />
              <CarReadouts cars={cars()} />
            </section>
            <section class="panel live-charts-panel" aria-labelledby="replay-charts-title">
              <div class="panel-head">
                <h3 id="replay-charts-title">Traces</h3>
                <span class="muted small">last {WINDOW_S} s up to the replay position</span>
              </div>
              <LiveCharts reader={l().source} cars={chartCars()} endMs={timeMs()} windowS={WINDOW_S} maxHz={10} />
            </section>
            <section class="panel live-laps-panel" aria-labelledby="replay-laps-title">
              <div class="panel-head">
                <h3 id="replay-laps-title">Lap and sector times</h3>
                <span class="muted small">as completed at the replay position</span>
              </div>
              <LapTimesTable cars={cars()} sectorCount={sectorCount()} />
            </section>
          </div>
        )}
      </Show>
    </>
  );
};

export const LiveView: Component = () => {
  const route = createHashRoute('live');
  const mode = createMemo(() => (route().params.get('mode') === 'replay' ? 'replay' : 'live'));
  return (
    <div class="view live-view">
      <section class="panel live-head">
        <h2>{mode() === 'live' ? 'Live telemetry' : 'Replay'}</h2>
        <nav class="segmented" aria-label="Live or replay">
          <a class="button segment" href={routeHref('live')} aria-current={mode() === 'live' ? 'page' : undefined}>
            Live
          </a>
          <a class="button segment" href={routeHref('live', { mode: 'replay' })} aria-current={mode() === 'replay' ? 'page' : undefined}>
            Replay stored sessions
          </a>
        </nav>
      </section>
      <Show when={mode() === 'live'} fallback={<ReplayWorkspace />}>
        <LiveWorkspace />
      </Show>
    </div>
  );
};
