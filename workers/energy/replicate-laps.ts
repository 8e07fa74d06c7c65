// Sessions of any number of laps made from real laps (for the bench's 30- and 300-lap sessions): lap k
// is source lap k mod S driven a little faster or slower (speed × (1 + ε_k), times ÷ (1 + ε_k),
// accelerations × (1 + ε_k)², |ε_k| ≤ 0.5 %), so no two laps of the lap matrix are identical.

import type { LapSamples } from './lap-samples.ts';

export function replicateLaps(source: LapSamples[], count: number): LapSamples[] {
  if (source.length === 0) throw new RangeError('replicateLaps: no source laps');
  const out: LapSamples[] = [];
  for (let k = 0; k < count; k++) {
    const s = source[k % source.length];
    const f = 1 + 0.005 * Math.sin(1.7 * k + 0.3);
    const scale = (a: Float64Array, x: number) => a.map((v) => v * x);
    out.push({
      ...s,
      lap: k + 1,
      timeS: scale(s.timeS, 1 / f),
      dtS: scale(s.dtS, 1 / f),
      gridTimeS: scale(s.gridTimeS, 1 / f),
      gridSpeedMs: scale(s.gridSpeedMs, f),
      inputs: {
        ...s.inputs,
        speedMs: scale(s.inputs.speedMs, f),
        accLongMs2: scale(s.inputs.accLongMs2, f * f),
        yawRateRadS: scale(s.inputs.yawRateRadS, f),
        yawAccelRadS2: scale(s.inputs.yawAccelRadS2, f * f),
      },
    });
  }
  return out;
}
