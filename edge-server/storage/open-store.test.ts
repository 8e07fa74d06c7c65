import { describe, expect, it } from 'vitest';
import { storeConfigFromEnv } from './open-store.ts';

describe('opening the store', () => {
  it('chooses the backend from the environment', () => {
    expect(storeConfigFromEnv({}, '/srv/etm/.data')).toEqual({ kind: 'pglite', dataDir: '/srv/etm/.data/pglite', schema: 'etm' });
    expect(storeConfigFromEnv({ ETM_STORE: 'pglite-timescaledb', ETM_DATA_DIR: '/d', ETM_DB_SCHEMA: 'pit' }, '/x')).toEqual({
      kind: 'pglite-timescaledb',
      dataDir: '/d/pglite-timescaledb',
      schema: 'pit',
    });
    expect(storeConfigFromEnv({ ETM_DATABASE_URL: 'postgres://h/db', ETM_TIMESCALE: 'off' }, '/x')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://h/db',
      schema: 'etm',
      timescale: 'off',
    });
    expect(() => storeConfigFromEnv({ ETM_DB_SCHEMA: 'etm; DROP' }, '/x')).toThrow(/not an allowed SQL identifier/);
    expect(() => storeConfigFromEnv({ ETM_STORE: 'sqlite' }, '/x')).toThrow(/ETM_STORE/);
    expect(() => storeConfigFromEnv({ ETM_DATABASE_URL: 'postgres://h/db', ETM_TIMESCALE: 'yes' }, '/x')).toThrow(/ETM_TIMESCALE/);
  });
});
