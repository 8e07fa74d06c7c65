import { describe, expect, it } from 'vitest';
import { FrameChecksum, frameChecksum } from './frame-checksum.ts';
import type { TelemetryFrame } from './telemetry-store.ts';

const f = (tsMs: number, values: Record<string, number>, carId = 'c'): TelemetryFrame => ({ sessionId: 's', carId, tsMs, values });

describe('frame checksum', () => {
  const frames = [f(1, { speed: 1, rpm: 2 }), f(2, { speed: 3 }), f(3, {}, 'd')];

  it('ignores frame and key order but not content', () => {
    const sum = frameChecksum(frames);
    expect(sum).toMatch(/^[0-9a-f]{16}$/);
    expect(frameChecksum([...frames].reverse())).toBe(sum);
    expect(frameChecksum([f(1, { rpm: 2, speed: 1 }), frames[1], frames[2]])).toBe(sum);
    expect(frameChecksum([f(1, { speed: 1, rpm: 2.0000000001 }), frames[1], frames[2]])).not.toBe(sum);
    expect(frameChecksum([...frames, frames[0]])).not.toBe(sum); // a duplicate counts
    expect(frameChecksum(frames.slice(1))).not.toBe(sum);
    expect(frameChecksum([f(1.0004, { speed: 1, rpm: 2 }), frames[1], frames[2]])).toBe(sum); // same microsecond key
    expect(frameChecksum([f(1.001, { speed: 1, rpm: 2 }), frames[1], frames[2]])).not.toBe(sum);
    expect(frameChecksum([f(1, { speed: 1, rpm: 2 }, 'x'), frames[1], frames[2]])).not.toBe(sum);
  });

  it('treats every NaN alike, and -0 apart from 0', () => {
    const nan2 = new Float64Array(new BigUint64Array([0x7ff8000000000001n]).buffer)[0];
    expect(frameChecksum([f(1, { v: NaN })])).toBe(frameChecksum([f(1, { v: nan2 })]));
    expect(frameChecksum([f(1, { v: -0 })])).not.toBe(frameChecksum([f(1, { v: 0 })]));
  });

  it('accumulates incrementally to the same value', () => {
    const acc = new FrameChecksum();
    for (const x of frames) acc.add(x);
    expect([acc.value(), acc.count]).toEqual([frameChecksum(frames), 3]);
    expect(new FrameChecksum().value()).toBe('0000000000000000');
  });
});
