// A stored session as live frames: one frame per logger sample time (the union of every channel's
// sample times), each channel's previous value carried forward (workers/model/resample.ts), session
// time mapped onto the wall clock from a chosen start.

import type { Session } from '../../../workers/model/session.ts';
import { resamplePrevious } from '../../../workers/model/resample.ts';
import type { LiveFrame } from '../frames/live-frame.ts';

export interface SessionFramesOptions {
  carId: string;
  sessionId?: string;
  /** Epoch ms that session time `originS` maps to. */
  startTsMs: number;
  /** Session time mapped to startTsMs (default: the session's first sample). */
  originS?: number;
  /** Channels to send (default: all). */
  channels?: readonly string[];
}

export interface SessionFrames {
  /** Session time of each frame, s (sorted, distinct). */
  timeS: Float64Array;
  /** The frame at index i (values: every channel that has a sample at or before it). */
  frame(i: number): LiveFrame;
  count: number;
}

/** Sorted distinct sample times of all channels. */
export function unionTimeBase(session: Session, channels?: readonly string[]): Float64Array {
  const picked = channels ? session.channels.filter((c) => channels.includes(c.name)) : session.channels;
  let total = 0;
  for (const c of picked) total += c.timeS.length;
  const all = new Float64Array(total);
  let o = 0;
  for (const c of picked) {
    all.set(c.timeS, o);
    o += c.timeS.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[n - 1]) all[n++] = all[i];
  return all.slice(0, n);
}

export function sessionFrames(session: Session, options: SessionFramesOptions): SessionFrames {
  const picked = options.channels ? session.channels.filter((c) => options.channels!.includes(c.name)) : session.channels;
  const timeS = unionTimeBase(session, options.channels);
  const columns = picked.map((c) => ({ name: c.name, values: resamplePrevious(c.timeS, c.values, timeS) }));
  const originS = options.originS ?? (timeS.length ? timeS[0] : 0);
  return {
    timeS,
    count: timeS.length,
    frame(i: number): LiveFrame {
      const values: Record<string, number> = {};
      for (const col of columns) {
        const v = col.values[i];
        if (Number.isFinite(v)) values[col.name] = v;
      }
      const frame: LiveFrame = { carId: options.carId, tsMs: options.startTsMs + (timeS[i] - originS) * 1000, values };
      if (options.sessionId !== undefined) frame.sessionId = options.sessionId;
      return frame;
    },
  };
}
