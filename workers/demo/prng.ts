// Deterministic pseudo-random numbers for the demo generator (mulberry32 streams, no Math.random).
// Each consumer forks its own named stream, so adding a channel or a driver leaves the others unchanged.

import { seededRandom } from '../model/random.ts';

/** FNV-1a over a string, mixed with a 32-bit seed: a stable sub-seed for a named stream. */
export function hashSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche (murmur3 fmix32)
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private readonly draw: () => number;
  private spareNormal: number | null = null;

  constructor(readonly seed: number) {
    this.draw = seededRandom(seed);
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    return this.draw();
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = this.next();
    while (u <= 1e-12) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An independent stream named by `label`. */
  fork(label: string): Rng {
    return new Rng(hashSeed(this.seed, label));
  }
}

/**
 * First-order Gauss–Markov (Ornstein–Uhlenbeck) noise sampled at arbitrary increasing times:
 * stationary standard deviation `sigma`, correlation time `tauS`. Exact discretisation.
 */
export class CorrelatedNoise {
  private value: number;
  private lastT: number | null = null;

  constructor(private readonly rng: Rng, private readonly sigma: number, private readonly tauS: number) {
    this.value = sigma * rng.normal();
  }

  at(timeS: number): number {
    if (this.lastT !== null) {
      const dt = Math.max(0, timeS - this.lastT);
      const phi = Math.exp(-dt / this.tauS);
      this.value = phi * this.value + this.sigma * Math.sqrt(1 - phi * phi) * this.rng.normal();
    }
    this.lastT = timeS;
    return this.value;
  }
}
