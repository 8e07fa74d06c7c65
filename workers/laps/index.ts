// Laps, distance alignment and delta-time: lap splitting with flags, map-matching onto the reference line,
// laps on the 1 m grid, delta-time, reference laps, theoretical bests and corner metrics.

export type { CornerMetrics, CornerSegment, Crossing, DeltaTime, DistanceLap, LapFlag, LapRecord, TheoreticalBest, TimingSource } from './types.ts';
export { analyzeSession, lapOnGrid, type AnalyzeOptions, type SessionAnalysis } from './analyze.ts';
export { alignSession, alignFixes, deadReckoningSensors, gpsFixes, speedChannel, type AlignmentOptions, type DeadReckoningSensors, type TrackAlignment } from './map-match.ts';
export { distanceAtTime, lateralAtTime, timeAtDistance } from './alignment-lookup.ts';
export { createLineProjector, projectFrom, acquire, type Foot, type LineProjector } from './line-projector.ts';
export {
  beaconCrossings,
  counterCrossings,
  estimateTimingLineM,
  lineCrossings,
  refineCrossings,
  LAP_COUNTER_LOST,
} from './crossings.ts';
export { splitLaps, type LapSplit, type LapSplitOptions } from './lap-split.ts';
export { lapGridDistances, resampleLap, resampleLaps, type ResampleOptions } from './distance-grid.ts';
export { deltaAt, deltaTime, timeAtDistanceOnLap, valueAtDistance } from './delta.ts';
export { brakeEvent, cornerMetrics, cornerSegments, segmentTimeS, throttlePickup, type CornerMetricOptions } from './corner-metrics.ts';
export {
  fastestCleanLap,
  isClean,
  referenceLaps,
  theoreticalBestFromCorners,
  theoreticalBestFromSectors,
  type ReferenceLap,
  type SessionLaps,
} from './reference.ts';
export { loopCrossingsS, sessionPositions, trackFromSession, type SessionTrack } from './session-track.ts';
export {
  computeLapTimes,
  gpsLineCrossings,
  lapDistanceCrossings,
  lineCrossings as odometerOrGpsCrossings,
  startFinishFromLapDistance,
  type LapTime,
  type StartFinishLine,
} from './lap-timing.ts';
