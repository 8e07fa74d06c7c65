// The sync service behind /api/sync: resumable, checksummed uploads of session files (content-addressed
// by the etm-c4m hash of workers/storage/content-hash.ts), a change feed with cursors, and last-writer-wins
// metadata. Session files are immutable: the same content is the same session, so a repeated push only
// offers its metadata (see lww.ts). Every change takes the next sync_seq value under a transaction-scoped
// advisory lock, so changes commit in seq order and a reader paging by `seq > cursor` never skips one.

import { createHash, randomBytes } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import type { EdgeMetrics } from '../metrics/edge-metrics.ts';
import { quoteIdent, toNumber, type SqlClient } from '../storage/sql-client.ts';
import { BlobStore } from './blob-store.ts';
import { SyncError } from './errors.ts';
import { canonicalJson, compareVersions, type MetaVersion } from './lww.ts';
import { migrateSync } from './sync-schema.ts';

export const MIN_CHUNK_BYTES = 1024;
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3;
/** Uploads untouched this long (and finished ones this long after completion) are removed. */
export const UPLOAD_TTL_MS = 7 * 24 * 3600 * 1000;

export interface SyncSessionRecord {
  /** The session's id: its content hash. */
  id: string;
  contentHash: string;
  bytes: number;
  fileName: string;
  /** Application metadata (summaries, notes, tags…), opaque to the server, canonical key order. */
  meta: Record<string, unknown>;
  metaUpdatedAtMs: number;
  metaDeviceId: string;
  deleted: boolean;
  storedAtMs: number;
}

export interface CreateUploadInput {
  contentHash: string;
  bytes: number;
  fileName: string;
  /** Proposed chunk size; clamped to [MIN_CHUNK_BYTES, MAX_CHUNK_BYTES]. The answer's chunkBytes rules. */
  chunkBytes?: number;
  meta: Record<string, unknown>;
  metaUpdatedAtMs: number;
  deviceId: string;
}

export type CreateUploadResult =
  | { status: 'exists'; session: SyncSessionRecord; metaApplied: boolean }
  | { status: 'created' | 'resumed'; uploadId: string; chunkBytes: number; chunkCount: number; received: number[] };

export interface UploadStatus {
  uploadId: string;
  contentHash: string;
  bytes: number;
  chunkBytes: number;
  chunkCount: number;
  received: number[];
  missing: number[];
  bytesReceived: number;
  completed: boolean;
}

export interface ChangesPage {
  changes: SyncSessionRecord[];
  /** Pass as `since` next time. Opaque: '<database epoch>.<seq>'. */
  cursor: string;
  /** More changes wait: ask again with the new cursor. */
  more: boolean;
  /** The cursor given was from another database (or ahead of this one): this page starts from the beginning. */
  reset: boolean;
}

export interface MetaUpdate {
  /** Defaults to the stored file name. */
  fileName?: string;
  meta: Record<string, unknown>;
  updatedAtMs: number;
  deviceId: string;
  /** true deletes (a tombstone that syncs like any edit); false restores. Default false. */
  deleted?: boolean;
}

export interface SyncServiceOptions {
  sql: SqlClient;
  schema: string;
  /** Directory for session files and upload chunks. */
  blobDir: string;
  maxFileBytes?: number;
  metrics?: EdgeMetrics;
  now?: () => number;
}

interface SessionRow {
  content_hash: string;
  bytes: unknown;
  file_name: string;
  meta_json: string;
  meta_updated_at_ms: unknown;
  meta_device_id: string;
  deleted: boolean;
  stored_at_ms: unknown;
  seq: unknown;
}

interface UploadRow {
  upload_id: string;
  content_hash: string;
  bytes: unknown;
  chunk_bytes: unknown;
  chunk_count: unknown;
  file_name: string;
  meta_json: string;
  meta_updated_at_ms: unknown;
  meta_device_id: string;
  completed_at_ms: unknown;
}

const CURSOR = /^([0-9a-f]{16})\.(\d{1,15})$/;

export function isCursor(text: string): boolean {
  return CURSOR.test(text);
}

function toRecord(r: SessionRow): SyncSessionRecord {
  return {
    id: r.content_hash,
    contentHash: r.content_hash,
    bytes: toNumber(r.bytes),
    fileName: r.file_name,
    meta: JSON.parse(r.meta_json) as Record<string, unknown>,
    metaUpdatedAtMs: toNumber(r.meta_updated_at_ms),
    metaDeviceId: r.meta_device_id,
    deleted: r.deleted,
    storedAtMs: toNumber(r.stored_at_ms),
  };
}

