// Streaming byte-level CSV tokenizer: quotes, CRLF, a detected delimiter, rows that span chunks,
// and the line and byte offset of every row. Fields are byte ranges into a reused buffer.

import { IngestError } from '../errors.ts';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const utf8 = new TextDecoder('utf-8');

/**
 * The delimiter of a CSV head: on the first line that contains any candidate outside quotes, the
 * candidate seen most often (ties prefer ',' then ';' then tab). Returns -1 when the head ends before
 * such a line is complete and `final` is false; ',' when the file has no candidate at all.
 */
export function detectDelimiter(buf: Uint8Array, start: number, end: number, final: boolean): number {
  let comma = 0, semi = 0, tab = 0;
  let inQ = false;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === QUOTE) inQ = !inQ;
    else if (inQ) continue;
    else if (c === 44) comma++;
    else if (c === 59) semi++;
    else if (c === 9) tab++;
    else if (c === LF) {
      if (comma + semi + tab > 0) return pickDelimiter(comma, semi, tab);
    }
  }
  if (!final) return -1;
  return comma + semi + tab > 0 ? pickDelimiter(comma, semi, tab) : 44;
}

function pickDelimiter(comma: number, semi: number, tab: number): number {
  if (comma >= semi && comma >= tab) return 44;
  return semi >= tab ? 59 : 9;
}

export interface CsvTokenizerOptions {
  /** File name for errors. */
  file: string;
  /** Fixed delimiter; detected from the head when absent. */
  delimiter?: number;
}

/**
 * Feed chunks with `push`, then call `end`. `onRow` is called once per row (blank lines included,
 * as one empty field) with the tokenizer itself: `buf`, `starts`/`ends` (field byte ranges, quotes
 * stripped), `count`, `line` (1-based line the row starts on) and `rowOffset` (its absolute byte
 * offset) are valid during the call only. Use `text(i)` for a field's decoded, unescaped text.
 */
export class CsvTokenizer {
  delimiter: number;
  buf: Uint8Array = new Uint8Array(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 1 when the field held doubled quotes ("") that `text` unescapes. */
  escaped = new Uint8Array(64);
  count = 0;
  line = 1;
  rowOffset = 0;

  private readonly file: string;
  private readonly onRow: (t: CsvTokenizer) => void;
  private work = new Uint8Array(1 << 17);
  private len = 0;
  private base = 0;
  private pos = 0;
  private rowStart = 0;
  private fieldStart = 0;
  private n = 0;
  private inQuotes = false;
  private quoteEnd = -1;
  private fieldEscaped = 0;
  private nextLine = 1;
  private rowLine = 1;
  private started = false;

  constructor(onRow: (t: CsvTokenizer) => void, options: CsvTokenizerOptions) {
    this.onRow = onRow;
    this.file = options.file;
    this.delimiter = options.delimiter ?? -1;
  }

  /** Total bytes consumed so far (for progress). */
  get bytesSeen(): number {
    return this.base + this.len;
  }

  push(chunk: Uint8Array): void {
    this.append(chunk);
    if (!this.started && !this.start(false)) return;
    this.scan(false);
  }

  end(): void {
    if (!this.started && !this.start(true)) return;
    this.scan(true);
  }

  /** The decoded text of field `i` of the current row (doubled quotes unescaped). */
  text(i: number): string {
    const s = utf8.decode(this.buf.subarray(this.starts[i], this.ends[i]));
    return this.escaped[i] ? s.replace(/""/g, '"') : s;
  }

  /** All fields of the current row as text. */
  texts(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.text(i));
    return out;
  }

