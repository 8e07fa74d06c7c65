// The CLI's JSON and text shapes for a stored session (the `etm import` / `etm sessions` contract).

import type { SessionSummary } from '../workers/model/session.ts';

export interface SessionJson {
  id: string;
  vehicle: string;
  vehicle_number: string;
  driver: string;
  event: string;
  session: string;
  track: string;
  start_time: string | null;
  source_file: string;
  format: string;
  samples: number;
  duration_s: number;
  channels: { name: string; source_name: string; unit: string; rate_hz: number; samples: number }[];
  laps: number[];
}

export function sessionJson(s: SessionSummary): SessionJson {
  return {
    id: s.id,
    vehicle: s.meta.vehicleId,
    vehicle_number: s.meta.vehicleNumber,
    driver: s.meta.driver,
    event: s.meta.event,
    session: s.meta.sessionName,
    track: s.meta.track,
    start_time: s.meta.startTimeMs === null ? null : new Date(s.meta.startTimeMs).toISOString(),
    source_file: s.meta.sourceFile,
    format: s.meta.sourceFormat,
    samples: s.samples,
    duration_s: round(s.durationS, 3),
    channels: s.channels.map((c) => ({ name: c.name, source_name: c.sourceName, unit: c.unit, rate_hz: round(c.rateHz, 2), samples: c.samples })),
    laps: s.laps,
  };
}

export function sessionText(s: SessionSummary): string {
  const j = sessionJson(s);
  const who = [j.driver, j.vehicle && `car ${j.vehicle}${j.vehicle_number ? ` #${j.vehicle_number}` : ''}`, j.track].filter(Boolean).join(', ');
  const lines = [
    `${j.id}  ${who || '(no metadata)'}  ${j.start_time ?? 'no date'}`,
    `  ${j.samples} samples, ${formatDuration(j.duration_s)}, ${j.channels.length} channels, laps ${lapRange(j.laps)}, from ${j.source_file} (${j.format})`,
  ];
  for (const c of j.channels) lines.push(`    ${c.name.padEnd(22)} ${(c.unit || '-').padEnd(6)} ${c.rate_hz.toFixed(2).padStart(8)} Hz ${String(c.samples).padStart(9)} samples`);
  return lines.join('\n');
}

function lapRange(laps: number[]): string {
  if (laps.length === 0) return 'none';
  return laps.length === 1 ? `${laps[0]}` : `${laps[0]}–${laps[laps.length - 1]} (${laps.length})`;
}

function formatDuration(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(1).padStart(4, '0')} min:s`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
