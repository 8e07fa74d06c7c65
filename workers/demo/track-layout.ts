// The demo circuit's layout ("EngiTorque Raceway", a made-up track in English farmland): 12 corners
// of varied character, run clockwise. The closure solver trims T12's angle and two straights.

import type { TrackLayout } from './track.ts';

export const DEMO_LAYOUT: TrackLayout = {
  name: 'EngiTorque Raceway',
  originLatDeg: 52.118,
  originLonDeg: -0.853,
  baseAltitudeM: 112,
  startHeadingDeg: 80,
  widthM: 12,
  items: [
    { kind: 'straight', id: 'main-after-line', lengthM: 430 },
    { kind: 'corner', name: 'T1', character: 'slow', radiusM: 32, angleDeg: -95, entrySpiralM: 30, exitSpiralM: 30 },
    { kind: 'straight', id: 't1-t2', lengthM: 555 },
    { kind: 'corner', name: 'T2', character: 'medium', radiusM: 75, angleDeg: 67, entrySpiralM: 35, exitSpiralM: 35 },
    { kind: 'straight', id: 't2-t3', lengthM: 260 },
    { kind: 'corner', name: 'T3', character: 'hairpin', radiusM: 15, angleDeg: -175, entrySpiralM: 18, exitSpiralM: 18 },
    { kind: 'straight', id: 'back-1', lengthM: 450 },
    { kind: 'corner', name: 'T4', character: 'chicane', radiusM: 28, angleDeg: 50, entrySpiralM: 20, exitSpiralM: 20 },
    { kind: 'straight', id: 't4-t5', lengthM: 15 },
    { kind: 'corner', name: 'T5', character: 'chicane', radiusM: 28, angleDeg: -50, entrySpiralM: 20, exitSpiralM: 20 },
    { kind: 'straight', id: 't5-t6', lengthM: 200 },
    { kind: 'corner', name: 'T6', character: 'esses', radiusM: 110, angleDeg: 40, entrySpiralM: 40, exitSpiralM: 40 },
    { kind: 'straight', id: 't6-t7', lengthM: 10 },
    { kind: 'corner', name: 'T7', character: 'esses', radiusM: 110, angleDeg: -50, entrySpiralM: 40, exitSpiralM: 40 },
    { kind: 'straight', id: 't7-t8', lengthM: 180 },
    { kind: 'corner', name: 'T8', character: 'kink', radiusM: 450, angleDeg: -12, entrySpiralM: 40, exitSpiralM: 40 },
    { kind: 'straight', id: 't8-t9', lengthM: 120 },
    { kind: 'corner', name: 'T9', character: 'fast', radiusM: 170, angleDeg: -95, entrySpiralM: 60, exitSpiralM: 60 },
    { kind: 'straight', id: 'back-2', lengthM: 100 },
    { kind: 'corner', name: 'T10', character: 'slow', radiusM: 24, angleDeg: -95, entrySpiralM: 25, exitSpiralM: 25 },
    { kind: 'straight', id: 't10-t11', lengthM: 150 },
    { kind: 'corner', name: 'T11', character: 'medium', radiusM: 55, angleDeg: 110, entrySpiralM: 35, exitSpiralM: 35 },
    { kind: 'straight', id: 't11-t12', lengthM: 40 },
    { kind: 'corner', name: 'T12', character: 'medium', radiusM: 65, angleDeg: -55, entrySpiralM: 40, exitSpiralM: 40 },
    { kind: 'straight', id: 'main-before-line', lengthM: 150 },
  ],
  closure: { headingCorner: 'T12', straights: ['back-1', 'back-2'] },
  elevationHarmonics: [
    { amplitudeM: 4.0, phaseRad: 0.3 },
    { amplitudeM: 1.8, phaseRad: 2.1 },
    { amplitudeM: 0.7, phaseRad: 4.0 },
  ],
};
