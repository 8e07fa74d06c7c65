// Display formatting for the UI: every number leaves here with its unit.

/** Duration as mm:ss (minutes may exceed 59), e.g. 754.2 s → '12:34'. */
export function formatDurationMmSs(durationS: number): string {
  if (!Number.isFinite(durationS) || durationS < 0) return '—';
  const totalS = Math.round(durationS);
  const minutes = Math.floor(totalS / 60);
  const seconds = totalS % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** Bytes in MB (10^6), with one decimal below 100 MB. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb < 100 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** Bytes in the most readable unit: B, kB, MB, GB (powers of 1000). */
export function formatBytes(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return formatMegabytes(bytes);
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

export function formatRateMBs(bytesPerS: number): string {
  if (!Number.isFinite(bytesPerS) || bytesPerS <= 0) return '— MB/s';
  return `${(bytesPerS / 1e6).toFixed(1)} MB/s`;
}

export function formatPercent(fraction: number): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  return `${Math.floor(f * 100)} %`;
}

/** Sample rate in Hz: two significant digits below 1 Hz (lap counters), one decimal below 10 Hz, whole above. */
export function formatRateHz(rateHz: number): string {
  if (!Number.isFinite(rateHz) || rateHz <= 0) return '— Hz';
  if (rateHz < 0.95) return `${Number(rateHz.toPrecision(2))} Hz`;
  return rateHz < 10 ? `${rateHz.toFixed(1)} Hz` : `${Math.round(rateHz)} Hz`;
}

/** A count with its noun, singular or plural: 1 lap, 12 laps. */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? singular : plural}`;
}

/** Wall-clock date and time in the user's locale; '—' when the file had no date. */
export function formatLocalDateTime(epochMs: number | null, locale?: string): string {
  if (epochMs === null || !Number.isFinite(epochMs)) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(epochMs));
}

/** A unit for display: dimensionless channels (gear, lap) show '—'. */
export function formatUnit(unit: string): string {
  return unit === '' ? '—' : unit;
}
