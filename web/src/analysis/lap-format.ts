// Number formatting of the analysis view: lap times as m:ss.sss, seconds, deltas with their sign, and
// plain values with a fixed number of decimals ('—' for a missing value). Units are added by the caller.

/** A lap time as m:ss.sss (e.g. 106.66 s → '1:46.660'); '—' when unknown. */
export function formatLapTime(timeS: number): string {
  if (!Number.isFinite(timeS) || timeS < 0) return '—';
  const ms = Math.round(timeS * 1000);
  const minutes = Math.floor(ms / 60_000);
  const rest = (ms - minutes * 60_000) / 1000;
  return `${minutes}:${rest.toFixed(3).padStart(6, '0')}`;
}

/** A value with `digits` decimals; '—' when not finite. */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '—';
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** A signed difference (+0.123 / −0.045); '—' when not finite. */
export function formatSigned(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '—';
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `±${text}`;
  return value > 0 ? `+${text}` : `−${text}`;
}

/** Whole metres along the lap. */
export function formatMetres(valueM: number): string {
  return Number.isFinite(valueM) ? String(Math.round(valueM)) : '—';
}
