import { describe, expect, it } from 'vitest';
import type { SegmentEnergy } from '../../../workers/energy/lap-energy.ts';
import { columnTotal, ENERGY_COLUMNS } from './energy-rows.ts';

const segment = (number: number, tractionJ: number, peakTractionW: number): SegmentEnergy => ({
  kind: 'corner', number, name: `T${number}`, startM: 100 * number, endM: 100 * number + 80,
  timeS: 4.5, tractionJ, brakeFrontJ: 120_000, brakeRearJ: 60_000, engineBrakeJ: 1000, dragJ: 30_000, rollingJ: 8000, gradeJ: 0, netJ: 0,
  kineticTractionJ: 0.7 * tractionJ, yawJ: 350, engineJ: tractionJ / 0.85, peakTractionW, peakTractionAtM: 100 * number + 60, peakBrakingW: 640_000, peakBrakingAtM: 100 * number + 5,
  efficiency: 0.7,
});

describe('energy table columns', () => {
  it('show energies in kJ, powers in kW and efficiency in %', () => {
    const s = segment(1, 250_000, 150_500);
    const text = Object.fromEntries(ENERGY_COLUMNS.map((c) => [c.id, `${c.text(s)} ${c.unit}`]));
    expect(text).toEqual({
      from: '100 m', to: '180 m', time: '4.50 s', traction: '250.0 kJ', brakeFront: '120.0 kJ', brakeRear: '60.0 kJ', drag: '30.0 kJ', rolling: '8.0 kJ', yaw: '0.35 kJ',
      peakBraking: '640 kW', peakTraction: '151 kW', efficiency: '70.0 %',
    });
  });

  it('total the columns that add up over the lap, and only those', () => {
    const rows = [segment(1, 250_000, 150_000), segment(2, 100_000, 90_000)];
    const col = (id: string) => ENERGY_COLUMNS.find((c) => c.id === id)!;
    expect(columnTotal(rows, col('traction'))).toBeCloseTo(350, 9);
    expect(columnTotal(rows, col('time'))).toBeCloseTo(9, 9);
    expect(columnTotal(rows, col('peakTraction'))).toBeNull();
    expect(columnTotal(rows, col('efficiency'))).toBeNull();
  });
});
