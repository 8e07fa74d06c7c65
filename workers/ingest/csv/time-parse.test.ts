import { describe, expect, it } from 'vitest';
import { daysFromCivil, parseClockDurationS, parseClockMs, parseIsoMs, parseLooseDateDays, preambleStartMs } from './time-parse.ts';
import { seededRandom } from './test-support.ts';

describe('parseIsoMs', () => {
  it('matches Date.parse for the GR Cup shape and its variants', () => {
    for (const s of ['2025-09-05T00:28:20.593Z', '2025-09-06T18:40:41.926Z', '2000-02-29T23:59:59.999Z', '1970-01-01T00:00:00Z',
      '2025-09-05T00:28:20Z', '2025-09-05T00:28Z', '2025-09-05T02:28:20.5+02:00', '2025-09-04T19:28:20.25-05:00']) {
      expect(parseIsoMs(s), s).toBe(Date.parse(s));
    }
    expect(parseIsoMs('2025-09-05 00:28:20.593')).toBe(Date.parse('2025-09-05T00:28:20.593Z'));
    expect(parseIsoMs('2025-09-05T00:28:20.593+0200')).toBe(Date.parse('2025-09-04T22:28:20.593Z'));
  });

  it('agrees with Date on random instants', () => {
    const rnd = seededRandom(3);
    for (let i = 0; i < 5000; i++) {
      const ms = Math.floor(rnd() * 4e12);
      const iso = new Date(ms).toISOString();
      expect(parseIsoMs(iso)).toBe(ms);
    }
  });

  it('refuses what is not ISO', () => {
    for (const s of ['', '2025-09-05', '2025/09/05T00:00:00Z', '2025-13-05T00:00:00Z', '2025-09-05T00:00:00Q', 'hello world, long text']) {
      expect(parseIsoMs(s), s).toBeNaN();
    }
  });

  it('computes civil days', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2025, 9, 5)).toBe(Date.UTC(2025, 8, 5) / 86400000);
    expect(daysFromCivil(1900, 3, 1)).toBe(Date.UTC(1900, 2, 1) / 86400000);
  });
});

describe('preamble dates and times', () => {
  it('reads the date spellings of MoTeC, RaceChrono and AiM', () => {
    const day = Date.UTC(2026, 6, 14) / 86400000;
    expect(parseLooseDateDays('14/07/2026')).toBe(day);
    expect(parseLooseDateDays('07/14/2026')).toBe(day); // month first when the day cannot be
    expect(parseLooseDateDays('2026-07-14')).toBe(day);
    expect(parseLooseDateDays('14.07.2026')).toBe(day);
    expect(parseLooseDateDays('Tuesday, July 14, 2026')).toBe(day);
    expect(parseLooseDateDays('14 July 2026')).toBe(day);
    expect(parseLooseDateDays('soon')).toBeNaN();
  });

  it('reads clock times with and without AM/PM', () => {
    expect(parseClockMs('14:30:00')).toBe(52200000);
    expect(parseClockMs('2:30 PM')).toBe(52200000);
    expect(parseClockMs('12:05 AM')).toBe(300000);
    expect(parseClockMs('10:21:33.5')).toBe(37293500);
    expect(parseClockMs('25:00')).toBeNaN();
  });

  it('combines date and time as a UTC reading', () => {
    expect(preambleStartMs('14/07/2026', '14:30:00')).toBe(Date.UTC(2026, 6, 14, 14, 30));
    expect(preambleStartMs(undefined, '14:30:00')).toBeNull();
  });

  it('reads lap-timer durations', () => {
    expect(parseClockDurationS('1:35.300')).toBeCloseTo(95.3, 9);
    expect(parseClockDurationS('17:35:10')).toBe(17 * 3600 + 35 * 60 + 10);
    expect(parseClockDurationS('abc')).toBeNaN();
  });
});
