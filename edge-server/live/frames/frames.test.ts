import { describe, expect, it } from 'vitest';
import { BINARY_CHANNEL_IDS, binaryChannelId } from './channel-ids.ts';
import { decodeBinaryFrame, encodeBinaryFrame, FLAG_FLOAT64, isBinaryFrame } from './binary-frame.ts';
import { decodePayload } from './decode-payload.ts';
import { FrameError } from './live-frame.ts';
import { normalizeJsonFrame } from './normalize-frame.ts';

const TS = Date.UTC(2026, 5, 14, 13, 0, 0) + 0.25;
const json = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));

describe('binary frame', () => {
  it('round-trips a frame with float32 values and a session id', () => {
    const bytes = encodeBinaryFrame({ carId: 'car-7', tsMs: TS, sessionId: 'fp1', values: { speed: 42.5, rpm: 6123, gear: 4, lap: 3 } });
    expect(isBinaryFrame(bytes)).toBe(true);
    expect(bytes.length).toBe(4 + 3 + 5 + 8 + 1 + 3 + 2 + 4 * 6);
    const { frame, unknownIds } = decodeBinaryFrame(bytes);
    expect(unknownIds).toEqual([]);
    expect(frame).toEqual({ carId: 'car-7', tsMs: TS, sessionId: 'fp1', values: { speed: 42.5, rpm: 6123, gear: 4, lap: 3 } });
  });

  it('uses float64 for positions, keeping GPS to the micro-degree', () => {
    const bytes = encodeBinaryFrame({ carId: '12', tsMs: TS, values: { lat: 45.1234567891, lon: -122.9876543219, speed: 10.1 } });
    expect(bytes[5] & FLAG_FLOAT64).toBe(FLAG_FLOAT64);
    expect(decodeBinaryFrame(bytes).frame.values).toEqual({ lat: 45.1234567891, lon: -122.9876543219, speed: 10.1 });
    const f32 = decodeBinaryFrame(encodeBinaryFrame({ carId: '12', tsMs: TS, values: { speed: 10.1 } })).frame.values.speed;
    expect(f32).toBe(Math.fround(10.1));
  });

  it('refuses truncated frames, trailing bytes, unknown versions and channels outside the table', () => {
    const bytes = encodeBinaryFrame({ carId: '1', tsMs: TS, values: { speed: 1, rpm: 2 } });
    for (let cut = 4; cut < bytes.length; cut++) expect(() => decodeBinaryFrame(bytes.subarray(0, cut))).toThrow(FrameError);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => decodeBinaryFrame(longer)).toThrow(/trailing/);
    const v2 = bytes.slice();
    v2[4] = 2;
    expect(() => decodeBinaryFrame(v2)).toThrow(/version 2/);
    expect(() => encodeBinaryFrame({ carId: '1', tsMs: TS, values: { tyre_temp_fl: 80 } })).toThrow(/no binary id/);
  });

  it('skips channel ids from a newer table and says which', () => {
    const bytes = encodeBinaryFrame({ carId: '1', tsMs: TS, values: { speed: 1, rpm: 2 } });
    const view = new DataView(bytes.buffer);
    const idsAt = 7 + 1 + 8 + 2;
    view.setUint16(idsAt + 2, 999, true);
    const { frame, unknownIds } = decodeBinaryFrame(bytes);
    expect(frame.values).toEqual({ speed: 1 });
    expect(unknownIds).toEqual([999]);
  });

  it('keeps the channel table stable (ids are a wire contract)', () => {
    expect(BINARY_CHANNEL_IDS.length).toBe(22);
    expect([binaryChannelId('speed'), binaryChannelId('lat'), binaryChannelId('lap_distance'), binaryChannelId('lap')]).toEqual([1, 14, 19, 21]);
  });
});

describe('JSON frame normalisation', () => {
  it('maps aliases to canonical names and converts named units to SI', () => {
    const { frame, dropped } = normalizeJsonFrame({
      car: 7,
      ts: TS,
      session: 'race-1',
      lap: 4,
      values: { 'Speed': 180, nmot: 7000, accx_can: 0.5, 'Tyre Temp FL': 81.5, gear: 5 },
      units: { Speed: 'km/h', accx_can: 'g' },
    });
    expect(dropped).toEqual([]);
    expect(frame.carId).toBe('7');
    expect(frame.sessionId).toBe('race-1');
    expect(frame.values.speed).toBeCloseTo(50, 12);
    expect(frame.values.acc_long).toBeCloseTo(0.5 * 9.80665, 12);
    expect(frame.values).toMatchObject({ rpm: 7000, gear: 5, lap: 4, tyre_temp_fl: 81.5 });
  });

  it('drops channels it cannot convert or that are not numbers, and keeps the rest', () => {
    const { frame, dropped } = normalizeJsonFrame({ car: 'a', ts: TS, values: { speed: 10, vcar: 11, brake: 3, rpm: 'x', throttle: null }, units: { brake: 'furlongs' } });
    expect(frame.values).toEqual({ speed: 10 });
    expect(dropped).toHaveLength(3);
  });

  it('refuses frames without a valid car, timestamp or values', () => {
    expect(() => normalizeJsonFrame({ ts: TS, values: {} })).toThrow(/car id/);
    expect(() => normalizeJsonFrame({ car: 'a b', ts: TS, values: {} })).toThrow(/car id/);
    expect(() => normalizeJsonFrame({ car: 'a', ts: TS / 1000, values: {} })).toThrow(/epoch milliseconds/);
    expect(() => normalizeJsonFrame({ car: 'a', ts: TS })).toThrow(/values/);
    expect(normalizeJsonFrame({ ts: TS, values: {} }, 'from-topic').frame.carId).toBe('from-topic');
  });
});

describe('payload decoding', () => {
  it('accepts a JSON batch, keeping the good frames and reporting the bad', () => {
    const r = decodePayload(json([{ car: 'a', ts: TS, values: { speed: 1 } }, { car: 'a', ts: 'later', values: {} }, { car: 'b', ts: TS + 10, values: { rpm: 2 } }]));
    expect(r.frames.map((f) => f.carId)).toEqual(['a', 'b']);
    expect(r.errors).toHaveLength(1);
  });

  it('tells binary from JSON and reports garbage', () => {
    const bin = decodePayload(encodeBinaryFrame({ carId: 'x', tsMs: TS, values: { speed: 3 } }));
    expect(bin.frames[0]).toEqual({ carId: 'x', tsMs: TS, values: { speed: 3 } });
    const bad = decodePayload(new Uint8Array([1, 2, 3]));
    expect(bad.frames).toEqual([]);
    expect(bad.errors[0].code).toBe('bad-payload');
  });
});
