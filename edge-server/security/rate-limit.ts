// Token-bucket rate limiting per client (an API key's id, or the remote address when no valid key is
// given): `ratePerS` tokens refill each second up to `burst`; a request takes one. Refused requests get
// the seconds until a token is back (for Retry-After). Idle buckets are forgotten; the map is bounded.

export interface RateLimitOptions {
  ratePerS: number;
  burst: number;
  /** At most this many buckets are kept (the least recently used go first). Default 10,000. */
  maxClients?: number;
  now?: () => number;
}

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the next token when refused (≥ 1), else 0. */
  retryAfterS: number;
  remaining: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxClients: number;

  constructor(readonly options: RateLimitOptions) {
    if (!(options.ratePerS > 0) || !(options.burst >= 1)) throw new Error('rate limit: ratePerS must be > 0 and burst ≥ 1');
    this.now = options.now ?? (() => performance.now());
    this.maxClients = options.maxClients ?? 10_000;
  }

  take(client: string, cost = 1): RateDecision {
    const now = this.now();
    let b = this.buckets.get(client);
    if (b) {
      this.buckets.delete(client); // re-inserted below: Map order is recency order
      b.tokens = Math.min(this.options.burst, b.tokens + ((now - b.atMs) / 1000) * this.options.ratePerS);
      b.atMs = now;
    } else {
      b = { tokens: this.options.burst, atMs: now };
      if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    this.buckets.set(client, b);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return { allowed: true, retryAfterS: 0, remaining: Math.floor(b.tokens) };
    }
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil((cost - b.tokens) / this.options.ratePerS)), remaining: 0 };
  }

  get clients(): number {
    return this.buckets.size;
  }
}
