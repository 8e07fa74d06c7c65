// Where the energy view says the vehicle parameters came from: a preset, or saved with the session.

import { describe, expect, it } from 'vitest';
import { DEMO_CAR_ENERGY, GR86_CUP_ENERGY } from '../../../workers/energy/presets.ts';
import { presetMatching, vehicleSourceText } from './vehicle-source.ts';

describe('vehicleSourceText', () => {
  it('names the preset, or says the values were saved with the session', () => {
    expect(vehicleSourceText('gr86-cup', GR86_CUP_ENERGY)).toBe('preset GR86 Cup');
    expect(vehicleSourceText('stored', { ...DEMO_CAR_ENERGY, massKg: DEMO_CAR_ENERGY.massKg + 100 })).toBe('saved with the session');
    expect(vehicleSourceText('stored', { ...DEMO_CAR_ENERGY })).toBe('saved with the session (= preset Demo car)');
    expect(presetMatching(JSON.parse(JSON.stringify(GR86_CUP_ENERGY)))).toBe('gr86-cup');
  });
});
