// Live derived values of one car, computed frame by frame with the workers' own code: start/finish
// crossings timed by workers/laps/lap-timing.ts (lapDistanceCrossings over a short window around the
// lap-distance reset), distance driven by workers/laps/odometer.ts, plus lap progress, the lap clock
// and the car's energy: kinetic energy and traction / braking power from the energy domain's own
// per-sample physics (workers/energy/cpu/physics.ts, the same code the app and CLI run), with the
// vehicle preset that matches the car, integrated into the lap's traction and braking work.

import type { Channel, Session } from '../../../workers/model/session.ts';
import { lapDistanceCrossings } from '../../../workers/laps/lap-timing.ts';
import { odometerIncrements } from '../../../workers/laps/odometer.ts';
import type { LiveFrame } from '../frames/live-frame.ts';
import { physicsCpu } from '../../../workers/energy/cpu/physics.ts';
import { physicsParams, type PhysicsParams } from '../../../workers/energy/kernels.ts';
import { ENERGY_PRESETS, presetForSession } from '../../../workers/energy/presets.ts';
import type { EnergyVehicleParams } from '../../../workers/energy/vehicle-params.ts';

export interface DerivedValues {
  /** Distance driven since the car's first frame (its own 'distance' channel when it sends one), m. */
  distanceM?: number;
  lap?: number;
  lapDistanceM?: number;
  /** Length of the last complete lap by the lap-distance odometer, m. */
  lapLengthM?: number;
  /** lapDistanceM / lapLengthM, 0–1. */
  lapProgress?: number;
  /** Running time of the current lap, s. */
  lapTimeS?: number;
  lastLapTimeS?: number;
  bestLapTimeS?: number;
  /** Kinetic energy ½mv², J. */
  kineticJ?: number;
  /** Rate of change of kinetic energy m·a·v (a from acc_long, else from the speed change), W. */
  netPowerW?: number;
  /** Tractive power at the wheels, W. */
  tractionW?: number;
  /** Power taken out by the brakes (front + rear) and engine braking, W. */
  brakingW?: number;
  /** Traction and braking work over the current lap, J. */
  lapTractionJ?: number;
  lapBrakingJ?: number;
}

export interface LapCompleted {
  carId: string;
  lap: number;
  lapTimeS: number;
  /** Crossing that ended the lap, ms since the epoch. */
  endTsMs: number;
  best: boolean;
  timing: 'lap_distance' | 'lap_counter';
}

/** Seconds of speed and lap-distance history kept for timing a crossing. */
const WINDOW_S = 4;
/** Speed gaps longer than this leave the distance unknown over them (s). */
const MAX_SPEED_GAP_S = 1;
/** Crossings closer than this to the previous one are the same passage (s). */
const MIN_LAP_S = 5;
/** The lap counter's "lost" marker and above are not lap numbers (GR Cup). */
const LAP_COUNTER_LOST = 32768;

class Series {
  t: number[] = [];
  v: number[] = [];
  push(t: number, v: number): void {
    this.t.push(t);
    this.v.push(v);
    // drop history older than the window, in chunks so that the cost stays amortised O(1)
    if (this.t.length > 64 && t - this.t[32] > WINDOW_S) {
      let k = 0;
      while (k < this.t.length - 2 && t - this.t[k] > WINDOW_S) k++;
      this.t.splice(0, k);
      this.v.splice(0, k);
    }
  }
  get last(): number | undefined {
    return this.v.length ? this.v[this.v.length - 1] : undefined;
  }
  get lastT(): number | undefined {
    return this.t.length ? this.t[this.t.length - 1] : undefined;
  }
  channel(name: string, unit: string): Channel {
    return { name, sourceName: name, unit, kind: 'continuous', timeS: Float64Array.from(this.t), values: Float64Array.from(this.v) };
  }
}

