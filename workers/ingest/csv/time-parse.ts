// Times and dates read from CSV bytes and preamble text: a Date-free ISO-8601 parser for the common
// `YYYY-MM-DDTHH:MM:SS.sssZ` shape, and tolerant date/time parsers for logger preambles.

import { asciiText } from './byte-number.ts';

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function d2(buf: Uint8Array, i: number): number {
  const a = buf[i] - 48;
  const b = buf[i + 1] - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

/**
 * Milliseconds since the epoch of an ISO-8601 date-time in bytes: `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]]`
 * then `Z`, `±HH:MM`, `±HHMM` or nothing (taken as UTC). Returns NaN for anything else.
 */
export function parseIsoBytesMs(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 16) return NaN;
  const i = start;
  if (buf[i + 4] !== 45 || buf[i + 7] !== 45 || (buf[i + 10] !== 84 && buf[i + 10] !== 32) || buf[i + 13] !== 58) return NaN;
  const y1 = d2(buf, i), y2 = d2(buf, i + 2), mo = d2(buf, i + 5), d = d2(buf, i + 8), h = d2(buf, i + 11), mi = d2(buf, i + 14);
  if ((y1 | y2 | mo | d | h | mi) < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59) return NaN;
  let p = i + 16;
  let s = 0;
  let ms = 0;
  if (p < end && buf[p] === 58) {
    s = d2(buf, p + 1);
    if (s < 0 || s > 60 || p + 3 > end) return NaN;
    p += 3;
    if (p < end && (buf[p] === 46 || buf[p] === 44)) {
      p++;
      let scale = 100;
      const p0 = p;
      while (p < end) {
        const c = buf[p] - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        p++;
      }
      if (p === p0) return NaN;
    }
  }
  let offsetMin = 0;
  if (p < end) {
    const c = buf[p];
    if (c === 90 || c === 122) p++;
    else if (c === 43 || c === 45) {
      const oh = d2(buf, p + 1);
      if (oh < 0) return NaN;
      let q = p + 3;
      if (q < end && buf[q] === 58) q++;
      const om = q < end ? d2(buf, q) : 0;
      if (om < 0) return NaN;
      offsetMin = (oh * 60 + om) * (c === 45 ? -1 : 1);
      p = q < end ? q + 2 : q;
    }
  }
  if (p !== end) return NaN;
  const days = daysFromCivil(y1 * 100 + y2, mo, d);
  return ((days * 24 + h) * 60 + mi - offsetMin) * 60000 + s * 1000 + ms;
}

/** ISO-8601 text → epoch ms (NaN when not ISO-shaped). */
export function parseIsoMs(text: string): number {
  const t = text.trim();
  const bytes = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) bytes[i] = t.charCodeAt(i) & 0xff;
  return parseIsoBytesMs(bytes, 0, bytes.length);
}

/** An ISO time in bytes, falling back to Date.parse for other ISO-like spellings. */
export function parseIsoBytesLoose(buf: Uint8Array, start: number, end: number): number {
  const v = parseIsoBytesMs(buf, start, end);
  if (v === v) return v;
  const text = asciiText(buf, start, end).trim();
  if (!/^\d{4}-\d\d-\d\d/.test(text)) return NaN;
  return Date.parse(text);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A preamble date as days since the epoch: `2024-06-01`, `01/06/2024` (day first, as MoTeC and
 * RaceChrono write it; month first only when the second number exceeds 12), `01.06.2024`, or AiM's
 * `Saturday, June 1, 2024` / `1 June 2024`. NaN when not understood.
 */
export function parseLooseDateDays(text: string): number {
  const t = text.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(t);
  if (m) return validDays(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})/.exec(t);
  if (m) {
    let a = +m[1], b = +m[2];
    const y = fullYear(+m[3]);
    if (b > 12 && a <= 12) [a, b] = [b, a];
    return validDays(y, b, a);
  }
  const lower = t.toLowerCase();
  m = /([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/.exec(lower);
  if (m && MONTHS.includes(m[1])) return validDays(+m[3], MONTHS.indexOf(m[1]) + 1, +m[2]);
  m = /(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})/.exec(lower);
  if (m && MONTHS.includes(m[2])) return validDays(+m[3], MONTHS.indexOf(m[2]) + 1, +m[1]);
  return NaN;
}

function fullYear(y: number): number {
  return y < 100 ? 2000 + y : y;
}

function validDays(y: number, mo: number, d: number): number {
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && y >= 1900 && y <= 2200)) return NaN;
  return daysFromCivil(y, mo, d);
}

/** A time of day `HH:MM[:SS[.sss]] [AM|PM]` as ms since midnight; NaN when not understood. */
export function parseClockMs(text: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*([ap]\.?m\.?)?$/i.exec(text.trim());
  if (!m) return NaN;
  let h = +m[1];
  const mi = +m[2];
  const s = m[3] ? +m[3] : 0;
  if (m[4]) {
    const pm = m[4][0].toLowerCase() === 'p';
    if (h === 12) h = pm ? 12 : 0;
    else if (pm) h += 12;
  }
  if (h > 23 || mi > 59 || s >= 61) return NaN;
  return Math.round(((h * 60 + mi) * 60 + s) * 1000);
}

/**
 * Start of a recording from a preamble's date and time of day, in epoch ms. Loggers write local
 * time without a zone; it is taken as UTC (the wall-clock reading is kept, not converted).
 */
export function preambleStartMs(date: string | undefined, time: string | undefined): number | null {
  if (!date) return null;
  const days = parseLooseDateDays(date);
  if (!Number.isFinite(days)) return null;
  const clock = time ? parseClockMs(time) : 0;
  return days * 86400000 + (Number.isFinite(clock) ? clock : 0);
}

/**
 * A relative time cell that is not a plain number: `M:SS.sss` or `H:MM:SS.sss` (lap-timer style),
 * in seconds; NaN otherwise.
 */
export function parseClockDurationS(text: string): number {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return NaN;
  return (m[1] ? +m[1] * 3600 : 0) + +m[2] * 60 + +m[3];
}
