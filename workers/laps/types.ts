// Shared types of the laps domain: lap records with their flags, crossings of the timing line, laps on
// the 1 m distance grid, delta-time, corner metrics and theoretical best laps.

/**
 * What makes a lap not a representative flying lap. 'partial': the recording starts or ends inside it
 * (no lap time); 'out-lap' / 'in-lap': it leaves / enters the pits (or the car was stopped just before /
 * after it); 'pit-stop': the car stood still during it; 'gps-lost': positions were missing over part of it
 * (bridged by speed integration); 'caution': slower than the caution threshold (default 107 % of the
 * median clean lap).
 */
export type LapFlag = 'partial' | 'out-lap' | 'in-lap' | 'pit-stop' | 'gps-lost' | 'caution';

/** Where a lap boundary came from: the logger's lap counter, its lap-distance beacon reset, or the GPS crossing the line. */
export type TimingSource = 'lap-counter' | 'beacon' | 'gps-line' | 'recording';

export interface Crossing {
  /** Session time of the crossing, s. */
  timeS: number;
  source: TimingSource;
  /** Where the source pins the crossing: it happened in (lowerS, upperS]. */
  lowerS: number;
  upperS: number;
}

export interface LapRecord {
  /** Lap number: the logger's lap counter during the lap when it has one, else counted from the first crossing. */
  lap: number;
  startTimeS: number;
  endTimeS: number;
  /** endTimeS − startTimeS for a complete lap; NaN for a partial one. */
  lapTimeS: number;
  complete: boolean;
  /** Sector times, s (NaN where a sector is not fully inside the recording or positions are unknown). */
  sectorsS: number[];
  flags: LapFlag[];
  startSource: TimingSource;
  endSource: TimingSource;
  /** Alignment distance of the lap's start on the reference line (a multiple of its length, NaN when not aligned). */
  baseDistanceM: number;
}

/** One lap on the 1 m grid of the reference line. */
export interface DistanceLap {
  lap: number;
  lengthM: number;
  /** Distances of the grid points: 0, 1, …, n − 1 and finally lengthM (n + 1 points). */
  distanceM: Float64Array;
  /** Time since the lap's start (its crossing of distance 0) at each grid point, s. */
  timeS: Float64Array;
  /** Session time of distance 0. */
  startTimeS: number;
  /** Signed offset from the reference line at each grid point, m (+ left); NaN where unknown. */
  lateralM: Float64Array;
  /** Every channel at each grid point (linear in distance, or previous value for discrete ones). */
  channels: Record<string, Float64Array>;
  units: Record<string, string>;
}

export interface DeltaTime {
  /** Grid distances, m (as in DistanceLap). */
  distanceM: Float64Array;
  /** Lap minus reference time at each distance, s (positive = the lap is behind). */
  deltaS: Float64Array;
  finalDeltaS: number;
}

export interface CornerMetrics {
  number: number;
  name: string;
  entryM: number;
  apexM: number;
  exitM: number;
  entrySpeedMs: number;
  minSpeedMs: number;
  minSpeedAtM: number;
  exitSpeedMs: number;
  /** Where the brake pressure first passes the threshold before the corner, interpolated (NaN when no braking). */
  brakePointM: number;
  peakBrakeBar: number;
  /** Where the pressure falls back below the threshold. */
  brakeReleaseM: number;
  /** Braking distance past the corner's entry (trail braking), m. */
  trailBrakeM: number;
  /** Where the throttle starts to rise after the brake release / minimum speed (NaN when not found). */
  throttlePickupM: number;
  /** Time from entry to exit, s. */
  timeInCornerS: number;
  /** Offset from the reference line at the apex, m (+ left). */
  apexOffsetM: number;
  /** Time lost (+) or gained (−) against the reference lap over this corner's segment, s (NaN without a reference). */
  deltaVsRefS: number;
}

/** A stretch of the lap for the best-corner composition: from the middle of the straight before a corner to the one after. */
export interface CornerSegment {
  corner: number;
  name: string;
  startM: number;
  endM: number;
}

export interface TheoreticalBest {
  timeS: number;
  parts: { name: string; timeS: number; lap: number }[];
}
