// Unit and integration tests run in Node; browser tests run separately (tests/browser/run.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['workers/**/*.test.ts', 'web/**/*.test.ts', 'cli/**/*.test.ts', 'edge-server/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
