// Unit conventions of the Toyota GR Cup logger (raw CSV names and the renamed parquet names), which
// its files never state. Shared by the CSV importers and the parquet importer.

/**
 * Source unit by lower-cased channel name. Checked against the real Barber files: accelerations are
 * in g (±1.5), speed in km/h (max ≈ 190), brake pressures in bar, aps in % (0–100), and
 * VBOX_Lat_Min / VBOX_Long_Minutes hold DEGREES (33.53, −86.62) despite their names.
 * The Indianapolis parquet's latitude/longitude are degrees divided by 60 (an upstream mistake):
 * that correction belongs to the parquet importer; the unit here is still degrees.
 */
const GR_CUP_UNITS: Record<string, string> = {
  accx_can: 'g', accy_can: 'g', acc_x: 'g', acc_y: 'g',
  speed: 'km/h',
  pbrake_f: 'bar', pbrake_r: 'bar', brake_front: 'bar', brake_rear: 'bar',
  aps: '%', throttle_pos: '%', ath: '%',
  steering_angle: 'deg', steering: 'deg',
  vbox_lat_min: 'deg', vbox_long_minutes: 'deg', latitude: 'deg', longitude: 'deg',
  laptrigger_lapdist_dls: 'm', lap_distance: 'm',
  nmot: 'rpm', rpm: 'rpm',
  gear: '',
};

/** Names only the GR Cup logger uses: their presence marks a file as GR Cup data. */
const GR_CUP_SIGNATURE = new Set(['accx_can', 'accy_can', 'pbrake_f', 'pbrake_r', 'aps', 'nmot', 'vbox_lat_min', 'vbox_long_minutes', 'laptrigger_lapdist_dls']);

/** The unit a GR Cup channel is logged in ('' when unknown or unit-less). */
export function grCupSourceUnit(telemetryName: string): string {
  return GR_CUP_UNITS[telemetryName.trim().toLowerCase()] ?? '';
}

/** True when a set of column/channel names is recognisably the GR Cup logger's. */
export function looksLikeGrCup(names: readonly string[]): boolean {
  let hits = 0;
  for (const n of names) if (GR_CUP_SIGNATURE.has(n.trim().toLowerCase())) hits++;
  return hits >= 2;
}

/** GR Cup venues, matched as words in an event name or a file name. */
const VENUES: [RegExp, string][] = [
  [/barber/, 'Barber Motorsports Park'],
  [/indianapolis|(^|[^a-z])(indy|ims)([^a-z]|$)/, 'Indianapolis Motor Speedway'],
  [/(^|[^a-z])cota([^a-z]|$)|circuit[ _-]?of[ _-]?the[ _-]?americas/, 'Circuit of the Americas'],
  [/road[ _-]?america/, 'Road America'],
  [/sebring/, 'Sebring International Raceway'],
  [/sonoma/, 'Sonoma Raceway'],
  [/(^|[^a-z])vir([^a-z]|$)|virginia[ _-]?international/, 'Virginia International Raceway'],
];

/** The GR Cup track named in any of the texts (event first, then file name), or ''. */
export function grCupTrackFrom(...texts: string[]): string {
  for (const t of texts) {
    const lower = t.toLowerCase();
    for (const [re, name] of VENUES) if (re.test(lower)) return name;
  }
  return '';
}
