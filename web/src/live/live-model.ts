// What the live view knows, fed by the /api/live messages: per car the latest values and derived values,
// its recent traces (rolling charts), its GPS trail (the track outline when no stored map fits), its laps
// with sector times (SectorTimer on the server's lap-completed alerts), and the recent alerts. Plain
// state with a version counter: the view redraws at most once per animation frame when it changed.

import { carColour, carLabel, compareCars, markBest, type CarSnapshot, type LapRow } from './car-snapshot.ts';
import type { LiveAlert, LiveDerived, LiveServerMessage, LiveWireFrame, SourceStatus } from './live-messages.ts';
import { SectorTimer, type TimedLap } from './sector-timer.ts';
import { TraceBuffer, traceValuesOf, type TraceChannel, type TraceReader } from './trace-buffer.ts';

/** A car with no frame for this long (frame time behind the newest car) is drawn as stale, ms. */
const STALE_AFTER_MS = 5000;
/** A trail point is added when the car moved this far from the last one, m. */
const TRAIL_STEP_M = 4;
const TRAIL_MAX_POINTS = 6000;
const MAX_ALERTS = 60;
const MAX_LAPS_PER_CAR = 60;
const M_PER_DEG_LAT = 111_320;

export interface AlertEntry extends LiveAlert {
  id: number;
  receivedMs: number;
}

interface CarEntry {
  car: string;
  session: string;
  colour: string;
  lastTsMs: number;
  values: Record<string, number>;
  derived: LiveDerived;
  trace: TraceBuffer;
  sectors: SectorTimer;
  laps: TimedLap[];
  trailLat: number[];
  trailLon: number[];
}

export interface Trail {
  car: string;
  latDeg: readonly number[];
  lonDeg: readonly number[];
}

export class LiveModel implements TraceReader {
  private readonly cars = new Map<string, CarEntry>();
  private seen = 0;
  private alertSeq = 0;
  private boundaries: readonly number[] | undefined;
  private expectedLengthM: number | undefined;
  alerts: AlertEntry[] = [];
  sources: SourceStatus[] = [];
  /** Frames received (all cars). */
  frames = 0;
  /** Newest frame time seen, ms (the live view's "now"). */
  nowMs = NaN;
  /** Changes whenever anything shown changed. */
  version = 0;
  slow = false;

  onMessage(msg: LiveServerMessage): void {
    switch (msg.type) {
      case 'hello':
        this.sources = msg.sources ?? [];
        break;
      case 'status':
        this.sources = msg.sources ?? [];
        break;
      case 'frames':
        for (const f of msg.frames) this.onFrame(f);
        break;
      case 'alert':
        this.onAlert(msg.alert);
        break;
      case 'slow':
        this.slow = true;
        break;
      case 'subscribed':
        this.slow = false;
        break;
      default:
        return;
    }
    this.version++;
  }

  /** Sector boundaries (fractions of the lap) from a stored track map, and its length as the expected lap length. */
  setTrackSectors(fractions: readonly number[] | undefined, lengthM: number | undefined): void {
    this.boundaries = fractions;
    this.expectedLengthM = lengthM;
    if (fractions) for (const c of this.cars.values()) c.sectors.setBoundaries(fractions);
    this.version++;
  }

  private entry(car: string, session: string): CarEntry {
    let e = this.cars.get(car);
    if (e && e.session === session) return e;
    // a car in a new session starts over (keeps its colour)
    const colour = e?.colour ?? carColour(this.seen++);
    e = {
      car,
      session,
      colour,
      lastTsMs: -Infinity,
      values: {},
      derived: {},
      trace: new TraceBuffer(),
      sectors: new SectorTimer(),
      laps: [],
      trailLat: [],
      trailLon: [],
    };
    if (this.boundaries) e.sectors.setBoundaries(this.boundaries);
    this.cars.set(car, e);
    return e;
  }

  private onFrame(f: LiveWireFrame): void {
    const e = this.entry(f.car, f.session);
    this.frames++;
    if (!(f.ts > e.lastTsMs)) return; // a late frame: stored by the server, not drawn
    e.lastTsMs = f.ts;
    Object.assign(e.values, f.values);
    if (f.derived) e.derived = f.derived;
    e.trace.push(f.ts, traceValuesOf(f.values));
    const lapDistance = f.values.lap_distance ?? f.derived?.lapDistanceM;
    if (lapDistance !== undefined) this.addLaps(e, e.sectors.sample(f.ts, lapDistance));
    const lat = f.values.lat;
    const lon = f.values.lon;
    if (Number.isFinite(lat) && Number.isFinite(lon)) this.extendTrail(e, lat, lon);
    if (!(f.ts <= this.nowMs)) this.nowMs = f.ts;
  }

