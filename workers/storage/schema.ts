// The store's versioned schema: numbered migrations applied in order, each in its own transaction,
// with the applied versions recorded in schema_version. A database newer than this build is refused.
//
// Layout (version 1):
//   imports   one row per imported file (content hash → file name, size, time); the dedupe key.
//   sessions  one row per session: meta, duration, sample count, laps and warnings as JSON text.
//   channels  one row per channel: its place in the session (channel_idx), name, units, rate, count,
//             and channel_key, a database-wide integer that identifies its samples.
//   samples   (channel_key INTEGER, t DOUBLE, v DOUBLE), one row per sample.
//   channel_samples  a view joining the two: (session_id, channel_idx, channel, unit, t, v), for SQL.
// Version 2:
//   session_settings  per-session settings a user edits (e.g. key 'vehicle': the energy model's
//             vehicle parameters), one JSON document per (session, key), with its update time.
//
// Why samples carry channel_key rather than (session_id, channel_idx): the bulk append is then purely
// numeric typed arrays on both engines. A VARCHAR session id repeated on every row costs a string per
// sample in the native Appender (about +190 ms per 1.3 M samples measured) or an extra staging copy,
// and gains nothing: rows are appended channel after channel, so DuckDB's row-group min/max on
// channel_key prunes the scan for `WHERE channel_key = ?` to the channel's own row groups, and the
// integer column compresses to almost nothing. Read-back is one query per channel ORDER BY t (times
// are strictly increasing within a channel, so the order is exact).

import { StoreError, errorText } from './errors.ts';
import type { SqlDriver } from './sql-driver.ts';

export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'imports, sessions, channels, samples',
    statements: [
      `CREATE TABLE imports (
         content_hash VARCHAR PRIMARY KEY,
         file_name VARCHAR NOT NULL,
         bytes BIGINT NOT NULL,
         imported_at_ms BIGINT NOT NULL
       )`,
      `CREATE TABLE sessions (
         id VARCHAR PRIMARY KEY,
         content_hash VARCHAR NOT NULL,
         file_position INTEGER NOT NULL,
         source_file VARCHAR NOT NULL,
         source_format VARCHAR NOT NULL,
         event VARCHAR NOT NULL,
         session_name VARCHAR NOT NULL,
         track VARCHAR NOT NULL,
         vehicle_id VARCHAR NOT NULL,
         vehicle_number VARCHAR NOT NULL,
         driver VARCHAR NOT NULL,
         start_time_ms DOUBLE,
         duration_s DOUBLE NOT NULL,
         samples BIGINT NOT NULL,
         laps_json VARCHAR NOT NULL,
         warnings_json VARCHAR,
         imported_at_ms BIGINT NOT NULL
       )`,
      `CREATE SEQUENCE channel_key_seq START 1`,
      `CREATE TABLE channels (
         channel_key INTEGER PRIMARY KEY,
         session_id VARCHAR NOT NULL,
         channel_idx INTEGER NOT NULL,
         name VARCHAR NOT NULL,
         source_name VARCHAR NOT NULL,
         unit VARCHAR NOT NULL,
         kind VARCHAR NOT NULL,
         rate_hz DOUBLE NOT NULL,
         samples BIGINT NOT NULL,
         UNIQUE (session_id, channel_idx)
       )`,
      `CREATE TABLE samples (
         channel_key INTEGER NOT NULL,
         t DOUBLE NOT NULL,
         v DOUBLE NOT NULL
       )`,
      `CREATE VIEW channel_samples AS
         SELECT c.session_id, c.channel_idx, c.name AS channel, c.unit, s.t, s.v
         FROM samples s JOIN channels c USING (channel_key)`,
    ],
  },
  {
    version: 2,
    description: 'per-session settings (vehicle parameters and other user edits)',
    statements: [
      `CREATE TABLE session_settings (
         session_id VARCHAR NOT NULL,
         key VARCHAR NOT NULL,
         json VARCHAR NOT NULL,
         updated_at_ms BIGINT NOT NULL,
         PRIMARY KEY (session_id, key)
       )`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The highest applied migration, 0 for an empty database. */
export async function schemaVersion(driver: SqlDriver): Promise<number> {
  const exists = await driver.query<{ n: number }>(
    `SELECT count(*) AS n FROM duckdb_tables()
     WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'schema_version'`,
  );
  if (exists[0].n === 0) return 0;
  const rows = await driver.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
  return rows[0].v ?? 0;
}

/** Brings the database up to the latest version; returns the versions before and after. */
export async function migrate(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): Promise<{ from: number; to: number }> {
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  await driver.run(
    `CREATE TABLE IF NOT EXISTS schema_version (
       version INTEGER PRIMARY KEY,
       description VARCHAR NOT NULL,
       applied_at_ms BIGINT NOT NULL
     )`,
  );
  const from = await schemaVersion(driver);
  if (from > latest) {
    throw new StoreError('schema-too-new', `the database is at schema version ${from}, newer than this build's ${latest}; update EngiTorqueMap to open it`, {
      table: 'schema_version',
    });
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    try {
      await driver.transaction(async (tx) => {
        for (const sql of m.statements) await tx.run(sql);
        await tx.run('INSERT INTO schema_version (version, description, applied_at_ms) VALUES (?::INTEGER, ?, ?::BIGINT)', [
          m.version,
          m.description,
          Date.now(),
        ]);
      });
    } catch (e) {
      throw new StoreError('migration-failed', `migration ${m.version} (${m.description}) failed: ${errorText(e)}`, { table: 'schema_version' }, { cause: e });
    }
  }
  return { from, to: Math.max(from, latest) };
}
