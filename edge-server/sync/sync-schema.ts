// Tables of the sync service, in the same schema as the frames:
//   etm_meta            key/value; 'sync_epoch' is a random id minted with the database, part of every cursor,
//                       so a cursor from another (or a re-created) database is recognised and answered with a reset.
//   sync_seq            the change counter: every stored session and every winning metadata edit takes the next value.
//   sync_sessions       one row per session file (content hash = id): size, LWW metadata register, tombstone, seq.
//   sync_uploads        resumable uploads (one open per content hash), kept a while after completion so a
//                       repeated 'complete' answers the same; sync_upload_chunks: the chunks received, with SHA-256.

import { randomBytes } from 'node:crypto';
import { quoteIdent, type SqlClient } from '../storage/sql-client.ts';

export async function migrateSync(sql: SqlClient, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await sql.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.etm_meta (key text PRIMARY KEY, value text NOT NULL)`);
  await sql.query(`INSERT INTO ${s}.etm_meta (key, value) VALUES ('sync_epoch', $1) ON CONFLICT (key) DO NOTHING`, [randomBytes(8).toString('hex')]);
  await sql.query(`CREATE SEQUENCE IF NOT EXISTS ${s}.sync_seq`);
  await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.sync_sessions (
  content_hash text PRIMARY KEY,
  bytes int8 NOT NULL,
  file_name text NOT NULL,
  meta_json text NOT NULL,
  meta_updated_at_ms int8 NOT NULL,
  meta_device_id text NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  stored_at_ms int8 NOT NULL,
  seq int8 NOT NULL
)`);
  await sql.query(`CREATE UNIQUE INDEX IF NOT EXISTS sync_sessions_seq ON ${s}.sync_sessions (seq)`);
  await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.sync_uploads (
  upload_id text PRIMARY KEY,
  content_hash text NOT NULL,
  bytes int8 NOT NULL,
  chunk_bytes int4 NOT NULL,
  chunk_count int4 NOT NULL,
  file_name text NOT NULL,
  meta_json text NOT NULL,
  meta_updated_at_ms int8 NOT NULL,
  meta_device_id text NOT NULL,
  created_at_ms int8 NOT NULL,
  touched_at_ms int8 NOT NULL,
  completed_at_ms int8
)`);
  await sql.query(`CREATE UNIQUE INDEX IF NOT EXISTS sync_uploads_open ON ${s}.sync_uploads (content_hash) WHERE completed_at_ms IS NULL`);
  await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.sync_upload_chunks (
  upload_id text NOT NULL REFERENCES ${s}.sync_uploads (upload_id) ON DELETE CASCADE,
  n int4 NOT NULL,
  sha256 text NOT NULL,
  bytes int4 NOT NULL,
  PRIMARY KEY (upload_id, n)
)`);
}
