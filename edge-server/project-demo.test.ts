// The served demo is the project's generator output, deterministic for the seed, and the app's own
// importer reads it back into the generated sessions.

import { describe, expect, it } from 'vitest';
import { importFile } from '../workers/ingest/import-file.ts';
import { createApp } from './app.ts';
import { createDemoSource } from './demo-source.ts';
import { buildProjectDemo, DEMO_SEED } from './project-demo.ts';

describe('project demo', () => {
  it('serves a CSV that imports into the generated cars, and its truth, the same on every build', async () => {
    const demo = createDemoSource(() => buildProjectDemo(DEMO_SEED));
    const first = await demo.get();
    const second = await createDemoSource(() => buildProjectDemo(DEMO_SEED)).get();
    expect(second.csvEtag).toBe(first.csvEtag);
    expect(second.csvBytes).toBe(first.csvBytes);

    const app = createApp({ distDir: '/nonexistent', demo, log: () => undefined });
    const csv = await (await app.request('/api/demo/session.csv')).blob();
    const truth = await (await app.request('/api/demo/truth.json')).json();
    expect(truth.seed).toBe(DEMO_SEED);
    expect(truth.drivers.length).toBeGreaterThan(0);

    const sessions = await importFile({ name: 'etm-demo-session.csv', blob: csv });
    // The long format carries vehicles, not driver names: the truth maps one to the other.
    expect(sessions.map((s) => s.meta.vehicleId).sort()).toEqual(truth.drivers.map((d: { vehicleId: string }) => d.vehicleId).sort());
    for (const s of sessions) {
      expect(s.channels.find((c) => c.name === 'speed')?.values.length).toBeGreaterThan(1000);
    }
  });
});