export class CarState {
  /** Epoch ms of the car's first frame: the origin of its session time. */
  private t0Ms: number | undefined;
  private readonly speed = new Series();
  private readonly lapDistance = new Series();
  private distanceM = 0;
  private lastCrossingS: number | undefined;
  private lapCounter: number | undefined;
  /** Counter values with the time they were first seen, for naming laps. */
  private readonly counterChanges: Array<{ t: number; lap: number }> = [];
  private lapLengthM: number | undefined;
  private lastLapTimeS: number | undefined;
  private bestLapTimeS: number | undefined;
  private lapTractionJ = 0;
  private lapBrakingJ = 0;
  private lastPower: { t: number; tractionW: number; brakingW: number } | undefined;
  private lastYaw: { t: number; r: number } | undefined;
  private readonly physics: PhysicsParams;
  private readonly sample = { speedMs: new Float64Array(1), accLongMs2: new Float64Array(1), yawRateRadS: new Float64Array(1), yawAccelRadS2: new Float64Array(1), brakeFrontBar: new Float64Array(1), brakeRearBar: new Float64Array(1), gradient: new Float64Array(1) };
  private lastTsMs = -Infinity;
  private completedLaps = 0;
  readonly derived: DerivedValues = {};

  /** `vehicle`: the energy model's parameters; by default the preset matching the car id, else the GR86 Cup car. */
  constructor(readonly carId: string, vehicle?: EnergyVehicleParams) {
    const preset = presetForSession({ event: '', sessionName: '', track: '', vehicleId: carId, vehicleNumber: '', driver: '', startTimeMs: null, sourceFile: '', sourceFormat: 'live' });
    this.physics = physicsParams(vehicle ?? ENERGY_PRESETS[preset ?? 'gr86-cup']);
  }

  /**
   * Takes the car's next frame (frames must come in time order: the caller sends late frames to the
   * store only). Returns the lap completed by this frame, if one was.
   */
  update(frame: LiveFrame): LapCompleted | undefined {
    if (!(frame.tsMs > this.lastTsMs)) return undefined;
    this.lastTsMs = frame.tsMs;
    this.t0Ms ??= frame.tsMs;
    const t = (frame.tsMs - this.t0Ms) / 1000;
    const v = frame.values;
    const d = this.derived;
    let completed: LapCompleted | undefined;

    if (v.lap !== undefined && v.lap >= 0 && v.lap < LAP_COUNTER_LOST) {
      const lap = Math.round(v.lap);
      if (lap !== this.lapCounter) {
        const previous = this.lapCounter;
        this.lapCounter = lap;
        this.counterChanges.push({ t, lap });
        if (this.counterChanges.length > 8) this.counterChanges.shift();
        // without a lap-distance beacon, the counter's change is the crossing (to the frame)
        if (previous !== undefined && lap === previous + 1 && this.lapDistance.t.length === 0) completed = this.crossing(t, frame.tsMs, 'lap_counter');
      }
      d.lap = lap;
    }

    if (v.speed !== undefined) {
      const prevT = this.speed.lastT;
      const prevV = this.speed.last;
      this.speed.push(t, v.speed);
      if (prevT !== undefined && prevV !== undefined) {
        const inc = odometerIncrements(Float64Array.of(prevT, t), Float64Array.of(prevV, v.speed), Float64Array.of(prevT, t), MAX_SPEED_GAP_S)[1];
        if (Number.isFinite(inc)) this.distanceM += inc;
        this.energy(t, v.speed, v.acc_long ?? (t > prevT ? (v.speed - prevV) / (t - prevT) : 0), v);
      } else {
        this.energy(t, v.speed, v.acc_long ?? 0, v);
      }
    }
    d.distanceM = v.distance ?? this.distanceM;

    if (v.lap_distance !== undefined) {
      const prev = this.lapDistance.last;
      this.lapDistance.push(t, v.lap_distance);
      if (prev !== undefined && v.lap_distance < prev) {
        const lapLength = prev;
        const c = this.beaconCrossing();
        if (c !== undefined) {
          completed = this.crossing(c, this.t0Ms + c * 1000, 'lap_distance') ?? completed;
          this.lapLengthM = lapLength;
        }
      }
      d.lapDistanceM = v.lap_distance;
      d.lapLengthM = this.lapLengthM;
      d.lapProgress = this.lapLengthM ? Math.min(1, Math.max(0, v.lap_distance / this.lapLengthM)) : undefined;
    }

    d.lapTimeS = this.lastCrossingS === undefined ? undefined : t - this.lastCrossingS;
    d.lastLapTimeS = this.lastLapTimeS;
    d.bestLapTimeS = this.bestLapTimeS;
    d.lapTractionJ = this.lapTractionJ;
    d.lapBrakingJ = this.lapBrakingJ;
    return completed;
  }

