// Test files the browser acceptance test imports: a small wide CSV, a GR Cup-style long-format CSV
// large enough (~25 MB) for the progress bar to be seen, and a CSV broken at a known line.

import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';

export interface Fixture {
  path: string;
  name: string;
  bytes: number;
}

export const WIDE_CHANNELS = ['speed', 'rpm', 'throttle', 'gear', 'lap'] as const;

/** 2 minutes at 20 Hz of a car accelerating and braking, one row per sample. */
export async function writeWideCsv(dir: string): Promise<Fixture> {
  const name = 'wide-small.csv';
  const lines = ['time_s,speed_kmh,rpm,throttle,gear,lap'];
  for (let i = 0; i < 2400; i++) {
    const t = i / 20;
    const phase = (t % 20) / 20;
    const speedKmh = 80 + 100 * Math.sin(Math.PI * phase);
    lines.push([t.toFixed(2), speedKmh.toFixed(2), Math.round(3000 + speedKmh * 30), (phase < 0.5 ? 100 : 5).toFixed(1), 2 + Math.floor(phase * 4), 1 + Math.floor(t / 60)].join(','));
  }
  const text = `${lines.join('\n')}\n`;
  const path = join(dir, name);
  await writeFile(path, text);
  return { path, name, bytes: Buffer.byteLength(text) };
}

const LONG_HEADER = 'expire_at,lap,meta_event,meta_session,meta_source,meta_time,original_vehicle_id,outing,telemetry_name,telemetry_value,timestamp,vehicle_id,vehicle_number';
export const LONG_CHANNELS: Array<{ source: string; canonical: string }> = [
  { source: 'speed', canonical: 'speed' },
  { source: 'aps', canonical: 'throttle' },
  { source: 'pbrake_f', canonical: 'brake_front' },
  { source: 'accx_can', canonical: 'acc_long' },
  { source: 'accy_can', canonical: 'acc_lat' },
  { source: 'gear', canonical: 'gear' },
];
export const LONG_VEHICLE = 'GR86-099-77';

/** GR Cup raw long format (one reading per row) at ~20 Hz until the file reaches `targetBytes`. */
export async function writeLongCsv(dir: string, targetBytes: number, name = 'long-grcup.csv'): Promise<Fixture> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += s.length;
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`${LONG_HEADER}\n`);
  const t0Ms = Date.UTC(2025, 8, 6, 18, 0, 0);
  let batch = '';
  for (let i = 0; bytes + batch.length < targetBytes; i++) {
    const tMs = t0Ms + i * 50;
    const iso = new Date(tMs).toISOString();
    const lap = 1 + Math.floor(i / 2000);
    const phase = (i % 400) / 400;
    const values = [
      120 + 60 * Math.sin(2 * Math.PI * phase),
      phase < 0.6 ? 100 : 0,
      phase < 0.6 ? 0 : 35,
      0.3 * Math.cos(2 * Math.PI * phase),
      0.9 * Math.sin(4 * Math.PI * phase),
      3 + Math.floor(phase * 3),
    ];
    for (let c = 0; c < LONG_CHANNELS.length; c++) {
      batch += `,${lap},I_R99_2025-09-07,R1,kafka:gr-raw,${iso},${LONG_VEHICLE},0,${LONG_CHANNELS[c].source},${+values[c].toFixed(3)},${iso},${LONG_VEHICLE},77\n`;
    }
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  if (batch) await write(batch);
  out.end();
  await once(out, 'finish');
  return { path, name, bytes };
}

/** A wide CSV whose 6th line (5th data row) has text where a number belongs. */
export const BAD_LINE = 6;
export async function writeBadCsv(dir: string): Promise<Fixture> {
  const name = 'broken-logger.csv';
  const lines = ['time_s,speed_kmh,rpm'];
  for (let i = 0; i < 20; i++) lines.push(`${(i / 10).toFixed(1)},${100 + i},${4000 + i}`);
  lines[BAD_LINE - 1] = '0.4,fast,4004';
  const text = `${lines.join('\n')}\n`;
  const path = join(dir, name);
  await writeFile(path, text);
  return { path, name, bytes: text.length };
}
