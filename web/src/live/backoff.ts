// Reconnect delays for the live WebSocket: 250 ms doubling to 5 s, ±20 % jitter (the same schedule the
// edge server's MQTT and Kafka sources use), reset after a connection that stayed up.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** ± this fraction of the delay, at random. */
  jitter: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5000, jitter: 0.2, random: Math.random };

export class Backoff {
  private attempt = 0;
  private readonly o: BackoffOptions;

  constructor(options: Partial<BackoffOptions> = {}) {
    this.o = { ...DEFAULT_BACKOFF, ...options };
  }

  /** The delay before the next attempt, ms (each call counts one failed attempt). */
  next(): number {
    const base = Math.min(this.o.maxMs, this.o.initialMs * 2 ** this.attempt);
    this.attempt++;
    const jitter = 1 + this.o.jitter * (2 * this.o.random() - 1);
    return Math.round(base * jitter);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
