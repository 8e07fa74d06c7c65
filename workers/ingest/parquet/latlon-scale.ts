// Repairs GPS positions that arrive divided by 60 (a known upstream mistake in a GR Cup Parquet
// export). The rule is generic and content-based; see `fixLatLonDividedBy60`.

import type { Session } from '../../model/session.ts';

/** Largest |lat| and |lon|, ignoring exact zeros (no-fix samples); null when either has no fix. */
function maxAbsNonZero(values: Float64Array): number | null {
  let max = 0;
  let any = false;
  for (const v of values) {
    if (v === 0) continue;
    any = true;
    const a = Math.abs(v);
    if (a > max) max = a;
  }
  return any ? max : null;
}

/**
 * When every non-zero latitude is within ±1.5° and every non-zero longitude within ±3.0°, the
 * track would lie in open sea in the Gulf of Guinea, where no circuit exists; and ×60 lands
 * inside the valid ranges (|lat| ≤ 90, |lon| ≤ 180). Such a pair is read as degrees divided by 60:
 * both channels are multiplied by 60 and a warning is added. Returns true when it corrected.
 */
export function fixLatLonDividedBy60(session: Session): boolean {
  const lat = session.channels.find((c) => c.name === 'lat' && c.unit === 'deg');
  const lon = session.channels.find((c) => c.name === 'lon' && c.unit === 'deg');
  if (!lat || !lon) return false;
  const maxLat = maxAbsNonZero(lat.values);
  const maxLon = maxAbsNonZero(lon.values);
  if (maxLat === null || maxLon === null) return false;
  if (!(maxLat < 1.5 && maxLon < 3.0 && maxLat * 60 <= 90 && maxLon * 60 <= 180)) return false;
  for (const c of [lat, lon]) for (let i = 0; i < c.values.length; i++) c.values[i] *= 60;
  (session.warnings ??= []).push(
    `latitude/longitude looked divided by 60 (|lat| ≤ ${maxLat.toFixed(3)}°, |lon| ≤ ${maxLon.toFixed(3)}°, open sea off West Africa); multiplied by 60`,
  );
  return true;
}
