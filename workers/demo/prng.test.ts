import { describe, expect, it } from 'vitest';
import { CorrelatedNoise, hashSeed, Rng } from './prng.ts';

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    const sb = Array.from({ length: 5 }, () => b.next());
    const sc = Array.from({ length: 5 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('gives uniform values in [0,1) and standard normals', () => {
    const r = new Rng(7);
    let sum = 0, sum2 = 0, min = 1, max = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) { const u = r.next(); min = Math.min(min, u); max = Math.max(max, u); }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    for (let i = 0; i < n; i++) { const z = r.normal(); sum += z; sum2 += z * z; }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sum2 / n - 1)).toBeLessThan(0.04);
  });

  it('forks named streams independently of call order', () => {
    const root = new Rng(5);
    const x1 = root.fork('gps').next();
    root.next();
    const x2 = root.fork('gps').next();
    expect(x1).toBe(x2);
    expect(hashSeed(5, 'gps')).not.toBe(hashSeed(5, 'steer'));
  });
});

describe('CorrelatedNoise', () => {
  it('has the requested spread and correlation time', () => {
    const noise = new CorrelatedNoise(new Rng(3), 0.4, 2);
    const xs: number[] = [];
    for (let i = 0; i < 200000; i++) xs.push(noise.at(i * 0.1));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(sd).toBeGreaterThan(0.36);
    expect(sd).toBeLessThan(0.44);
    // lag-20 (2 s) autocorrelation ≈ e^-1
    let c = 0;
    for (let i = 20; i < xs.length; i++) c += (xs[i] - mean) * (xs[i - 20] - mean);
    const rho = c / (xs.length - 20) / (sd * sd);
    expect(rho).toBeGreaterThan(0.3);
    expect(rho).toBeLessThan(0.44);
  });
});