  private extendTrail(e: CarEntry, lat: number, lon: number): void {
    const n = e.trailLat.length;
    if (n) {
      const dy = (lat - e.trailLat[n - 1]) * M_PER_DEG_LAT;
      const dx = (lon - e.trailLon[n - 1]) * M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
      if (dx * dx + dy * dy < TRAIL_STEP_M * TRAIL_STEP_M) return;
    }
    e.trailLat.push(lat);
    e.trailLon.push(lon);
    if (e.trailLat.length > TRAIL_MAX_POINTS) {
      e.trailLat.splice(0, TRAIL_MAX_POINTS / 4);
      e.trailLon.splice(0, TRAIL_MAX_POINTS / 4);
    }
  }

  private onAlert(a: LiveAlert): void {
    this.alerts.unshift({ ...a, id: ++this.alertSeq, receivedMs: Date.now() });
    if (this.alerts.length > MAX_ALERTS) this.alerts.length = MAX_ALERTS;
    if (a.kind === 'lap-completed' && Number.isFinite(a.lapTimeS) && Number.isFinite(a.tsMs)) {
      const e = this.entry(a.carId, a.sessionId);
      this.addLaps(e, e.sectors.lapCompleted({ lap: a.lap ?? NaN, lapTimeS: a.lapTimeS!, endMs: a.tsMs, best: a.best }));
    }
  }

  private addLaps(e: CarEntry, laps: TimedLap[]): void {
    for (const lap of laps) {
      if (e.laps.some((l) => l.endMs === lap.endMs)) continue;
      e.laps.push(lap);
    }
    if (e.laps.length > MAX_LAPS_PER_CAR) e.laps.splice(0, e.laps.length - MAX_LAPS_PER_CAR);
  }

  valueAt(car: string, channel: TraceChannel, tMs: number): number {
    return this.cars.get(car)?.trace.valueAt(channel, tMs) ?? NaN;
  }

  carIds(): string[] {
    return [...this.cars.keys()].sort(compareCars);
  }

  colourOf(car: string): string {
    return this.cars.get(car)?.colour ?? '#e6edf3';
  }

  trails(): Trail[] {
    return this.carIds().map((car) => {
      const e = this.cars.get(car)!;
      return { car, latDeg: e.trailLat, lonDeg: e.trailLon };
    });
  }

  /** The first GPS position received (the progressive map's origin). */
  firstPosition(): { latDeg: number; lonDeg: number } | null {
    for (const e of this.cars.values()) if (e.trailLat.length) return { latDeg: e.trailLat[0], lonDeg: e.trailLon[0] };
    return null;
  }

  snapshot(): CarSnapshot[] {
    return this.carIds().map((car) => {
      const e = this.cars.get(car)!;
      const v = traceValuesOf(e.values);
      const lapTimeS = e.derived.lapTimeS ?? NaN;
      const lapStartMs = Number.isFinite(lapTimeS) ? e.lastTsMs - lapTimeS * 1000 : NaN;
      const laps: LapRow[] = e.laps
        .slice()
        .reverse()
        .map((l) => ({ lap: l.lap, lapTimeS: l.lapTimeS, sectorsS: l.sectorsS, best: false }));
      return {
        car,
        label: carLabel(car),
        colour: e.colour,
        session: e.session,
        tsMs: e.lastTsMs,
        latDeg: e.values.lat ?? NaN,
        lonDeg: e.values.lon ?? NaN,
        speedKmh: v.speedKmh,
        throttlePct: v.throttlePct,
        brakeBar: v.brakeBar,
        gear: v.gear,
        lap: e.derived.lap ?? e.values.lap ?? NaN,
        lapTimeS,
        runningSectorsS: e.sectors.running(lapStartMs, this.expectedLengthM ?? e.derived.lapLengthM),
        laps: markBest(laps),
        stale: this.nowMs - e.lastTsMs > STALE_AFTER_MS,
      };
    });
  }

  clear(): void {
    this.cars.clear();
    this.alerts = [];
    this.frames = 0;
    this.nowMs = NaN;
    this.seen = 0;
    this.version++;
  }
}