  /** True for a row that is a blank line (or only delimiters and spaces). */
  isBlankRow(): boolean {
    const buf = this.buf;
    for (let f = 0; f < this.count; f++) for (let i = this.starts[f]; i < this.ends[f]; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
    return true;
  }

  private append(chunk: Uint8Array): void {
    const keep = this.len - this.rowStart;
    const need = keep + chunk.length;
    let work = this.work;
    if (need > work.length) {
      const bigger = new Uint8Array(Math.max(need, work.length * 2));
      bigger.set(work.subarray(this.rowStart, this.len));
      work = bigger;
    } else if (this.rowStart > 0 && keep > 0) {
      work.copyWithin(0, this.rowStart, this.len);
    }
    work.set(chunk, keep);
    const shift = this.rowStart;
    if (shift > 0) {
      for (let k = 0; k < this.n; k++) { this.starts[k] -= shift; this.ends[k] -= shift; }
      this.pos -= shift;
      this.fieldStart -= shift;
      if (this.quoteEnd >= 0) this.quoteEnd -= shift;
      this.base += shift;
      this.rowStart = 0;
    }
    this.work = work;
    this.buf = work;
    this.len = need;
  }

  private start(final: boolean): boolean {
    let p = 0;
    if (this.len >= 3 && this.work[0] === 0xef && this.work[1] === 0xbb && this.work[2] === 0xbf) p = 3;
    else if (this.len < 3 && !final) return false;
    if (this.delimiter < 0) {
      const d = detectDelimiter(this.work, p, this.len, final);
      if (d < 0) return false;
      this.delimiter = d;
    }
    this.pos = this.rowStart = this.fieldStart = p;
    this.started = true;
    return true;
  }

  private grow(): void {
    const cap = this.starts.length * 2;
    const s = new Int32Array(cap); s.set(this.starts); this.starts = s;
    const e = new Int32Array(cap); e.set(this.ends); this.ends = e;
    const q = new Uint8Array(cap); q.set(this.escaped); this.escaped = q;
  }

  private scan(final: boolean): void {
    const buf = this.work;
    const len = this.len;
    const d = this.delimiter;
    let i = this.pos;
    let rowStart = this.rowStart;
    let fieldStart = this.fieldStart;
    let n = this.n;
    let inQ = this.inQuotes;
    let quoteEnd = this.quoteEnd;
    let fieldEsc = this.fieldEscaped;
    let starts = this.starts;
    let ends = this.ends;
    for (;;) {
      if (inQ) {
        // inside a quoted field: only a quote ends it; newlines are data (but still count lines)
        while (i < len) {
          const c = buf[i];
          if (c === QUOTE) break;
          if (c === LF) this.nextLine++;
          i++;
        }
        if (i >= len) break;
        if (i + 1 >= len && !final) break; // cannot tell a closing quote from a doubled one yet
        if (i + 1 < len && buf[i + 1] === QUOTE) { fieldEsc = 1; i += 2; continue; }
        inQ = false;
        quoteEnd = i;
        i++;
        continue;
      }
      // ordinary bytes up to a delimiter, a newline or a quote
      while (i < len) {
        const c = buf[i];
        if (c === d || c === LF || c === QUOTE) break;
        i++;
      }
      if (i >= len) break;
      const c = buf[i];
      if (c === QUOTE) {
        if (i === fieldStart) inQ = true;
        i++;
        continue;
      }
      if (n === starts.length) { this.grow(); starts = this.starts; ends = this.ends; }
      if (quoteEnd >= 0) { starts[n] = fieldStart + 1; ends[n] = quoteEnd; }
      else { starts[n] = fieldStart; ends[n] = c === LF && i > fieldStart && buf[i - 1] === CR ? i - 1 : i; }
      this.escaped[n] = fieldEsc;
      n++;
      quoteEnd = -1;
      fieldEsc = 0;
      i++;
      fieldStart = i;
      if (c === LF) {
        this.count = n;
        this.line = this.rowLine;
        this.rowOffset = this.base + rowStart;
        this.buf = buf;
        this.onRow(this);
        this.nextLine++;
        this.rowLine = this.nextLine;
        n = 0;
        rowStart = i;
      }
    }
    this.pos = i;
    this.rowStart = rowStart;
    this.fieldStart = fieldStart;
    this.n = n;
    this.inQuotes = inQ;
    this.quoteEnd = quoteEnd;
    this.fieldEscaped = fieldEsc;
    if (final) this.finish();
  }

  private finish(): void {
    if (this.inQuotes) {
      throw new IngestError('truncated', 'a quoted field is not closed before the end of the file', {
        file: this.file, line: this.rowLine, byteOffset: this.base + this.rowStart,
      });
    }
    if (this.rowStart >= this.len && this.n === 0) return;
    let n = this.n;
    if (n === this.starts.length) this.grow();
    const buf = this.work;
    if (this.quoteEnd >= 0) { this.starts[n] = this.fieldStart + 1; this.ends[n] = this.quoteEnd; }
    else {
      this.starts[n] = this.fieldStart;
      this.ends[n] = this.len > this.fieldStart && buf[this.len - 1] === CR ? this.len - 1 : this.len;
    }
    this.escaped[n] = this.fieldEscaped;
    n++;
    this.count = n;
    this.line = this.rowLine;
    this.rowOffset = this.base + this.rowStart;
    this.buf = buf;
    this.n = 0;
    this.rowStart = this.len;
    this.fieldStart = this.len;
    this.quoteEnd = -1;
    this.onRow(this);
  }
}
