import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from './sort-rows.ts';

describe('table sorting', () => {
  const rows = [
    { name: 'T3', v: 2 },
    { name: 'T1', v: NaN },
    { name: 'T2', v: -1 },
    { name: 'T4', v: 2 },
  ];
  it('sorts numbers both ways with missing values last and stable ties', () => {
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.name)).toEqual(['T2', 'T3', 'T4', 'T1']);
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.name)).toEqual(['T3', 'T4', 'T2', 'T1']);
  });
  it('sorts strings', () => {
    expect(sortRows(rows, (r) => r.name, 'desc').map((r) => r.name)).toEqual(['T4', 'T3', 'T2', 'T1']);
  });
  it('flips the direction on a second click of the same column', () => {
    const a = nextSort(null, 'speed');
    expect(a).toEqual({ key: 'speed', direction: 'asc' });
    expect(nextSort(a, 'speed').direction).toBe('desc');
    expect(nextSort(nextSort(a, 'speed'), 'time')).toEqual({ key: 'time', direction: 'asc' });
  });
});
