import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDurationMmSs, formatLocalDateTime, formatPercent, formatRateHz, formatRateMBs, formatUnit } from './format.ts';

describe('format', () => {
  it('formats durations as mm:ss, minutes past an hour included', () => {
    expect(formatDurationMmSs(754.2)).toBe('12:34');
    expect(formatDurationMmSs(59.6)).toBe('01:00');
    expect(formatDurationMmSs(3725)).toBe('62:05');
    expect(formatDurationMmSs(Number.NaN)).toBe('—');
  });
  it('puts a unit on every number', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2_500)).toBe('2.5 kB');
    expect(formatBytes(31_400_000)).toBe('31.4 MB');
    expect(formatRateMBs(84_000_000)).toBe('84.0 MB/s');
    expect(formatRateMBs(0)).toBe('— MB/s');
    expect(formatRateHz(9.99)).toBe('10.0 Hz');
    expect(formatRateHz(100.4)).toBe('100 Hz');
    expect(formatRateHz(0.0106)).toBe('0.011 Hz');
    expect(formatRateHz(0)).toBe('— Hz');
    expect(formatPercent(0.456)).toBe('45 %');
    expect(formatPercent(1.2)).toBe('100 %');
    expect(formatCount(1, 'lap')).toBe('1 lap');
    expect(formatCount(12, 'lap')).toBe('12 laps');
    expect(formatUnit('')).toBe('—');
    expect(formatUnit('m/s')).toBe('m/s');
  });
  it('formats dates in the given locale and marks a missing date', () => {
    expect(formatLocalDateTime(null)).toBe('—');
    expect(formatLocalDateTime(Date.UTC(2025, 3, 27, 14, 5), 'en-GB')).toMatch(/27 Apr 2025/);
  });
});
