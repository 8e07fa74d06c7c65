import { describe, expect, it } from 'vitest';
import { formatFixed, formatLapTime, formatMetres, formatSigned } from './lap-format.ts';

describe('analysis number formatting', () => {
  it('writes lap times as m:ss.sss', () => {
    expect(formatLapTime(106.66)).toBe('1:46.660');
    expect(formatLapTime(59.9996)).toBe('1:00.000');
    expect(formatLapTime(5.25)).toBe('0:05.250');
    expect(formatLapTime(NaN)).toBe('—');
  });
  it('writes fixed decimals without a negative zero', () => {
    expect(formatFixed(33.6666, 2)).toBe('33.67');
    expect(formatFixed(-0.001, 1)).toBe('0.0');
    expect(formatFixed(Infinity, 1)).toBe('—');
  });
  it('signs differences, with ± for zero', () => {
    expect(formatSigned(0.1234, 3)).toBe('+0.123');
    expect(formatSigned(-0.045, 3)).toBe('−0.045');
    expect(formatSigned(0.0001, 3)).toBe('±0.000');
    expect(formatSigned(NaN, 3)).toBe('—');
  });
  it('rounds metres', () => {
    expect(formatMetres(1234.6)).toBe('1235');
    expect(formatMetres(NaN)).toBe('—');
  });
});
