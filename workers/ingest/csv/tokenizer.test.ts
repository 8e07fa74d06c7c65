import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.ts';
import { CsvTokenizer, detectDelimiter } from './tokenizer.ts';
import { seededRandom } from './test-support.ts';

interface Row { cells: string[]; line: number; offset: number }

function tokenize(text: string | Uint8Array, chunkSize = 1 << 20, delimiter?: number): { rows: Row[]; delimiter: number } {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const rows: Row[] = [];
  const tok = new CsvTokenizer((t) => rows.push({ cells: t.texts(), line: t.line, offset: t.rowOffset }), { file: 'x.csv', delimiter });
  for (let i = 0; i < bytes.length; i += chunkSize) tok.push(bytes.subarray(i, i + chunkSize));
  tok.end();
  return { rows, delimiter: tok.delimiter };
}

describe('detectDelimiter', () => {
  const d = (s: string, final = true) => { const b = new TextEncoder().encode(s); return detectDelimiter(b, 0, b.length, final); };
  it('picks the delimiter of the first line that has one', () => {
    expect(d('a,b,c\n1,2,3\n')).toBe(44);
    expect(d('a;b;c\n1,5;2,5;3\n')).toBe(59);
    expect(d('a\tb\tc\n1\t2\t3\n')).toBe(9);
    expect(d('This file is created using RaceChrono v8.1 ( http://racechrono.com/ ).\nFormat,3\n')).toBe(44);
    expect(d('"a,b";c;d\n')).toBe(59);
  });
  it('waits for a complete line unless the input is final', () => {
    expect(d('a;b', false)).toBe(-1);
    expect(d('a;b', true)).toBe(59);
    expect(d('single', true)).toBe(44);
  });
});

describe('CsvTokenizer', () => {
  it('splits fields, strips quotes, unescapes doubled quotes and keeps quoted delimiters and newlines', () => {
    const { rows } = tokenize('a,"b,c","say ""hi""",\r\n"multi\nline",2,,x\n\nlast,row');
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b,c', 'say "hi"', ''],
      ['multi\nline', '2', '', 'x'],
      [''],
      ['last', 'row'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4, 5]);
  });

  it('reports the byte offset of every row', () => {
    const text = 'h1,h2\r\n1,2\r\n"3\r\n",4\r\n5,6';
    const { rows } = tokenize(text);
    for (const r of rows) expect(text.slice(r.offset).startsWith(r.cells[0].slice(0, 1)) || text[r.offset] === '"').toBe(true);
    expect(rows.map((r) => r.offset)).toEqual([0, 7, 12, 21]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('skips a UTF-8 BOM and detects a semicolon or tab delimiter', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('x;y\n1;2\n')]);
    const a = tokenize(bom);
    expect(a.delimiter).toBe(59);
    expect(a.rows.map((r) => r.cells)).toEqual([['x', 'y'], ['1', '2']]);
    expect(tokenize('x\ty\n1\t2').rows.map((r) => r.cells)).toEqual([['x', 'y'], ['1', '2']]);
  });

  it('gives the same rows for any chunk size', () => {
    const rnd = seededRandom(5);
    const parts: string[] = ['name,"quoted, ""field""",value\r\n'];
    for (let i = 0; i < 400; i++) {
      const q = rnd() < 0.2 ? `"x""${i}\ny"` : `v${i}`;
      parts.push(`${i},${q},${(rnd() * 100).toFixed(3)}${rnd() < 0.5 ? '\r\n' : '\n'}`);
    }
    const text = parts.join('');
    const whole = tokenize(text).rows;
    expect(whole.length).toBe(401);
    for (const size of [1, 2, 3, 7, 64, 4096]) expect(tokenize(text, size).rows).toEqual(whole);
  });

  it('holds a quote at a chunk edge until it knows whether it is doubled', () => {
    const text = 'a,"x""y"\n1,2';
    for (let size = 1; size <= text.length; size++) expect(tokenize(text, size).rows.map((r) => r.cells)).toEqual([['a', 'x"y'], ['1', '2']]);
  });

  it('refuses a quoted field left open at the end of the file', () => {
    try {
      tokenize('a,b\n1,"open\n2,3\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).code).toBe('truncated');
      expect((e as IngestError).where).toMatchObject({ file: 'x.csv', line: 2, byteOffset: 4 });
    }
  });

  it('handles rows wider than its initial field capacity', () => {
    const wide = Array.from({ length: 300 }, (_, i) => `c${i}`).join(',');
    const { rows } = tokenize(`${wide}\n${wide}`, 5);
    expect(rows[1].cells.length).toBe(300);
    expect(rows[1].cells[299]).toBe('c299');
  });
});
