import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDBNodeDriver } from '../../cli/node/duckdb-node-driver.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion, type Migration } from './schema.ts';
import type { SqlDriver } from './sql-driver.ts';

const V_NEXT: Migration = { version: SCHEMA_VERSION + 1, description: 'session notes', statements: ['ALTER TABLE sessions ADD COLUMN notes VARCHAR'] };

async function tableNames(db: SqlDriver): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name",
  );
  return rows.map((r) => r.name);
}

describe('schema migrations', () => {
  let db: SqlDriver;
  beforeEach(async () => {
    db = await openDuckDBNodeDriver(':memory:');
  });
  afterEach(async () => {
    await db.close();
  });

  it('creates the latest schema on an empty database, then does nothing', async () => {
    expect(await schemaVersion(db)).toBe(0);
    expect(await migrate(db)).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(await tableNames(db)).toEqual(['channels', 'imports', 'samples', 'schema_version', 'session_settings', 'sessions']);
    const views = await db.query("SELECT view_name FROM duckdb_views() WHERE NOT internal");
    expect(views.map((v) => v.view_name)).toEqual(['channel_samples']);
    expect(await migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    const versions = await db.query('SELECT version FROM schema_version ORDER BY version');
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('applies only the pending migrations', async () => {
    await migrate(db);
    expect(await migrate(db, [...MIGRATIONS, V_NEXT])).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION + 1 });
    const cols = await db.query("SELECT column_name FROM duckdb_columns() WHERE table_name = 'sessions' AND column_name = 'notes'");
    expect(cols).toHaveLength(1);
  });

  it('refuses a database written by a newer build', async () => {
    await migrate(db, [...MIGRATIONS, V_NEXT]);
    await expect(migrate(db)).rejects.toMatchObject({ name: 'StoreError', code: 'schema-too-new' });
  });

  it('rolls a failed migration back whole and names it', async () => {
    await migrate(db);
    const broken: Migration = { version: SCHEMA_VERSION + 1, description: 'broken', statements: ['CREATE TABLE extra (a INTEGER)', 'ALTER TABLE no_such ADD COLUMN b INTEGER'] };
    const err = await migrate(db, [...MIGRATIONS, broken]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'migration-failed' });
    expect((err as Error).message).toContain(`migration ${SCHEMA_VERSION + 1} (broken)`);
    expect(await schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(await tableNames(db)).not.toContain('extra');
  });
});