  /** The crossing the lap-distance odometer's latest reset stands for, timed by the workers' lap timing. */
  private beaconCrossing(): number | undefined {
    const session: Session = {
      meta: { event: '', sessionName: '', track: '', vehicleId: this.carId, vehicleNumber: '', driver: '', startTimeMs: null, sourceFile: '', sourceFormat: 'live' },
      channels: [this.lapDistance.channel('lap_distance', 'm'), ...(this.speed.t.length >= 2 ? [this.speed.channel('speed', 'm/s')] : [])],
    };
    const crossings = lapDistanceCrossings(session);
    const last = crossings[crossings.length - 1];
    if (last === undefined || !Number.isFinite(last)) return undefined;
    if (this.lastCrossingS !== undefined && last - this.lastCrossingS < MIN_LAP_S) return undefined;
    return last;
  }

  private crossing(t: number, tsMs: number, timing: LapCompleted['timing']): LapCompleted | undefined {
    const previous = this.lastCrossingS;
    this.lastCrossingS = t;
    this.lapTractionJ = 0;
    this.lapBrakingJ = 0;
    if (previous === undefined) return undefined;
    const lapTimeS = t - previous;
    const best = this.bestLapTimeS === undefined || lapTimeS < this.bestLapTimeS;
    this.lastLapTimeS = lapTimeS;
    if (best) this.bestLapTimeS = lapTimeS;
    return { carId: this.carId, lap: this.counterAt((previous + t) / 2) ?? this.lapCounterFallback(), lapTimeS, endTsMs: tsMs, best, timing };
  }

  private counterAt(t: number): number | undefined {
    let lap: number | undefined;
    for (const c of this.counterChanges) if (c.t <= t) lap = c.lap;
    return lap;
  }

  /** Without a lap counter, the first timed lap is lap 1 (as computeLapTimes numbers them). */
  private lapCounterFallback(): number {
    return ++this.completedLaps;
  }

  /** One sample through the energy domain's physics; the lap's work integrates by the trapezoid rule. */
  private energy(t: number, speedMs: number, accMs2: number, values: LiveFrame['values']): void {
    const x = this.sample;
    const r = values.yaw_rate ?? 0;
    x.speedMs[0] = speedMs;
    x.accLongMs2[0] = accMs2;
    x.yawRateRadS[0] = r;
    x.yawAccelRadS2[0] = this.lastYaw && t > this.lastYaw.t ? (r - this.lastYaw.r) / (t - this.lastYaw.t) : 0;
    x.brakeFrontBar[0] = values.brake_front ?? values.brake ?? 0;
    x.brakeRearBar[0] = values.brake_rear ?? values.brake ?? 0;
    x.gradient[0] = 0;
    this.lastYaw = { t, r };
    const out = physicsCpu({ params: this.physics, samples: x });
    const tractionW = out.tractionW[0];
    const brakingW = out.brakeFrontW[0] + out.brakeRearW[0] + out.engineBrakeW[0];
    const d = this.derived;
    d.kineticJ = out.kineticJ[0];
    d.netPowerW = out.netW[0];
    d.tractionW = tractionW;
    d.brakingW = brakingW;
    const last = this.lastPower;
    if (last && t > last.t && t - last.t <= MAX_SPEED_GAP_S) {
      const dt = t - last.t;
      this.lapTractionJ += 0.5 * (tractionW + last.tractionW) * dt;
      this.lapBrakingJ += 0.5 * (brakingW + last.brakingW) * dt;
    }
    this.lastPower = { t, tractionW, brakingW };
  }

}
