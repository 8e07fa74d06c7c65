// The etm CLI contract, run in-process: import (text and --json), duplicates, bad input with
// exit status and nothing stored changed, sessions, export round trip.

import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runEtm } from '../cli/test-support.ts';

const REAL = resolve(import.meta.dirname, '../../shared/data/real');

const etm = runEtm;

function wideCsv(rows: number, rateHz: number): string {
  const lines = ['time_s,speed [km/h],throttle [%],gear'];
  for (let i = 0; i < rows; i++) {
    const t = i / rateHz;
    lines.push(`${t.toFixed(3)},${(100 + 20 * Math.sin(t)).toFixed(2)},${(50 + 50 * Math.cos(t)).toFixed(1)},${1 + (i % 5)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('etm CLI', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'etm-cli-'));
    db = join(dir, 'store.duckdb');
  });
  afterEach(() => vi.restoreAllMocks());

  it('imports a wide CSV, prints the session contract as JSON, and detects a re-import', async () => {
    const file = join(dir, 'run.csv');
    writeFileSync(file, wideCsv(500, 20));
    const r = await etm('import', file, '--db', db, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const s = json.imports[0].sessions[0];
    expect(json.imports[0].duplicate).toBe(false);
    expect(s.id).toMatch(/^s_[0-9a-f]{8}$/);
    expect(s.samples).toBe(1500);
    expect(s.duration_s).toBeCloseTo(24.95, 2);
    const speed = s.channels.find((c: { name: string }) => c.name === 'speed');
    expect(speed).toMatchObject({ unit: 'm/s', samples: 500 });
    expect(speed.rate_hz).toBeCloseTo(20, 1);
    const again = JSON.parse((await etm('import', file, '--db', db, '--json')).stdout);
    expect(again.imports[0].duplicate).toBe(true);
    expect(again.imports[0].sessions[0].id).toBe(s.id);
    const list = JSON.parse((await etm('sessions', '--db', db, '--json')).stdout);
    expect(list.sessions).toHaveLength(1);
  });

  it('refuses bad input with the file and line, exits non-zero, and leaves the store unchanged', async () => {
    const good = join(dir, 'good.csv');
    writeFileSync(good, wideCsv(100, 10));
    expect((await etm('import', good, '--db', db)).code).toBe(0);
    const before = (await etm('sessions', '--db', db, '--json')).stdout;
    const cases: [string, string, RegExp][] = [
      ['ragged.csv', 'time_s,speed\n0,1\n0.1,2,3\n', /ragged\.csv, line 3/],
      ['text.csv', 'time_s,speed\n0,1\n0.1,fast\n', /text\.csv, line 3, column 2/],
      ['empty.csv', '', /empty\.csv: .*empty/],
      ['nan.csv', 'time_s,speed\n0,1\n0.1,NaN\n', /nan\.csv, line 3/],
      ['mystery.bin', '\u0000\u0001\u0002garbage', /mystery\.bin, byte 0: .*unknown-format/],
    ];
    for (const [name, content, message] of cases) {
      const path = join(dir, name);
      writeFileSync(path, content);
      const r = await etm('import', path, '--db', db);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(message);
    }
    expect((await etm('import', join(dir, 'missing.csv'), '--db', db)).code).toBe(1);
    expect((await etm('sessions', '--db', db, '--json')).stdout).toBe(before);
  });

  it('exports a session to CSV and Parquet that import back to the same channels', async () => {
    const file = join(dir, 'run.csv');
    writeFileSync(file, wideCsv(300, 10));
    const id = JSON.parse((await etm('import', file, '--db', db, '--json')).stdout).imports[0].sessions[0].id;
    for (const format of ['csv', 'parquet']) {
      const out = join(dir, `export.${format}`);
      const r = await etm('export', id, '--format', format, '--out', out, '--db', db);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(out)).toBe(true);
      const db2 = join(dir, `${format}.duckdb`);
      const back = JSON.parse((await etm('import', out, '--db', db2, '--json')).stdout).imports[0].sessions[0];
      expect(back.samples).toBe(900);
      expect(back.channels.map((c: { name: string }) => c.name).sort()).toEqual(['gear', 'speed', 'throttle']);
    }
    expect(readFileSync(join(dir, 'export.csv'), 'utf8').split('\n')[0]).toContain('speed [m/s]');
  });

  it('reports usage errors with exit 2', async () => {
    expect((await etm('export', 'x', '--format', 'xls', '--out', 'y', '--db', db)).code).toBe(2);
    expect((await etm('nonsense')).code).toBe(2);
    expect((await etm('import', '--db', db)).code).toBe(2);
  });

  describe.skipIf(!existsSync(REAL))('on the real GR Cup files', () => {
    it('imports the raw long-format Barber sample: one car, ~23 Hz inputs, ~4.6 Hz speed, accelerations in m/s²', async () => {
      const r = await etm('import', join(REAL, 'grcup/barber/R1_barber_telemetry_data_sample_rawformat.csv'), '--db', db, '--json');
      expect(r.code, r.stderr).toBe(0);
      const [s] = JSON.parse(r.stdout).imports[0].sessions;
      expect(s.vehicle).toBe('GR86-002-000');
      const ch = (n: string) => s.channels.find((c: { name: string }) => c.name === n);
      expect(ch('throttle').rate_hz).toBeGreaterThan(20);
      expect(ch('throttle').rate_hz).toBeLessThan(26);
      expect(ch('speed').rate_hz).toBeGreaterThan(4);
      expect(ch('speed').rate_hz).toBeLessThan(5.2);
      expect(ch('acc_long').unit).toBe('m/s²');
      expect(s.laps).toEqual([2, 3]);
    });
  });
});