function versionOf(r: { file_name: string; meta_json: string; meta_updated_at_ms: unknown; meta_device_id: string; deleted?: boolean }): MetaVersion {
  return { fileName: r.file_name, metaJson: r.meta_json, updatedAtMs: toNumber(r.meta_updated_at_ms), deviceId: r.meta_device_id, deleted: r.deleted ?? false };
}

function chunkLength(bytes: number, chunkBytes: number, chunkCount: number, n: number): number {
  return n < chunkCount - 1 ? chunkBytes : bytes - chunkBytes * (chunkCount - 1);
}

export class SyncService {
  readonly blobs: BlobStore;
  private readonly s: string;
  private readonly seqName: string;
  private readonly lockName: string;
  private readonly now: () => number;
  private readonly maxFileBytes: number;

  private constructor(
    private readonly options: SyncServiceOptions,
    private readonly epoch: string,
  ) {
    this.s = quoteIdent(options.schema);
    this.seqName = `${this.s}.sync_seq`;
    this.lockName = `${options.schema}.sync`;
    this.blobs = new BlobStore(options.blobDir);
    this.now = options.now ?? Date.now;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  static async open(options: SyncServiceOptions): Promise<SyncService> {
    await migrateSync(options.sql, options.schema);
    const { rows } = await options.sql.query<{ value: string }>(`SELECT value FROM ${quoteIdent(options.schema)}.etm_meta WHERE key = 'sync_epoch'`);
    return new SyncService(options, rows[0].value);
  }

  private get sql(): SqlClient {
    return this.options.sql;
  }

  async createUpload(input: CreateUploadInput): Promise<CreateUploadResult> {
    if (input.bytes > this.maxFileBytes) throw new SyncError('too-large', `the file is larger than ${this.maxFileBytes} bytes`, { maxBytes: this.maxFileBytes });
    const version: MetaVersion = { fileName: input.fileName, metaJson: canonicalJson(input.meta), updatedAtMs: input.metaUpdatedAtMs, deviceId: input.deviceId, deleted: false };
    const existing = await this.sessionRow(input.contentHash);
    if (existing) {
      if (toNumber(existing.bytes) !== input.bytes) {
        throw new SyncError('hash-mismatch', 'a stored session has this content hash with another size', { contentHash: input.contentHash });
      }
      const { applied, row } = await this.applyVersion(input.contentHash, version);
      return { status: 'exists', session: toRecord(row), metaApplied: applied };
    }
    await this.expireUploads();
    const chunkBytes = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, Math.floor(input.chunkBytes ?? DEFAULT_CHUNK_BYTES)));
    const chunkCount = Math.ceil(input.bytes / chunkBytes);
    const now = this.now();
    return this.sql.transaction(async (tx) => {
      const uploadId = randomBytes(16).toString('base64url');
      const inserted = await tx.query<{ upload_id: string }>(
        `INSERT INTO ${this.s}.sync_uploads (upload_id, content_hash, bytes, chunk_bytes, chunk_count, file_name, meta_json,
           meta_updated_at_ms, meta_device_id, created_at_ms, touched_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
         ON CONFLICT (content_hash) WHERE completed_at_ms IS NULL DO NOTHING RETURNING upload_id`,
        [uploadId, input.contentHash, input.bytes, chunkBytes, chunkCount, version.fileName, version.metaJson, version.updatedAtMs, version.deviceId, now],
      );
      if (inserted.rows.length) return { status: 'created' as const, uploadId, chunkBytes, chunkCount, received: [] };
      // An upload of this content is open (an interrupted push, maybe from another device): resume it.
      const open = await tx.query<UploadRow>(`SELECT * FROM ${this.s}.sync_uploads WHERE content_hash = $1 AND completed_at_ms IS NULL FOR UPDATE`, [input.contentHash]);
      const u = open.rows[0];
      if (toNumber(u.bytes) !== input.bytes) {
        throw new SyncError('hash-mismatch', 'an open upload has this content hash with another size', { contentHash: input.contentHash });
      }
      if (compareVersions(version, versionOf(u)) > 0) {
        await tx.query(
          `UPDATE ${this.s}.sync_uploads SET file_name = $2, meta_json = $3, meta_updated_at_ms = $4, meta_device_id = $5 WHERE upload_id = $1`,
          [u.upload_id, version.fileName, version.metaJson, version.updatedAtMs, version.deviceId],
        );
      }
      await tx.query(`UPDATE ${this.s}.sync_uploads SET touched_at_ms = $2 WHERE upload_id = $1`, [u.upload_id, now]);
      const received = await tx.query<{ n: number }>(`SELECT n FROM ${this.s}.sync_upload_chunks WHERE upload_id = $1 ORDER BY n`, [u.upload_id]);
      return {
        status: 'resumed' as const,
        uploadId: u.upload_id,
        chunkBytes: toNumber(u.chunk_bytes),
        chunkCount: toNumber(u.chunk_count),
        received: received.rows.map((r) => toNumber(r.n)),
      };
    });
  }

  private async uploadRow(uploadId: string): Promise<UploadRow> {
    const { rows } = await this.sql.query<UploadRow>(`SELECT * FROM ${this.s}.sync_uploads WHERE upload_id = $1`, [uploadId]);
    if (!rows.length) throw new SyncError('not-found', 'no such upload (it may have expired: start a new one)', { uploadId });
    return rows[0];
  }

  /** Stores chunk n after checking its index, length and SHA-256 (hex). A repeated identical chunk is fine. */
  async putChunk(uploadId: string, n: number, sha256: string, data: Uint8Array): Promise<{ status: 'stored' | 'duplicate' }> {
    const u = await this.uploadRow(uploadId);
    if (u.completed_at_ms !== null) throw new SyncError('upload-complete', 'the upload is already complete', { uploadId });
    const bytes = toNumber(u.bytes);
    const chunkBytes = toNumber(u.chunk_bytes);
    const chunkCount = toNumber(u.chunk_count);
    if (!Number.isInteger(n) || n < 0 || n >= chunkCount) throw new SyncError('bad-chunk', `chunk ${n} is out of range 0..${chunkCount - 1}`, { chunkCount });
    const expected = chunkLength(bytes, chunkBytes, chunkCount, n);
    if (data.length !== expected) throw new SyncError('bad-chunk', `chunk ${n} must be ${expected} bytes, got ${data.length}`, { expectedBytes: expected });
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== sha256) throw new SyncError('checksum-mismatch', `chunk ${n}: its SHA-256 is ${actual}, not the ${sha256} declared`, { actual });
    const have = await this.sql.query<{ sha256: string }>(`SELECT sha256 FROM ${this.s}.sync_upload_chunks WHERE upload_id = $1 AND n = $2`, [uploadId, n]);
    if (have.rows.length) return this.sameChunk(have.rows[0].sha256, sha256, n);
    await this.blobs.writeChunk(uploadId, n, data);
    const ins = await this.sql.query(
      `INSERT INTO ${this.s}.sync_upload_chunks (upload_id, n, sha256, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING n`,
      [uploadId, n, sha256, data.length],
    );
    if (!ins.rows.length) {
      const again = await this.sql.query<{ sha256: string }>(`SELECT sha256 FROM ${this.s}.sync_upload_chunks WHERE upload_id = $1 AND n = $2`, [uploadId, n]);
      return this.sameChunk(again.rows[0]?.sha256, sha256, n);
    }
    await this.sql.query(`UPDATE ${this.s}.sync_uploads SET touched_at_ms = $2 WHERE upload_id = $1`, [uploadId, this.now()]);
    this.options.metrics?.syncChunkBytes.inc(data.length);
    return { status: 'stored' };
  }

  private sameChunk(stored: string | undefined, sent: string, n: number): { status: 'duplicate' } {
    if (stored === sent) return { status: 'duplicate' };
    throw new SyncError('chunk-conflict', `chunk ${n} was already received with another SHA-256`, { stored });
  }

  async uploadStatus(uploadId: string): Promise<UploadStatus> {
    const u = await this.uploadRow(uploadId);
    const { rows } = await this.sql.query<{ n: unknown; bytes: unknown }>(`SELECT n, bytes FROM ${this.s}.sync_upload_chunks WHERE upload_id = $1 ORDER BY n`, [uploadId]);
    const chunkCount = toNumber(u.chunk_count);
    const received = rows.map((r) => toNumber(r.n));
    const got = new Set(received);
    const completed = u.completed_at_ms !== null;
    return {
      uploadId,
      contentHash: u.content_hash,
      bytes: toNumber(u.bytes),
      chunkBytes: toNumber(u.chunk_bytes),
      chunkCount,
      received: completed ? Array.from({ length: chunkCount }, (_, i) => i) : received,
      missing: completed ? [] : Array.from({ length: chunkCount }, (_, i) => i).filter((i) => !got.has(i)),
      bytesReceived: completed ? toNumber(u.bytes) : rows.reduce((s, r) => s + toNumber(r.bytes), 0),
      completed,
    };
  }

  /**
   * Assembles the chunks, verifies the whole file against the declared content hash and stores the
   * session (or, when its content is already stored, offers the upload's metadata). Repeatable.
   */
  async completeUpload(uploadId: string): Promise<{ status: 'stored' | 'exists'; session: SyncSessionRecord; metaApplied: boolean }> {
    const u = await this.uploadRow(uploadId);
    const hash = u.content_hash;
    if (u.completed_at_ms !== null) {
      const row = await this.sessionRow(hash);
      if (!row) throw new SyncError('corrupt', 'the upload completed but its session is missing', { uploadId });
      return { status: 'exists', session: toRecord(row), metaApplied: false };
    }
    const status = await this.uploadStatus(uploadId);
    if (status.missing.length) throw new SyncError('incomplete', `${status.missing.length} of ${status.chunkCount} chunks are missing`, { missing: status.missing });
    const version = versionOf(u);
    let created = false;
    if (!(await this.blobs.has(hash))) {
      const chunks = await this.sql.query<{ n: unknown; sha256: string }>(`SELECT n, sha256 FROM ${this.s}.sync_upload_chunks WHERE upload_id = $1 ORDER BY n`, [uploadId]);
      const assembled = await this.blobs.assemble(
        uploadId,
        chunks.rows.map((c) => ({ n: toNumber(c.n), sha256: c.sha256 })),
      );
      if ('badChunks' in assembled) {
        // A chunk file was lost or damaged since it was acknowledged: forget it, the client sends it again.
        for (const n of assembled.badChunks) {
          await this.sql.query(`DELETE FROM ${this.s}.sync_upload_chunks WHERE upload_id = $1 AND n = $2`, [uploadId, n]);
          await this.blobs.dropChunk(uploadId, n);
        }
        throw new SyncError('incomplete', `${assembled.badChunks.length} chunks must be sent again`, { missing: assembled.badChunks });
      }
      if (assembled.contentHash !== hash || assembled.bytes !== toNumber(u.bytes)) {
        await this.blobs.discard(assembled);
        await this.dropUpload(uploadId);
        throw new SyncError('hash-mismatch', `the assembled file's content hash is ${assembled.contentHash}, not the ${hash} declared: the upload is discarded`, {
          actual: assembled.contentHash,
        });
      }
      await this.blobs.commit(assembled);
    }
    const result = await this.sql.transaction(async (tx) => {
      await this.lockChanges(tx);
      const now = this.now();
      const inserted = await tx.query<SessionRow>(
        `INSERT INTO ${this.s}.sync_sessions (content_hash, bytes, file_name, meta_json, meta_updated_at_ms, meta_device_id, deleted, stored_at_ms, seq)
         VALUES ($1, $2, $3, $4, $5, $6, false, $7, nextval($8::regclass))
         ON CONFLICT (content_hash) DO NOTHING RETURNING *`,
        [hash, toNumber(u.bytes), version.fileName, version.metaJson, version.updatedAtMs, version.deviceId, now, this.seqName],
      );
      let out: { row: SessionRow; applied: boolean };
      if (inserted.rows.length) {
        created = true;
        out = { row: inserted.rows[0], applied: true };
      } else {
        out = await this.applyVersionIn(tx, hash, version);
      }
      await tx.query(`UPDATE ${this.s}.sync_uploads SET completed_at_ms = $2, touched_at_ms = $2 WHERE upload_id = $1`, [uploadId, now]);
      await tx.query(`DELETE FROM ${this.s}.sync_upload_chunks WHERE upload_id = $1`, [uploadId]);
      return out;
    });
    await this.blobs.dropUpload(uploadId);
    if (created) this.options.metrics?.syncSessionsStored.inc();
    return { status: created ? 'stored' : 'exists', session: toRecord(result.row), metaApplied: result.applied };
  }

  private async dropUpload(uploadId: string): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.s}.sync_uploads WHERE upload_id = $1`, [uploadId]);
    await this.blobs.dropUpload(uploadId);
  }

  /** Removes uploads idle (or finished) for longer than UPLOAD_TTL_MS; returns how many. */
  async expireUploads(): Promise<number> {
    const cutoff = this.now() - UPLOAD_TTL_MS;
    const { rows } = await this.sql.query<{ upload_id: string }>(`DELETE FROM ${this.s}.sync_uploads WHERE touched_at_ms < $1 RETURNING upload_id`, [cutoff]);
    for (const r of rows) await this.blobs.dropUpload(r.upload_id);
    return rows.length;
  }

  private lockChanges(tx: SqlClient): Promise<unknown> {
    return tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.lockName]);
  }

  private async sessionRow(hash: string): Promise<SessionRow | undefined> {
    const { rows } = await this.sql.query<SessionRow>(`SELECT * FROM ${this.s}.sync_sessions WHERE content_hash = $1`, [hash]);
    return rows[0];
  }

  private applyVersion(hash: string, version: MetaVersion): Promise<{ row: SessionRow; applied: boolean }> {
    return this.sql.transaction(async (tx) => {
      await this.lockChanges(tx);
      return this.applyVersionIn(tx, hash, version);
    });
  }

  /** Last writer wins: the version replaces the stored one only if it orders after it (and takes a new seq). */
  private async applyVersionIn(tx: SqlClient, hash: string, version: MetaVersion): Promise<{ row: SessionRow; applied: boolean }> {
    const { rows } = await tx.query<SessionRow>(`SELECT * FROM ${this.s}.sync_sessions WHERE content_hash = $1 FOR UPDATE`, [hash]);
    if (!rows.length) throw new SyncError('not-found', 'no such session', { id: hash });
    if (compareVersions(version, versionOf(rows[0])) <= 0) return { row: rows[0], applied: false };
    const updated = await tx.query<SessionRow>(
      `UPDATE ${this.s}.sync_sessions SET file_name = $2, meta_json = $3, meta_updated_at_ms = $4, meta_device_id = $5, deleted = $6,
         seq = nextval($7::regclass) WHERE content_hash = $1 RETURNING *`,
      [hash, version.fileName, version.metaJson, version.updatedAtMs, version.deviceId, version.deleted, this.seqName],
    );
    return { row: updated.rows[0], applied: true };
  }

  async updateMeta(id: string, update: MetaUpdate): Promise<{ session: SyncSessionRecord; metaApplied: boolean }> {
    const current = await this.sessionRow(id);
    if (!current) throw new SyncError('not-found', 'no such session', { id });
    const version: MetaVersion = {
      fileName: update.fileName ?? current.file_name,
      metaJson: canonicalJson(update.meta),
      updatedAtMs: update.updatedAtMs,
      deviceId: update.deviceId,
      deleted: update.deleted ?? false,
    };
    const { row, applied } = await this.applyVersion(id, version);
    return { session: toRecord(row), metaApplied: applied };
  }

  async get(id: string): Promise<SyncSessionRecord | undefined> {
    const row = await this.sessionRow(id);
    return row && toRecord(row);
  }

  /** Sessions changed after the cursor (all of them without one), oldest change first. */
  async changes(since: string | undefined, limit = 500): Promise<ChangesPage> {
    let after = 0;
    let reset = false;
    if (since) {
      const m = CURSOR.exec(since);
      if (!m) throw new SyncError('bad-cursor', `'${since}' is not a sync cursor`);
      if (m[1] === this.epoch) after = Number(m[2]);
      else reset = true;
    }
    if (after > 0) {
      const seq = await this.sql.query<{ last_value: unknown; is_called: boolean }>(`SELECT last_value, is_called FROM ${this.seqName}`);
      const last = seq.rows[0].is_called ? toNumber(seq.rows[0].last_value) : 0;
      if (after > last) {
        after = 0; // a cursor from the future: the database was restored from an older copy
        reset = true;
      }
    }
    const { rows } = await this.sql.query<SessionRow>(`SELECT * FROM ${this.s}.sync_sessions WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, limit + 1]);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const lastSeq = page.length ? toNumber(page[page.length - 1].seq) : after;
    return { changes: page.map(toRecord), cursor: `${this.epoch}.${lastSeq}`, more, reset };
  }

  /** The stored file (its size, and a stream of the whole or of an inclusive byte range). */
  async openFile(id: string, range?: { start: number; end: number }): Promise<{ session: SyncSessionRecord; size: number; stream: () => ReadStream }> {
    const row = await this.sessionRow(id);
    if (!row) throw new SyncError('not-found', 'no such session', { id });
    const size = await this.blobs.has(id);
    if (size === undefined) throw new SyncError('corrupt', 'the session file is missing from the server', { id });
    if (range && (range.start > range.end || range.end >= size)) throw new SyncError('range-not-satisfiable', 'the range is outside the file', { size });
    return { session: toRecord(row), size, stream: () => this.blobs.read(id, range) };
  }
}
