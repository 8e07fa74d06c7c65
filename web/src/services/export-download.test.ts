import { describe, expect, it } from 'vitest';
import { exportFileName } from './export-download.ts';

const meta = { sourceFile: 'etm-demo-session.csv', vehicleNumber: '11', vehicleId: 'DEMO-CAR-01', sessionName: 'Practice 1' };

describe('export file names', () => {
  it('joins source file, car and session with safe characters', () => {
    expect(exportFileName({ meta: meta as never }, 'csv')).toBe('etm-demo-session-11-practice-1.csv');
    expect(exportFileName({ meta: { ...meta, vehicleNumber: '' } as never }, 'parquet')).toBe('etm-demo-session-demo-car-01-practice-1.parquet');
  });
  it('never yields an empty name', () => {
    expect(exportFileName({ meta: { sourceFile: '***', vehicleNumber: '', vehicleId: '', sessionName: '' } as never }, 'csv')).toBe('session.csv');
  });
});
