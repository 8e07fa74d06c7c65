// Strategy alerts raised from the live stream: a lap completed (with personal best), a car stopped on
// track, a car gone silent (no frames) and back. Sent to tablets and, with Kafka, to strategy-alerts.

import type { LapCompleted } from './car-state.ts';

export type AlertKind = 'lap-completed' | 'car-stopped' | 'car-moving' | 'car-silent' | 'car-resumed';

export interface StrategyAlert {
  kind: AlertKind;
  carId: string;
  sessionId: string;
  /** When it happened (frame time; for silence, the last frame's time), ms since the epoch. */
  tsMs: number;
  lap?: number;
  lapTimeS?: number;
  best?: boolean;
  timing?: LapCompleted['timing'];
  /** For car-silent: seconds without a frame when raised. */
  silentS?: number;
}

export interface AlertThresholds {
  /** A car that was faster than movingMs and is now below stoppedMs for stoppedForS is stopped. */
  stoppedMs: number;
  movingMs: number;
  stoppedForS: number;
  /** No frame for this long (receive time) makes a car silent. */
  silentAfterS: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { stoppedMs: 1, movingMs: 10, stoppedForS: 3, silentAfterS: 5 };

export class CarAlerts {
  private wasMoving = false;
  private slowSinceMs: number | undefined;
  private stopped = false;
  private silent = false;
  lastFrameTsMs = 0;
  lastReceivedMs = 0;

  constructor(readonly carId: string, private readonly t: AlertThresholds = DEFAULT_THRESHOLDS) {}

  /** After each in-order frame; returns the alerts it raises. */
  onFrame(sessionId: string, tsMs: number, receivedMs: number, speedMs: number | undefined): StrategyAlert[] {
    const out: StrategyAlert[] = [];
    this.lastFrameTsMs = tsMs;
    this.lastReceivedMs = receivedMs;
    if (this.silent) {
      this.silent = false;
      out.push({ kind: 'car-resumed', carId: this.carId, sessionId, tsMs });
    }
    if (speedMs === undefined) return out;
    if (speedMs > this.t.movingMs) {
      this.wasMoving = true;
      this.slowSinceMs = undefined;
      if (this.stopped) {
        this.stopped = false;
        out.push({ kind: 'car-moving', carId: this.carId, sessionId, tsMs });
      }
    } else if (speedMs < this.t.stoppedMs && this.wasMoving && !this.stopped) {
      this.slowSinceMs ??= tsMs;
      if (tsMs - this.slowSinceMs >= this.t.stoppedForS * 1000) {
        this.stopped = true;
        out.push({ kind: 'car-stopped', carId: this.carId, sessionId, tsMs: this.slowSinceMs });
      }
    } else if (speedMs >= this.t.stoppedMs) {
      this.slowSinceMs = undefined;
    }
    return out;
  }

  /** Periodic check (receive clock): a car that has sent nothing for silentAfterS goes silent once. */
  sweep(sessionId: string, nowMs: number): StrategyAlert | undefined {
    if (this.silent || this.lastReceivedMs === 0) return undefined;
    const silentS = (nowMs - this.lastReceivedMs) / 1000;
    if (silentS < this.t.silentAfterS) return undefined;
    this.silent = true;
    return { kind: 'car-silent', carId: this.carId, sessionId, tsMs: this.lastFrameTsMs, silentS: Math.round(silentS * 10) / 10 };
  }
}

export function lapAlert(lap: LapCompleted, sessionId: string): StrategyAlert {
  return { kind: 'lap-completed', carId: lap.carId, sessionId, tsMs: lap.endTsMs, lap: lap.lap, lapTimeS: lap.lapTimeS, best: lap.best, timing: lap.timing };
}
