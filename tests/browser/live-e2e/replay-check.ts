// What an `etm replay` run must have left in the telemetry store: the same replay planned again from the
// same DuckDB sessions (edge-server/live/replay/replay-plan.ts, the code the CLI publishes from), anchored
// at the replay's start time — the earliest car's first stored frame, which the plan puts exactly at it —
// and summed per car with the store's frame checksum. A lost, altered or extra frame changes a count or a
// checksum; a lost first frame moves the anchor and changes them all.

import { openStore } from '../../../cli/open-store.ts';
import { planReplay, type ReplayInput } from '../../../edge-server/live/replay/replay-plan.ts';
import { FrameChecksum } from '../../../edge-server/storage/frame-checksum.ts';

export interface CarSummary {
  count: number;
  checksum: string;
}

export interface StoredCar {
  carId: string;
  count: number;
  checksum: string;
  firstTsMs: number | null;
}

export async function loadReplayInputs(dbPath: string, ids: string[]): Promise<ReplayInput[]> {
  const store = await openStore(dbPath);
  try {
    const inputs: ReplayInput[] = [];
    for (const id of ids) inputs.push({ id, session: await store.load(id) });
    return inputs;
  } finally {
    await store.driver.close();
  }
}

/** Per car: the count and checksum of the frames a replay starting at startTsMs publishes. */
export function expectedStore(inputs: ReplayInput[], sessionId: string, startTsMs: number, durationS?: number): Map<string, CarSummary> {
  const plan = planReplay(inputs, { startTsMs, sessionId, durationS });
  const sums = new Map<string, FrameChecksum>();
  for (const f of plan.frames()) {
    let c = sums.get(f.carId);
    if (!c) sums.set(f.carId, (c = new FrameChecksum()));
    c.add({ sessionId, carId: f.carId, tsMs: f.tsMs, values: f.values });
  }
  return new Map([...sums].map(([car, c]) => [car, { count: c.count, checksum: c.value() }]));
}

/** The replay's start: the earliest first frame stored (ms, whole: the CLI starts at Date.now() + 500). */
export function replayStart(stored: StoredCar[]): number {
  const firsts = stored.map((s) => s.firstTsMs).filter((t): t is number => t !== null);
  if (firsts.length === 0) throw new Error('nothing stored');
  return Math.min(...firsts);
}
