// etm energy, in-process: a demo session imported into a temporary store gives per-lap and per-corner
// energies as JSON (the balance closes), the per-metre CSV with units, and clear errors for bad input.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../workers/demo/generate.ts';
import { longCsvChunks } from '../../workers/demo/write-long-csv.ts';
import { runEtm } from '../test-support.ts';

const etm = runEtm;

describe('etm energy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'etm-energy-'));
  const db = join(dir, 'store.duckdb');
  let id = '';

  beforeAll(async () => {
    const csv = join(dir, 'demo.csv');
    writeFileSync(csv, [...longCsvChunks(generateDemo({ seed: 7, drivers: 1, laps: 2 }).sessions)].join(''));
    const r = await etm('import', csv, '--db', db, '--json');
    expect(r.code).toBe(0);
    id = JSON.parse(r.stdout).imports[0].sessions[0].id;
  });

  it('prints lap and corner energies as JSON and writes the per-metre CSV', async () => {
    const grid = join(dir, 'grid.csv');
    const r = await etm('energy', id, '--db', db, '--json', '--grid', grid);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.preset).toBe('demo');
    expect(j.backend.backend).toBe('cpu');
    expect(j.laps.map((l: { lap: number }) => l.lap)).toEqual([2, 3]);
    for (const l of j.laps) {
      expect(l.traction_j).toBeGreaterThan(5e6);
      expect(l.brake_front_j).toBeGreaterThan(l.brake_rear_j);
      expect(l.balance_closure).toBeLessThan(0.005);
      expect(l.peak_braking_w).toBeGreaterThan(l.peak_traction_w);
      expect(l.corners.length).toBeGreaterThan(5);
      const sum = l.corners.reduce((s: number, c: { traction_j: number }) => s + c.traction_j, 0);
      expect(sum / l.traction_j).toBeCloseTo(1, 9);
    }
    const lines = readFileSync(grid, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^lap,distance \[m\],time \[s\],speed \[m\/s\],kinetic energy \[J\],.*traction \[J\],brake front \[J\],brake rear \[J\]/);
    const bins = Math.ceil(j.laps[0].length_m);
    expect(lines.length).toBe(1 + 2 * bins);
    const cols = lines[0].split(',');
    const tractionCol = cols.indexOf('traction [J]');
    const lap2 = lines.slice(1, 1 + bins).map((l) => Number(l.split(',')[tractionCol]));
    expect(lap2.reduce((a, b) => a + b, 0) / j.laps[0].traction_j).toBeCloseTo(1, 6);
  });

  it('saves edited vehicle parameters with the session (etm vehicle), and energy then uses them', async () => {
    const shown = JSON.parse((await etm('vehicle', id, '--db', db, '--json')).stdout);
    expect(shown.source).toBe('demo');
    expect(shown.saved).toBe(false);
    const heavier = shown.vehicle.massKg + 100;
    const bad = await etm('vehicle', id, '--db', db, '--set', 'massKg=5', '--json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/massKg = 5 kg is outside/);
    const saved = JSON.parse((await etm('vehicle', id, '--db', db, '--set', `massKg=${heavier}`, '--json')).stdout);
    expect(saved).toMatchObject({ source: 'stored', saved: true });
    expect(saved.vehicle.massKg).toBe(heavier);
    const r = await etm('energy', id, '--db', db, '--json', '--lap', '2');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).preset).toBe('stored');
    const reset = JSON.parse((await etm('vehicle', id, '--db', db, '--preset', 'demo', '--json')).stdout);
    expect(reset.vehicle.massKg).toBe(shown.vehicle.massKg);
  });

  it('prints a text table for one lap, and rejects a missing lap or preset', async () => {
    const r = await etm('energy', id, '--db', db, '--lap', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/backend: cpu/);
    expect(r.stdout).toMatch(/^ {3}3 +\d+\.\d{3} +\d+/m);
    expect(r.stdout).toMatch(/lap 3 by corner/);
    const missing = await etm('energy', id, '--db', db, '--lap', '9');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/lap 9: no such lap/);
    const preset = await etm('energy', id, '--db', db, '--preset', 'f1');
    expect(preset.code).toBe(2);
    expect(preset.stderr).toMatch(/--preset must be one of demo, gr86-cup/);
    expect((await etm('energy', 's_00000000', '--db', db)).code).toBe(1);
  });
});
