import { describe, expect, it } from 'vitest';
import { grCupSourceUnit, grCupTrackFrom, looksLikeGrCup } from './grcup-units.ts';

describe('GR Cup unit conventions', () => {
  it('gives the logged unit of raw and renamed channels', () => {
    expect(grCupSourceUnit('accx_can')).toBe('g');
    expect(grCupSourceUnit('acc_y')).toBe('g');
    expect(grCupSourceUnit('speed')).toBe('km/h');
    expect(grCupSourceUnit('pbrake_f')).toBe('bar');
    expect(grCupSourceUnit('brake_rear')).toBe('bar');
    expect(grCupSourceUnit('aps')).toBe('%');
    expect(grCupSourceUnit('throttle_pos')).toBe('%');
    expect(grCupSourceUnit('Steering_Angle')).toBe('deg');
    expect(grCupSourceUnit('VBOX_Lat_Min')).toBe('deg');
    expect(grCupSourceUnit('VBOX_Long_Minutes')).toBe('deg');
    expect(grCupSourceUnit('Laptrigger_lapdist_dls')).toBe('m');
    expect(grCupSourceUnit('nmot')).toBe('rpm');
    expect(grCupSourceUnit('gear')).toBe('');
    expect(grCupSourceUnit('mystery')).toBe('');
  });

  it('recognises GR Cup column sets and venues', () => {
    expect(looksLikeGrCup(['lap', 'timestamp', 'accx_can', 'aps', 'speed'])).toBe(true);
    expect(looksLikeGrCup(['time', 'speed', 'rpm'])).toBe(false);
    expect(grCupTrackFrom('I_R06_2025-09-07', 'R1_barber_telemetry.csv')).toBe('Barber Motorsports Park');
    expect(grCupTrackFrom('Road America R2')).toBe('Road America');
    expect(grCupTrackFrom('indy_r1')).toBe('Indianapolis Motor Speedway');
    expect(grCupTrackFrom('VIR race 1')).toBe('Virginia International Raceway');
    expect(grCupTrackFrom('environment')).toBe('');
  });
});
