// Track geometry: read track maps (or fuse GPS laps), build the reference line on a 1 m grid with corners,
// sectors and a 1 m raster, project positions onto it, and apply user edits.

export type {
  Chicane,
  Corner,
  CornerClass,
  CornerDetectionOptions,
  CornerDirection,
  LocalFrameOrigin,
  Sector,
  SmoothingReport,
  TrackEdits,
  TrackGrid,
  TrackModel,
  TrackPoint,
  TrackPoints,
  TrackRaster,
  TrackSource,
  TrackSourceFormat,
} from './types.ts';
export { buildTrackModel, modelFrame, type BuildTrackOptions } from './build.ts';
export { applyTrackEdits } from './edits.ts';
export { buildReferenceLine, type ReferenceLineInput, type ReferenceLineOptions } from './reference-line.ts';
export {
  classifyCorner,
  CHICANE_MAX_RADIUS_M,
  CORNER_CLASS_MAX_RADIUS_M,
  DEFAULT_CORNER_OPTIONS,
  detectCorners,
} from './corners.ts';
export { buildSectors } from './sectors.ts';
export { trackModelTransferables } from './transfer.ts';
export { DEFAULT_HALF_WIDTH_M, rasterizeTrack, rasterLookup } from './raster.ts';
export {
  buildTrackIndex,
  projectOnTrack,
  type ProjectableLine,
  type ProjectOptions,
  type TrackIndex,
  type TrackProjection,
} from './projector.ts';
export {
  createLocalFrame,
  frameAroundPoints,
  geodeticToLocal,
  localToGeodetic,
  projectToLocal,
  type LocalFrame,
} from './projection.ts';
export { readTrackFile, readTrackInput, MAX_TRACK_FILE_BYTES } from './io/read-track-file.ts';
export { readGeoJson } from './io/geojson.ts';
export { readKml } from './io/kml.ts';
export { readGpx } from './io/gpx.ts';
export { readShapefile, type ShapefileParts } from './io/shapefile.ts';
export { readCentrelineCsv } from './io/centreline-csv.ts';
export { readZaggyai } from './io/zaggyai.ts';
export { fuseGpsLaps, type GpsLap, type GpsLapFusionOptions, type GpsLapFusionReport } from './io/gps-laps.ts';
