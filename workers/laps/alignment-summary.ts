// How a session's lap distance was measured, for the engineer to judge it by: the GPS fixes used, what
// carried the car between them, what measured each pass's line through the corners, and the lap-trigger
// anchoring. One summary and one sentence for the CLI and the analysis view alike.

import type { TrackAlignment } from './map-match.ts';

export interface AlignmentSummary {
  source: TrackAlignment['source'];
  fixesUsed: number;
  /** Fixes too far from the line to use (pit lane, off track). */
  fixesRejected: number;
  /** RMS of the used fixes' along-line residual from the fitted distance, m (0 from GPS alone). */
  residualRmsM: number;
  deadReckoning: TrackAlignment['deadReckoning'];
  lineCurvature: TrackAlignment['lineCurvature'];
  /** Lap-trigger passes the distance was anchored at (null: not anchored). */
  lapTriggerPasses: number | null;
}

export function alignmentSummary(al: TrackAlignment): AlignmentSummary {
  return {
    source: al.source,
    fixesUsed: al.fixesUsed,
    fixesRejected: al.fixesRejected,
    residualRmsM: al.residualRmsM,
    deadReckoning: al.deadReckoning,
    lineCurvature: al.lineCurvature,
    lapTriggerPasses: al.lapTrigger?.anchors ?? null,
  };
}

const SENSOR_WORDS: Record<string, string> = {
  'lap-distance odometer': 'lap-distance odometer',
  speed: 'vehicle speed',
  'gps-speed': 'GPS speed',
  'yaw-rate': 'yaw rate',
  'lateral-acceleration': 'lateral acceleration over the speed',
};

/** "GPS (7,249 fixes, 0 off the line; residual 0.42 m RMS); carried between fixes by the … (channel); …" */
export function describeAlignment(s: AlignmentSummary): string {
  const fixes = `${s.fixesUsed.toLocaleString('en')} fixes, ${s.fixesRejected.toLocaleString('en')} off the line`;
  // (GPS alone has no dead reckoning to take a residual from)
  const parts = [s.source === 'gps' ? `GPS alone (${fixes})` : `GPS (${fixes}; residual ${s.residualRmsM.toFixed(2)} m RMS)`];
  if (s.deadReckoning) parts.push(`carried between fixes by the ${SENSOR_WORDS[s.deadReckoning.kind]} (${s.deadReckoning.channel})`);
  parts.push(s.lineCurvature ? `line through the corners from the ${SENSOR_WORDS[s.lineCurvature.kind]} (${s.lineCurvature.channel})` : 'line through the corners from GPS alone');
  if (s.lapTriggerPasses !== null) parts.push(`anchored at ${s.lapTriggerPasses} lap-trigger passes`);
  return parts.join('; ');
}
