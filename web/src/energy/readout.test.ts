import { describe, expect, it } from 'vitest';
import type { FlowSeries } from '../../../workers/energy/view/flow-grid.ts';
import { flowReadout } from './readout.ts';

const series = (net: number, speed: number): FlowSeries => ({
  netKw: Float32Array.of(net, net),
  tractionKw: Float32Array.of(Math.max(0, net), Math.max(0, net)),
  brakingKw: Float32Array.of(Math.max(0, -net), Math.max(0, -net)),
  speedKmh: Float32Array.of(speed, speed),
});

describe('flowReadout', () => {
  it('gives the lap values with units, and Δ values in difference mode', () => {
    const lap = flowReadout({ a: series(-120.25, 150), b: null, delta: null, bins: 2 }, 1.6);
    expect(lap.map((i) => `${i.label} ${i.value} ${i.unit}`)).toEqual(['Distance 2 m', 'Net power -120.3 kW', 'Braking 120.3 kW', 'Traction 0.0 kW', 'Speed 150.0 km/h']);
    const a = series(-100, 150);
    const b = series(-80, 147);
    const delta: FlowSeries = { netKw: Float32Array.of(-20, -20), tractionKw: Float32Array.of(0, 0), brakingKw: Float32Array.of(20, 20), speedKmh: Float32Array.of(3, 3) };
    const diff = flowReadout({ a, b, delta, bins: 2 }, 0);
    expect(diff.map((i) => `${i.label} ${i.value} ${i.unit}`)).toEqual([
      'Distance 0 m', 'Δ net power −20.0 kW', 'Δ braking +20.0 kW', 'Δ traction ±0.0 kW', 'Δ speed +3.0 km/h', 'Speed A 150.0 km/h', 'Speed B 147.0 km/h',
    ]);
  });
});
