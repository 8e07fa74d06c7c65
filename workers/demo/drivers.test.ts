import { describe, expect, it } from 'vitest';
import { DEMO_DRIVERS, drawCornerTakes } from './drivers.ts';
import { Rng } from './prng.ts';

const by = (id: string) => DEMO_DRIVERS.find((d) => d.id === id)!;

describe('demo drivers', () => {
  it('are four distinct cars and drivers', () => {
    expect(DEMO_DRIVERS.length).toBeGreaterThanOrEqual(4);
    expect(new Set(DEMO_DRIVERS.map((d) => d.id)).size).toBe(DEMO_DRIVERS.length);
    expect(new Set(DEMO_DRIVERS.map((d) => d.name)).size).toBe(DEMO_DRIVERS.length);
    DEMO_DRIVERS.forEach((d, i) => expect(d.vehicleId).toBe(`DEMO-CAR-0${i + 1}`));
  });

  it('differ from the reference in their planted traits', () => {
    const ref = by('reference');
    const late = by('late-braker');
    expect(late.brakeUse).toBeGreaterThan(ref.brakeUse);
    expect(late.brakeRampS).toBeLessThan(ref.brakeRampS);
    expect(late.brakePressureOvershoot).toBeGreaterThan(ref.brakePressureOvershoot);
    const early = by('early-throttle');
    expect(early.throttlePickupOffsetM).toBeLessThan(ref.throttlePickupOffsetM);
    expect(early.throttleRampS).toBeGreaterThan(ref.throttleRampS);
    expect(early.throttleRampShape).toBeGreaterThan(ref.throttleRampShape);
    expect(early.line.apexLateM).toBeGreaterThan(ref.line.apexLateM);
    const agg = by('aggressive');
    expect(agg.line.outsideUseM).toBeLessThan(ref.line.outsideUseM);
    expect(agg.steering.naturalHz).toBeGreaterThan(ref.steering.naturalHz);
    expect(agg.steering.damping).toBeLessThan(ref.steering.damping);
    expect(agg.consistency.brakeUseSigma).toBeGreaterThan(ref.consistency.brakeUseSigma);
  });

  it('draw each corner of each lap around the style, deterministically', () => {
    const style = by('aggressive');
    const a = drawCornerTakes(style, new Rng(1), 200, 12), b = drawCornerTakes(style, new Rng(1), 200, 12);
    expect(a).toEqual(b);
    const uses = a.flat().map((t) => t.brakeUse);
    const mean = uses.reduce((s, x) => s + x, 0) / uses.length;
    const sd = Math.sqrt(uses.reduce((s, x) => s + (x - mean) ** 2, 0) / uses.length);
    expect(mean).toBeCloseTo(style.brakeUse, 2);
    expect(sd / style.brakeUse).toBeGreaterThan(0.5 * style.consistency.brakeUseSigma);
    expect(sd / style.brakeUse).toBeLessThan(1.5 * style.consistency.brakeUseSigma);
    for (const t of a.flat()) {
      expect(t.brakeUse).toBeLessThanOrEqual(0.998);
      expect(t.cornerUse).toBeLessThanOrEqual(0.99);
      expect(t.exitUse).toBeLessThanOrEqual(0.995);
    }
  });
});
