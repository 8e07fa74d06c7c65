import { describe, expect, it } from 'vitest';
import { buildTrackModel } from './build.ts';
import { sampleEllipse } from './synthetic.ts';
import { trackModelTransferables } from './transfer.ts';

describe('trackModelTransferables', () => {
  it('lists each typed-array buffer once; the model survives structured clone with transfer', () => {
    const { xM, yM } = sampleEllipse(200, 100, 200);
    const m = buildTrackModel({ name: 'e', sourceFormat: 'synthetic', sourceFile: '', points: { frame: 'local', xM, yM } });
    const buffers = trackModelTransferables(m);
    expect(buffers).toHaveLength(6); // five grid arrays (no widths/elevation) + the raster
    const lengthM = m.grid.lengthM;
    const n = m.grid.xM.length;
    const copy = structuredClone(m, { transfer: buffers });
    expect(copy.grid.xM.length).toBe(n);
    expect(copy.grid.lengthM).toBe(lengthM);
    expect(copy.corners).toEqual(copy.detected.corners);
    expect(m.grid.xM.length).toBe(0); // detached: it was moved, not copied
  });
});
