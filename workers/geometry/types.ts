// Shared types of the track-geometry domain: what the readers produce (TrackSource), the reference line
// on its 1 m grid, corners, sectors, the 1 m raster, user edits, and the TrackModel that gathers them.

/** Points of a track outline or centre line, either on the WGS84 ellipsoid or already in local metres. */
export type TrackPoints =
  | { frame: 'wgs84'; latDeg: Float64Array; lonDeg: Float64Array }
  | { frame: 'local'; xM: Float64Array; yM: Float64Array };

/** A single point in the same frame as the TrackPoints it goes with. */
export type TrackPoint = { frame: 'wgs84'; latDeg: number; lonDeg: number } | { frame: 'local'; xM: number; yM: number };

export type TrackSourceFormat = 'geojson' | 'kml' | 'gpx' | 'shapefile' | 'csv' | 'zaggyai' | 'gps-laps' | 'synthetic';

/** What a track file reader (or the GPS-lap fusion) hands to buildTrackModel. One value per point; NaN = unknown. */
export interface TrackSource {
  name: string;
  sourceFormat: TrackSourceFormat;
  /** File the outline came from (name only), '' when built in memory. */
  sourceFile: string;
  points: TrackPoints;
  /** Height above the ellipsoid or above mean sea level as the source gives it, metres; NaN where missing. */
  elevationM?: Float64Array;
  /** Distance from the line to the left / right track edge (in the direction of travel), metres. */
  widthLeftM?: Float64Array;
  widthRightM?: Float64Array;
  /** Start/finish point given by the source; otherwise the first point is the start/finish line. */
  startFinish?: TrackPoint;
  /** What the reader left out or guessed, for the user to see. */
  warnings?: string[];
}

/** Origin of the local east/north frame (WGS84 tangent plane). */
export interface LocalFrameOrigin {
  originLatDeg: number;
  originLonDeg: number;
}

/**
 * The reference line resampled every 1 m of arc length. Index i sits at distanceM[i] = i metres from the
 * start/finish line; the last step (from the last index back to 0) is lengthM - (n - 1) metres long.
 */
export interface TrackGrid {
  lengthM: number;
  stepM: number;
  distanceM: Float64Array;
  /** East / north metres in the model's local frame. */
  xM: Float64Array;
  yM: Float64Array;
  /** Direction of travel, radians counter-clockwise from east, in (-π, π]. */
  headingRad: Float64Array;
  /** Signed curvature, 1/m; positive turns left. */
  curvaturePerM: Float64Array;
  widthLeftM: Float64Array | null;
  widthRightM: Float64Array | null;
  elevationM: Float64Array | null;
}

export type CornerDirection = 'left' | 'right';
/** By minimum radius: hairpin < 25 m ≤ slow < 60 m ≤ medium < 120 m ≤ fast < 250 m ≤ kink. */
export type CornerClass = 'hairpin' | 'slow' | 'medium' | 'fast' | 'kink';

export interface Corner {
  /** 1-based, in order of the apex distance from the start/finish line. */
  number: number;
  name: string;
  /** Distances along the grid, metres in [0, lengthM). entryM > exitM when the corner spans the line. */
  entryM: number;
  apexM: number;
  exitM: number;
  direction: CornerDirection;
  minRadiusM: number;
  turningAngleDeg: number;
  cornerClass: CornerClass;
  /** Index into TrackModel.chicanes when the corner is part of a left-right (or right-left) pair, else null. */
  chicane: number | null;
}

export interface CornerDetectionOptions {
  /** A corner starts where |κ| (smoothed) rises above this, 1/m (default 1/400). */
  enterCurvaturePerM: number;
  /** …and ends where it falls below this, 1/m (default 1/800). */
  exitCurvaturePerM: number;
  /** Moving-average window applied to κ before the hysteresis, metres (default 10). */
  smoothingWindowM: number;
  /** Same-direction corners closer than this are one corner, metres (default 20). */
  mergeGapM: number;
  /** Corners turning less than this in total are dropped, degrees (default 12). */
  minTurningAngleDeg: number;
  /** Opposite-direction pairs with at most this gap form a chicane, metres (default 30). */
  chicaneMaxGapM: number;
  /** The minimum radius is 1/κ where |κ| is held over at least this much of the corner, metres (default 8). */
  radiusSustainM: number;
}

export interface Chicane {
  /** Corner numbers, in driving order. */
  cornerNumbers: [number, number];
  name: string;
}

export interface Sector {
  name: string;
  startM: number;
  /** endM < startM when the sector spans the start/finish line; the last sector ends at lengthM. */
  endM: number;
}

/**
 * 1 m × 1 m cells around the circuit; cellIndex[row * cols + col] is the nearest grid index for cells within
 * the track width (±defaultHalfWidthM where no width is known), else -1. Cell (col, row) covers
 * x ∈ [originXM + col, originXM + col + 1), y ∈ [originYM + row, originYM + row + 1).
 */
export interface TrackRaster {
  originXM: number;
  originYM: number;
  cellSizeM: number;
  cols: number;
  rows: number;
  cellIndex: Int32Array;
}

/** How the reference line was smoothed (kept so a user can see and override it). */
export interface SmoothingReport {
  /** Estimated noise of the input points across the line, metres. */
  noiseM: number;
  /** Smoothing length ℓ (cut-off wavelength 2πℓ), metres; λ = ℓ⁴ / mean point spacing. */
  smoothingLengthM: number;
  /** RMS distance between the input points and the smoothed line, metres. */
  residualRmsM: number;
  /** Length of the input polyline (closed), metres. */
  inputPolylineLengthM: number;
  inputPoints: number;
}

/** User changes stored with a track and re-applied by applyTrackEdits (a pure function). */
export interface TrackEdits {
  /** New names by corner number. */
  cornerNames?: Record<number, string>;
  /** Moved corner boundaries by corner number (metres along the grid). */
  cornerBounds?: Record<number, { entryM?: number; apexM?: number; exitM?: number }>;
  /** Corner numbers to remove (e.g. a kink the user does not count). */
  removeCorners?: number[];
  /** Sector start distances (metres), the first is usually 0; replaces the sectors. */
  sectorStartsM?: number[];
  /** New names by sector index (0-based). */
  sectorNames?: Record<number, string>;
}

export interface TrackModel {
  name: string;
  sourceFormat: TrackSourceFormat;
  sourceFile: string;
  /** Null when the source was already in local metres. */
  frame: LocalFrameOrigin | null;
  grid: TrackGrid;
  corners: Corner[];
  chicanes: Chicane[];
  sectors: Sector[];
  raster: TrackRaster;
  smoothing: SmoothingReport;
  /** Edits applied on top of the detected corners/sectors (empty object when none). */
  edits: TrackEdits;
  /** Options the corners were detected with (edits re-measure moved corners with the same smoothing). */
  cornerOptions: CornerDetectionOptions;
  /** Corners, chicanes and sectors as detected, before edits: applyTrackEdits always starts from these. */
  detected: { corners: Corner[]; chicanes: Chicane[]; sectors: Sector[] };
}
