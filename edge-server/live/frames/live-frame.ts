// The live telemetry frame after normalisation: one car at one instant, canonical channel names,
// SI units. This is what sources emit, what the store writes and what tablets receive.

export interface LiveFrame {
  /** Car identifier ([A-Za-z0-9_.-], 1–64 characters). */
  carId: string;
  /** Wall-clock time of the sample, ms since the Unix epoch (may carry a fraction). */
  tsMs: number;
  /** Session the frame belongs to, when the sender says (else the bridge's default session). */
  sessionId?: string;
  /** Channel → value: canonical names (workers/model/channels.ts) in SI units, unknown channels under their folded name. */
  values: Record<string, number>;
}

export const CAR_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
/** Timestamps outside [2000-01-01, 2100-01-01) are refused: a frame in seconds or µs by mistake. */
export const MIN_TS_MS = Date.UTC(2000, 0, 1);
export const MAX_TS_MS = Date.UTC(2100, 0, 1);

/** Why a payload or part of it was refused. */
export class FrameError extends Error {
  constructor(readonly code: 'bad-payload' | 'bad-frame' | 'bad-binary', detail: string) {
    super(detail);
    this.name = 'FrameError';
  }
}
