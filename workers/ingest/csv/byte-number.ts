// Numbers parsed straight from CSV bytes: a fast exact path for plain decimal/exponent forms,
// and a strict fallback through Number() for the rest (long mantissas, odd spellings).

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const TWO53 = 9007199254740992;

/**
 * `[+-]digits[.digits][(e|E)[+-]digits]` between `start` and `end`, converted exactly (Clinger's
 * fast path: an exact integer mantissa below 2^53 times or divided by an exact power of ten).
 * Returns NaN when the bytes are not of that shape or the fast path cannot be exact; the caller
 * then uses `parseNumberSlow`. `decimalComma` also accepts ',' as the decimal mark.
 */
export function parseDecimalBytes(buf: Uint8Array, start: number, end: number, decimalComma: boolean): number {
  let i = start;
  if (i >= end) return NaN;
  let c = buf[i];
  let neg = false;
  if (c === 45) { neg = true; i++; } else if (c === 43) i++;
  let mant = 0;
  let sig = 0;
  let exp10 = 0;
  let digits = 0;
  while (i < end) {
    c = buf[i] - 48;
    if (c < 0 || c > 9) break;
    if (mant !== 0 || c !== 0) { mant = mant * 10 + c; sig++; }
    digits++;
    i++;
  }
  if (i < end && (buf[i] === 46 || (decimalComma && buf[i] === 44))) {
    i++;
    while (i < end) {
      c = buf[i] - 48;
      if (c < 0 || c > 9) break;
      if (mant !== 0 || c !== 0) { mant = mant * 10 + c; sig++; }
      exp10--;
      digits++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  if (i < end) {
    c = buf[i];
    if (c !== 101 && c !== 69) return NaN;
    i++;
    let eneg = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) { eneg = buf[i] === 45; i++; }
    let e = 0;
    const e0 = i;
    while (i < end) {
      c = buf[i] - 48;
      if (c < 0 || c > 9) return NaN;
      e = e * 10 + c;
      if (e > 100000) return NaN;
      i++;
    }
    if (i === e0) return NaN;
    exp10 += eneg ? -e : e;
  }
  if (mant === 0) return neg ? -0 : 0;
  if (sig > 15 && !(mant < TWO53)) return NaN;
  let v: number;
  if (exp10 === 0) v = mant;
  else if (exp10 > 0 && exp10 <= 22) v = mant * POW10[exp10];
  else if (exp10 < 0 && exp10 >= -22) v = mant / POW10[-exp10];
  else return NaN;
  return neg ? -v : v;
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Latin-1 view of a byte range (numbers and ISO times are ASCII). */
export function asciiText(buf: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return latin1.decode(buf.subarray(start, end));
  return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
}

const latin1 = new TextDecoder('latin1');

/**
 * The strict slow path: trims spaces, accepts the plain decimal forms the fast path declined
 * (long mantissas, '.5', '5.'); returns NaN for text and ±Infinity for out-of-range numbers.
 */
export function parseNumberSlow(buf: Uint8Array, start: number, end: number, decimalComma: boolean): number {
  let text = asciiText(buf, start, end).trim();
  if (decimalComma) text = text.replace(',', '.');
  if (!PLAIN_NUMBER.test(text)) return NaN;
  return Number(text);
}

/** A cell as a finite number, or NaN when it is not one (see `badNumberKind` for why). */
export function parseNumberCell(buf: Uint8Array, start: number, end: number, decimalComma: boolean): number {
  const v = parseDecimalBytes(buf, start, end, decimalComma);
  if (v === v) return v;
  const w = parseNumberSlow(buf, start, end, decimalComma);
  return w - w === 0 ? w : NaN;
}

const NON_FINITE = /^[+-]?(nan|inf|infinity|1\.#inf|1\.#ind|1\.#qnan)$/i;

/** Why a cell that is not a finite number was refused: a NaN/Inf literal (or overflow), or text. */
export function badNumberKind(text: string): 'non-finite' | 'not-a-number' {
  const t = text.trim();
  if (NON_FINITE.test(t)) return 'non-finite';
  if (PLAIN_NUMBER.test(t.replace(',', '.'))) return 'non-finite';
  return 'not-a-number';
}

/** A small non-negative integer (lap counters), or -1 when the cell is not one. */
export function parseSmallIntBytes(buf: Uint8Array, start: number, end: number): number {
  if (start >= end || end - start > 9) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
