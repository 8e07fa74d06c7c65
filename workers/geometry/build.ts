// Builds a TrackModel from a TrackSource: local frame, reference line on the 1 m grid, corners, sectors,
// raster, then the user's edits. Pure computation over typed arrays (runs in a worker).

import { IngestError } from '../ingest/errors.ts';
import { DEFAULT_CORNER_OPTIONS, detectCorners } from './corners.ts';
import { applyTrackEdits } from './edits.ts';
import { createLocalFrame, frameAroundPoints, geodeticToLocal, projectToLocal, type LocalFrame } from './projection.ts';
import { buildTrackIndex, projectOnTrack } from './projector.ts';
import { DEFAULT_HALF_WIDTH_M, rasterizeTrack } from './raster.ts';
import { buildReferenceLine, MIN_TRACK_POINTS, type ReferenceLineOptions } from './reference-line.ts';
import { buildSectors } from './sectors.ts';
import type {
  CornerDetectionOptions,
  LocalFrameOrigin,
  TrackEdits,
  TrackModel,
  TrackPoint,
  TrackSource,
} from './types.ts';

export interface BuildTrackOptions {
  reference?: ReferenceLineOptions;
  corners?: Partial<CornerDetectionOptions>;
  /** Sector start distances, metres along the line (takes precedence over timingLines). */
  sectorStartsM?: number[];
  /** Timing-line positions (in the source's frame); each is projected onto the line as a sector start. */
  timingLines?: TrackPoint[];
  /** Start/finish point, overriding the source's. */
  startFinish?: TrackPoint;
  /** Drive the outline the other way round (widths swap sides). */
  reverse?: boolean;
  /** Half width used for the raster where the source has no widths, metres (default 8). */
  defaultHalfWidthM?: number;
  edits?: TrackEdits;
  /** Origin of the local frame for geographic sources (default: centre of the points' bounding box). */
  frameOrigin?: LocalFrameOrigin;
}

export function buildTrackModel(source: TrackSource, options: BuildTrackOptions = {}): TrackModel {
  const file = source.sourceFile || source.name;
  const pts = source.points;
  let frame: LocalFrame | null = null;
  let xM: Float64Array;
  let yM: Float64Array;
  if (pts.frame === 'wgs84') {
    if (pts.latDeg.length === 0) throw new IngestError('no-data', 'the track has no points', { file });
    frame = options.frameOrigin
      ? createLocalFrame(options.frameOrigin.originLatDeg, options.frameOrigin.originLonDeg)
      : frameAroundPoints(pts.latDeg, pts.lonDeg);
    ({ xM, yM } = projectToLocal(frame, pts.latDeg, pts.lonDeg));
  } else {
    xM = pts.xM;
    yM = pts.yM;
  }
  const toLocal = (p: TrackPoint): { xM: number; yM: number } => {
    if (p.frame === 'local') return { xM: p.xM, yM: p.yM };
    if (!frame) throw new IngestError('unsupported', 'a latitude/longitude point was given for a track in local metres', { file });
    return geodeticToLocal(frame, p.latDeg, p.lonDeg);
  };
  let widthLeftM = source.widthLeftM;
  let widthRightM = source.widthRightM;
  let elevationM = source.elevationM;
  if (options.reverse) {
    const rev = (a: Float64Array | undefined): Float64Array | undefined => (a ? Float64Array.from(a).reverse() : undefined);
    xM = rev(xM)!;
    yM = rev(yM)!;
    elevationM = rev(elevationM);
    [widthLeftM, widthRightM] = [rev(widthRightM), rev(widthLeftM)];
  }
  const sf = options.startFinish ?? source.startFinish;
  let line;
  try {
    line = buildReferenceLine(
      { xM, yM, widthLeftM, widthRightM, elevationM, startFinish: sf ? toLocal(sf) : undefined },
      options.reference,
    );
  } catch (e) {
    if (e instanceof RangeError) {
      throw new IngestError('no-data', `${e.message} (a track needs ${MIN_TRACK_POINTS}+ distinct points)`, { file });
    }
    throw e;
  }
  const grid = line.grid;
  const cornerOptions = { ...DEFAULT_CORNER_OPTIONS, ...options.corners };
  const { corners, chicanes } = detectCorners(grid, cornerOptions);
  let sectorStarts = options.sectorStartsM;
  if (!sectorStarts && options.timingLines?.length) {
    const index = buildTrackIndex(grid);
    sectorStarts = [0, ...options.timingLines.map((p) => {
      const q = toLocal(p);
      return projectOnTrack(index, q.xM, q.yM).distanceM;
    })];
  }
  const sectors = buildSectors(grid.lengthM, sectorStarts);
  const model: TrackModel = {
    name: source.name,
    sourceFormat: source.sourceFormat,
    sourceFile: source.sourceFile,
    frame: frame ? { originLatDeg: frame.originLatDeg, originLonDeg: frame.originLonDeg } : null,
    grid,
    corners,
    chicanes,
    sectors,
    raster: rasterizeTrack(grid, options.defaultHalfWidthM ?? DEFAULT_HALF_WIDTH_M),
    smoothing: line.smoothing,
    edits: {},
    cornerOptions,
    detected: { corners, chicanes, sectors },
  };
  return options.edits ? applyTrackEdits(model, options.edits) : model;
}

/** The model's local frame (null for tracks given in local metres). */
export function modelFrame(model: TrackModel): LocalFrame | null {
  return model.frame ? createLocalFrame(model.frame.originLatDeg, model.frame.originLonDeg) : null;
}
