import { describe, expect, it } from 'vitest';
import { createLocalFrame, geodeticToLocal } from '../geometry/projection.ts';
import { createFastFrame, fastToLocal } from './fast-frame.ts';

describe('fast local frame', () => {
  it('matches the exact tangent-plane projection to well under a millimetre within 10 km, anywhere', () => {
    const out = new Float64Array(2);
    for (const [lat0, lon0] of [[52.118, -0.853], [39.79, -86.23], [-33.9, 151.2], [64.1, -21.9], [0.2, 179.99]]) {
      const fast = createFastFrame(lat0, lon0);
      const exact = createLocalFrame(lat0, lon0);
      let worst = 0;
      for (let k = 0; k < 400; k++) {
        const r = 10_000 * ((k % 20) + 1) / 20;
        const th = (k * 2.399) % (2 * Math.PI);
        const lat = lat0 + (r * Math.sin(th)) / 111_000;
        let lon = lon0 + (r * Math.cos(th)) / (111_000 * Math.cos((lat0 * Math.PI) / 180));
        if (lon > 180) lon -= 360;
        fastToLocal(fast, lat, lon, out);
        const p = geodeticToLocal(exact, lat, lon);
        worst = Math.max(worst, Math.hypot(out[0] - p.xM, out[1] - p.yM));
      }
      expect(worst, `${lat0}, ${lon0}`).toBeLessThan(1e-4);
    }
  });
});
