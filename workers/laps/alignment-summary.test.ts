import { describe, expect, it } from 'vitest';
import { describeAlignment, type AlignmentSummary } from './alignment-summary.ts';

describe('alignment summary', () => {
  it('says what measured the lap distance, in the logger’s own channel names', () => {
    const s: AlignmentSummary = {
      source: 'gps+speed',
      fixesUsed: 33419,
      fixesRejected: 1127,
      residualRmsM: 2.384,
      deadReckoning: { kind: 'speed', channel: 'speed' },
      lineCurvature: { kind: 'lateral-acceleration', channel: 'acc_y / speed' },
      lapTriggerPasses: null,
    };
    expect(describeAlignment(s)).toBe(
      'GPS (33,419 fixes, 1,127 off the line; residual 2.38 m RMS); carried between fixes by the vehicle speed (speed); line through the corners from the lateral acceleration over the speed (acc_y / speed)',
    );
    expect(describeAlignment({ ...s, deadReckoning: { kind: 'lap-distance odometer', channel: 'Laptrigger_lapdist_dls' }, lineCurvature: null, lapTriggerPasses: 12 })).toBe(
      'GPS (33,419 fixes, 1,127 off the line; residual 2.38 m RMS); carried between fixes by the lap-distance odometer (Laptrigger_lapdist_dls); line through the corners from GPS alone; anchored at 12 lap-trigger passes',
    );
    expect(describeAlignment({ ...s, source: 'gps', residualRmsM: 0, deadReckoning: null, lineCurvature: null })).toBe('GPS alone (33,419 fixes, 1,127 off the line); line through the corners from GPS alone');
  });
});
