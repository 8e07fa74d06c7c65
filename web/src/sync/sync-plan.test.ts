import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../workers/model/session.ts';
import { changesToPull, loadMemory, pushMeta, sessionsToPush, type SyncMemory } from './sync-plan.ts';

function s(id: string, contentHash: string): SessionSummary {
  return {
    id,
    contentHash,
    meta: { event: 'E', sessionName: 'P1', track: 'T', vehicleId: 'V', vehicleNumber: '7', driver: 'D', startTimeMs: 1, sourceFile: 'a.csv', sourceFormat: 'csv' },
    durationS: 10,
    samples: 100,
    laps: [],
    channels: [],
    importedAtMs: 5,
  };
}

describe('sync plan', () => {
  const memory: SyncMemory = { pushed: { s_a: 'h-export-a' }, pulled: ['h-remote-x'], cursor: 'c', lastSyncMs: 1 };
  const local = [s('s_a', 'orig-a'), s('s_b', 'orig-b'), s('s_pulled', 'h-remote-x')];

  it('pushes what was neither pushed nor pulled', () => {
    expect(sessionsToPush(local, memory).map((x) => x.id)).toEqual(['s_b']);
  });

  it('pulls live changes the tablet does not hold and did not make, once each', () => {
    const changes = [
      { id: 'h-export-a', fileName: 'a.parquet', deleted: false },
      { id: 'h-remote-x', fileName: 'x.parquet', deleted: false },
      { id: 'h-remote-y', fileName: 'y.parquet', deleted: false },
      { id: 'h-remote-y', fileName: 'y.parquet', deleted: false },
      { id: 'h-remote-z', fileName: 'z.parquet', deleted: true },
    ];
    expect(changesToPull(changes, local, memory).map((c) => c.id)).toEqual(['h-remote-y']);
  });

  it('describes a pushed session and survives a damaged memory', () => {
    expect(pushMeta(local[1])).toMatchObject({ localSessionId: 's_b', originalContentHash: 'orig-b', vehicleNumber: '7', format: 'engitorquemap-wide-parquet' });
    expect(loadMemory({ getItem: () => '{not json' }, 'k')).toEqual({ pushed: {}, pulled: [], cursor: null, lastSyncMs: null });
  });
});
