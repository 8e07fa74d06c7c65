// One frame on its way to the tablets, with its JSON built once and reused for every client that
// wants the same view of it (all channels or a channel subset, with or without derived values).

import type { DerivedValues } from '../derive/car-state.ts';
import type { LiveFrame } from '../frames/live-frame.ts';

export class LiveItem {
  private cache: Map<string, string> | undefined;

  constructor(
    readonly frame: LiveFrame,
    readonly sessionId: string,
    /** Snapshot of the car's derived values after this frame (undefined for a late frame). */
    readonly derived: DerivedValues | undefined,
    /** When the source received it (epoch ms, sub-ms). */
    readonly receivedAtMs: number,
  ) {}

  get carId(): string {
    return this.frame.carId;
  }

  get tsMs(): number {
    return this.frame.tsMs;
  }

  /** The frame's JSON for a channel subset (null: all) with or without derived values. */
  json(channels: Set<string> | null, channelsKey: string, withDerived: boolean): string {
    const key = `${withDerived ? 'd' : 'n'}${channelsKey}`;
    let s = this.cache?.get(key);
    if (s !== undefined) return s;
    let values = this.frame.values;
    if (channels) {
      values = {};
      for (const name of Object.keys(this.frame.values)) if (channels.has(name)) values[name] = this.frame.values[name];
    }
    s = `{"car":${JSON.stringify(this.frame.carId)},"session":${JSON.stringify(this.sessionId)},"ts":${this.frame.tsMs},"values":${JSON.stringify(values)}${withDerived && this.derived ? `,"derived":${JSON.stringify(this.derived)}` : ''}}`;
    (this.cache ??= new Map()).set(key, s);
    return s;
  }
}
