import { describe, expect, it } from 'vitest';
import { IngestError } from '../../ingest/errors.ts';
import { buildTrackModel } from '../build.ts';
import { createLocalFrame, geodeticToLocal, localToGeodetic } from '../projection.ts';
import { buildTrackIndex, projectOnTrack } from '../projector.ts';
import { gaussian, sampleTurtle, seededRandom, turtleAt, turtlePath } from '../synthetic.ts';
import { fuseGpsLaps, type GpsLap } from './gps-laps.ts';

// Closed layout (straights and arcs, six corners), as in corners.test.ts.
const PATH = turtlePath([
  { straightM: 116 },
  { arcRadiusM: 50, turnDeg: 90 },
  { straightM: 300 },
  { arcRadiusM: 30, turnDeg: 90 },
  { straightM: 80 },
  { arcRadiusM: 22, turnDeg: 90 },
  { straightM: 40 },
  { arcRadiusM: 40, turnDeg: -90 },
  { straightM: 120 },
  { arcRadiusM: 70, turnDeg: 90 },
  { straightM: 128 },
  { arcRadiusM: 80, turnDeg: 90 },
  { straightM: 116 },
]);
const L = PATH.lengthM;
const FRAME = createLocalFrame(33.5326, -86.6196);

interface LapShape {
  /** Fraction of the lap driven (1 = full lap). */
  fraction?: number;
  /** Extra sideways offset (metres) between two distances, e.g. a pit lane or a cut. */
  detour?: { fromM: number; toM: number; offsetM: number };
}

/**
 * One GPS lap: a driving line wandering ±1 m around the centre line, 0.3 m GPS noise, ~1.7 m between fixes.
 * Laps `seed` and `seed + 100` wander in opposite phase, so a set of such pairs has the centre line as its median.
 */
function lap(seed: number, shape: LapShape = {}): GpsLap {
  const wanderRand = seededRandom(seed % 100);
  const flip = seed >= 100 ? Math.PI : 0;
  const phase = [wanderRand() * 6.28 + flip, wanderRand() * 6.28 + flip];
  const rand = seededRandom(seed + 1000);
  const startM = (rand() - 0.5) * 6; // lap trigger jitter
  const latDeg: number[] = [];
  const lonDeg: number[] = [];
  const end = L * (shape.fraction ?? 1);
  for (let s = 0; s < end; s += 1.5 + 0.4 * rand()) {
    const u = startM + s;
    const c = turtleAt(PATH, u);
    let off = 0.7 * Math.sin((6 * Math.PI * u) / L + phase[0]) + 0.4 * Math.sin((14 * Math.PI * u) / L + phase[1]);
    const d = shape.detour;
    if (d && s > d.fromM && s < d.toM) off += d.offsetM * Math.sin((Math.PI * (s - d.fromM)) / (d.toM - d.fromM));
    const x = c.xM - off * Math.sin(c.headingRad) + 0.3 * gaussian(rand);
    const y = c.yM + off * Math.cos(c.headingRad) + 0.3 * gaussian(rand);
    const g = localToGeodetic(FRAME, x + 40, y - 70);
    latDeg.push(g.latDeg);
    lonDeg.push(g.lonDeg);
  }
  return { latDeg, lonDeg, label: `lap${seed}` };
}

describe('track from GPS laps', () => {
  it('fuses 8 clean laps to the true line (length 0.2 %, within 0.4 m), rejecting odd laps with reasons', () => {
    const laps: GpsLap[] = [];
    for (const k of [1, 2, 3, 4, 101, 102, 103, 104]) laps.push(lap(k));
    laps.push({ ...lap(20, { fraction: 0.6 }), label: 'partial' });
    laps.push({ ...lap(21, { detour: { fromM: 200, toM: 420, offsetM: 22 } }), label: 'cut' });
    laps.push({ ...lap(22, { detour: { fromM: 600, toM: 1000, offsetM: 120 } }), label: 'pit' }); // ~6 % longer
    const nan = lap(23);
    (nan.latDeg as number[]).fill(NaN, 0, (nan.latDeg as number[]).length - 5);
    laps.push({ ...nan, label: 'no-gps' });
    const { source, report } = fuseGpsLaps(laps, { name: 'Synthetic' });
    expect(report.used).toEqual(['lap1', 'lap2', 'lap3', 'lap4', 'lap101', 'lap102', 'lap103', 'lap104']);
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.lap, r.reason]));
    expect(reasons['no-gps']).toMatch(/too few/);
    expect(reasons.partial).toMatch(/not a closed lap/);
    expect(reasons.pit).toMatch(/length .* off the median/);
    expect(reasons.cut).toMatch(/shape/);
    expect(report.rmsOffsetM.every((r) => r < 1.2)).toBe(true);
    expect(source.sourceFormat).toBe('gps-laps');
    expect(source.warnings).toHaveLength(4);

    const m = buildTrackModel(source);
    expect(Math.abs(m.grid.lengthM / L - 1)).toBeLessThan(0.002);
    expect(m.corners.map((c) => c.direction)).toEqual(['left', 'left', 'left', 'right', 'left', 'left']);
    // The fused line against the true one, in the model's own frame (centred on the fused track).
    const truth = sampleTurtle(PATH, 2, 0);
    const index = buildTrackIndex(m.grid);
    const mf = createLocalFrame(m.frame!.originLatDeg, m.frame!.originLonDeg);
    let worstOwn = 0;
    for (let i = 0; i < truth.xM.length; i++) {
      const g = localToGeodetic(FRAME, truth.xM[i] + 40, truth.yM[i] - 70);
      const q = geodeticToLocal(mf, g.latDeg, g.lonDeg);
      worstOwn = Math.max(worstOwn, Math.abs(projectOnTrack(index, q.xM, q.yM).lateralM));
    }
    // GPS noise makes the spline cut the 22 m hairpin (curvature steps) by ~0.25 m; elsewhere ~0.1 m.
    expect(worstOwn).toBeLessThan(0.4);
    // Start/finish where the laps start (their triggers scatter ±3 m around the true line start).
    const start = source.startFinish!;
    if (start.frame !== 'wgs84') throw new Error('expected a latitude/longitude start/finish');
    const sf = geodeticToLocal(mf, start.latDeg, start.lonDeg);
    const g0 = localToGeodetic(FRAME, 40, -70);
    const t0 = geodeticToLocal(mf, g0.latDeg, g0.lonDeg);
    expect(Math.hypot(sf.xM - t0.xM, sf.yM - t0.yM)).toBeLessThan(3);
  });

  it('a single lap works (nothing to compare it with)', () => {
    const { source, report } = fuseGpsLaps([lap(3)]);
    expect(report.used).toEqual(['lap3']);
    expect(Math.abs(buildTrackModel(source).grid.lengthM / L - 1)).toBeLessThan(0.005);
  });

  it('no usable lap is an IngestError', () => {
    expect(() => fuseGpsLaps([{ latDeg: [1, 2], lonDeg: [3, 4] }])).toThrow(IngestError);
    expect(() => fuseGpsLaps([])).toThrow(IngestError);
  });

  it('is deterministic (same laps, same line)', () => {
    const a = fuseGpsLaps([lap(1), lap(2), lap(3)]).source;
    const b = fuseGpsLaps([lap(1), lap(2), lap(3)]).source;
    expect(a.points).toEqual(b.points);
  });
});
