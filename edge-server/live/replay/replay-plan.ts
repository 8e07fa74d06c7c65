// What a replay sends: one or more stored sessions (one car each) as a single time-ordered frame
// stream. Cars keep their relative start times when the sessions have them (the demo's cars start
// 40 s apart); session time maps 1:1 onto frame time from the replay's start.

import type { Session } from '../../../workers/model/session.ts';
import { CAR_ID_PATTERN, type LiveFrame } from '../frames/live-frame.ts';
import { sessionFrames, type SessionFrames } from './session-frames.ts';

export interface ReplayInput {
  /** Stored session id (used for the car id when the session names no vehicle). */
  id: string;
  session: Session;
}

export interface ReplayPlanOptions {
  /** Frame time (epoch ms) of the earliest car's first sample. */
  startTsMs: number;
  /** Session id the frames carry. */
  sessionId: string;
  /** Replay only this many seconds (of frame time) from the start. */
  durationS?: number;
}

export interface ReplayPlan {
  cars: string[];
  /** Frames in the plan (after durationS). */
  count: number;
  /** Frame time span, s. */
  spanS: number;
  /** The frames in time order. */
  frames(): Generator<LiveFrame>;
}

/** A car id the live protocol accepts, from the session's vehicle number or id. */
export function replayCarId(input: ReplayInput, taken: Set<string>): string {
  const raw = input.session.meta.vehicleNumber || input.session.meta.vehicleId || input.id;
  let car = raw.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || input.id;
  if (!CAR_ID_PATTERN.test(car)) car = input.id.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 64);
  let unique = car;
  for (let k = 2; taken.has(unique); k++) unique = `${car.slice(0, 60)}-${k}`;
  taken.add(unique);
  return unique;
}

export function planReplay(inputs: readonly ReplayInput[], options: ReplayPlanOptions): ReplayPlan {
  const taken = new Set<string>();
  const sources: Array<{ car: string; frames: SessionFrames; offsetMs: number }> = [];
  const starts = inputs.map((i) => i.session.meta.startTimeMs);
  const aligned = starts.every((s) => s !== null);
  const earliest = aligned ? Math.min(...(starts as number[])) : 0;
  for (const input of inputs) {
    const car = replayCarId(input, taken);
    const offsetMs = aligned ? (input.session.meta.startTimeMs as number) - earliest : 0;
    const frames = sessionFrames(input.session, { carId: car, sessionId: options.sessionId, startTsMs: options.startTsMs + offsetMs });
    sources.push({ car, frames, offsetMs });
  }
  const endMs = options.durationS === undefined ? Infinity : options.startTsMs + options.durationS * 1000;
  // frame time of frame i of a source
  const tsOf = (s: (typeof sources)[number], i: number) => options.startTsMs + s.offsetMs + (s.frames.timeS[i] - s.frames.timeS[0]) * 1000;
  let count = 0;
  let lastTs = options.startTsMs;
  for (const s of sources) {
    for (let i = 0; i < s.frames.count; i++) {
      const ts = tsOf(s, i);
      if (ts > endMs) break;
      count++;
      lastTs = Math.max(lastTs, ts);
    }
  }
  return {
    cars: sources.map((s) => s.car),
    count,
    spanS: (lastTs - options.startTsMs) / 1000,
    *frames() {
      const next = sources.map(() => 0);
      for (;;) {
        let best = -1;
        let bestTs = Infinity;
        for (let k = 0; k < sources.length; k++) {
          if (next[k] >= sources[k].frames.count) continue;
          const ts = tsOf(sources[k], next[k]);
          if (ts < bestTs) {
            bestTs = ts;
            best = k;
          }
        }
        if (best < 0 || bestTs > endMs) return;
        yield sources[best].frames.frame(next[best]++);
      }
    },
  };
}
