// The session store: imports parsed sessions into DuckDB atomically (per file, deduplicated by
// content hash), lists their summaries, loads them back as typed arrays and deletes them.

import type { ProgressFn } from '../ingest/input.ts';
import type { ChannelKind } from '../model/channels.ts';
import { lapsSeen, sessionDurationS, summarizeChannel, type Channel, type ChannelSummary, type Session, type SessionSummary } from '../model/session.ts';
import { StoreError } from './errors.ts';
import { migrate } from './schema.ts';
import type { SqlDriver, SqlExecutor, SqlParam } from './sql-driver.ts';
import { validateSession, validateSource } from './validate-session.ts';

/** The file the sessions came from. `contentHash` is the dedupe key (see content-hash.ts). */
export interface ImportSource {
  fileName: string;
  contentHash: string;
  bytes: number;
}

export interface ImportResult {
  /** The stored sessions' summaries, in file order. */
  sessions: SessionSummary[];
  /** True when this content was imported before: nothing was written and `sessions` are the existing ones. */
  duplicate: boolean;
}

export interface ImportOptions {
  /** Phase 'store', bytes scaled from the samples written (so one bar can span parse and store). */
  onProgress?: ProgressFn;
}

export interface LoadOptions {
  /** Load only these channels (by name), in session order; all when omitted. */
  channels?: readonly string[];
}

/** Rows per samples append: channels are batched up to this many rows (a larger channel goes alone). */
const APPEND_ROWS = 1 << 20;

interface SessionRow {
  id: string;
  content_hash: string;
  source_file: string;
  source_format: string;
  event: string;
  session_name: string;
  track: string;
  vehicle_id: string;
  vehicle_number: string;
  driver: string;
  start_time_ms: number | null;
  duration_s: number;
  samples: number;
  laps_json: string;
  warnings_json: string | null;
  imported_at_ms: number;
  [k: string]: string | number | boolean | null | bigint;
}

interface ChannelRow {
  channel_key: number;
  session_id: string;
  channel_idx: number;
  name: string;
  source_name: string;
  unit: string;
  kind: string;
  rate_hz: number;
  samples: number;
  [k: string]: string | number | boolean | null | bigint;
}

const SESSION_COLUMNS = `id, content_hash, source_file, source_format, event, session_name, track, vehicle_id, vehicle_number,
  driver, start_time_ms, duration_s, samples, laps_json, warnings_json, imported_at_ms`;
const CHANNEL_COLUMNS = 'channel_key, session_id, channel_idx, name, source_name, unit, kind, rate_hz, samples';

export class SessionStore {
  private constructor(readonly driver: SqlDriver) {}

  /** Opens the store on a driver, creating or migrating the schema. */
  static async open(driver: SqlDriver): Promise<SessionStore> {
    await migrate(driver);
    return new SessionStore(driver);
  }

  /**
   * Stores every session of one file in a single transaction: all land or none do. A file whose
   * content hash is already stored writes nothing and returns the stored summaries with duplicate=true.
   */
  async importSessions(sessions: readonly Session[], source: ImportSource, options: ImportOptions = {}): Promise<ImportResult> {
    validateSource(source, sessions.length);
    sessions.forEach((s, i) => validateSession(s, i, source.fileName));
    const totalSamples = sessions.reduce((n, s) => n + s.channels.reduce((m, c) => m + c.timeS.length, 0), 0);

    return this.driver.transaction(async (tx) => {
      const seen = await tx.query('SELECT 1 AS one FROM imports WHERE content_hash = ?', [source.contentHash]);
      if (seen.length) return { sessions: await summariesWhere(tx, 'content_hash = ?', [source.contentHash]), duplicate: true };

      const importedAtMs = Date.now();
      const ids = await assignSessionIds(tx, sessions, source.contentHash);
      await tx.run('INSERT INTO imports (content_hash, file_name, bytes, imported_at_ms) VALUES (?, ?, ?::BIGINT, ?::BIGINT)', [
        source.contentHash,
        source.fileName,
        source.bytes,
        importedAtMs,
      ]);
      const summaries: SessionSummary[] = [];
      let samplesDone = 0;
      const report = () => options.onProgress?.({ file: source.fileName, phase: 'store', bytesDone: Math.round((source.bytes * samplesDone) / Math.max(1, totalSamples)), bytesTotal: source.bytes });
      for (let i = 0; i < sessions.length; i++) {
        const summary = summarize(sessions[i], ids[i], source.contentHash, importedAtMs);
        await insertSession(tx, sessions[i], summary, i, (n) => {
          samplesDone += n;
          report();
        });
        summaries.push(summary);
      }
      return { sessions: summaries, duplicate: false };
    });
  }

  /** Summaries of the sessions imported from the file with this content hash (empty when none). */
  async findByContentHash(contentHash: string): Promise<SessionSummary[]> {
    return this.driver.transaction((tx) => summariesWhere(tx, 'content_hash = ?', [contentHash]));
  }

  /** Every stored session, oldest import first, file order within an import. */
  async list(): Promise<SessionSummary[]> {
    return this.driver.transaction((tx) => summariesWhere(tx, 'TRUE', []));
  }

  async get(id: string): Promise<SessionSummary | undefined> {
    const found = await this.driver.transaction((tx) => summariesWhere(tx, 'id = ?', [id]));
    return found[0];
  }

  /** The session with its channels as typed arrays, bit-for-bit as imported. */
  async load(id: string, options: LoadOptions = {}): Promise<Session> {
    return this.driver.transaction(async (tx) => {
      const rows = await tx.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`, [id]);
      if (!rows.length) throw new StoreError('not-found', 'no such session', { sessionId: id });
      const row = rows[0];
      let channelRows = await tx.query<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE session_id = ? ORDER BY channel_idx`, [id]);
      if (options.channels) {
        const wanted = new Set(options.channels);
        for (const name of wanted) {
          if (!channelRows.some((c) => c.name === name)) throw new StoreError('not-found', 'the session has no such channel', { sessionId: id, channel: name });
        }
        channelRows = channelRows.filter((c) => wanted.has(c.name));
      }
      const channels: Channel[] = [];
      for (const c of channelRows) {
        const cols = await tx.readColumns('SELECT t, v FROM samples WHERE channel_key = ?::INTEGER ORDER BY t', [c.channel_key]);
        if (cols.t.length !== c.samples) {
          throw new StoreError('corrupt', `expected ${c.samples} samples, found ${cols.t.length}`, { sessionId: id, channel: c.name });
        }
        channels.push({ name: c.name, sourceName: c.source_name, unit: c.unit, kind: channelKind(c), timeS: cols.t, values: cols.v });
      }
      const session: Session = { meta: metaOf(row), channels };
      if (row.warnings_json !== null) session.warnings = JSON.parse(row.warnings_json) as string[];
      return session;
    });
  }

  /** Removes a session and its samples; the file's import record goes with its last session. False when absent. */
  async delete(id: string): Promise<boolean> {
    return this.driver.transaction(async (tx) => {
      const rows = await tx.query<{ content_hash: string }>('SELECT content_hash FROM sessions WHERE id = ?', [id]);
      if (!rows.length) return false;
      await tx.run('DELETE FROM samples WHERE channel_key IN (SELECT channel_key FROM channels WHERE session_id = ?)', [id]);
      await tx.run('DELETE FROM channels WHERE session_id = ?', [id]);
      await tx.run('DELETE FROM session_settings WHERE session_id = ?', [id]);
      await tx.run('DELETE FROM sessions WHERE id = ?', [id]);
      const hash = rows[0].content_hash;
      await tx.run('DELETE FROM imports WHERE content_hash = ? AND NOT EXISTS (SELECT 1 FROM sessions WHERE content_hash = ?)', [hash, hash]);
      return true;
    });
  }

  /** A per-session setting (a JSON document under `key`), or undefined when none was saved. */
  async getSetting<T>(id: string, key: string): Promise<T | undefined> {
    const rows = await this.driver.query<{ json: string }>('SELECT json FROM session_settings WHERE session_id = ? AND key = ?', [id, key]);
    return rows.length ? (JSON.parse(rows[0].json) as T) : undefined;
  }

  /** Saves a per-session setting, replacing any earlier value; the session must exist. */
  async putSetting(id: string, key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new StoreError('bad-argument', `setting '${key}' has no JSON form`, { sessionId: id });
    await this.driver.transaction(async (tx) => {
      const exists = await tx.query<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE id = ?', [id]);
      if (exists[0].n === 0) throw new StoreError('not-found', `no session '${id}'`, { sessionId: id });
      await tx.run('DELETE FROM session_settings WHERE session_id = ? AND key = ?', [id, key]);
      await tx.run('INSERT INTO session_settings (session_id, key, json, updated_at_ms) VALUES (?, ?, ?, ?::BIGINT)', [id, key, json, Date.now()]);
    });
  }

  async count(): Promise<number> {
    const rows = await this.driver.query<{ n: number }>('SELECT count(*) AS n FROM sessions');
    return rows[0].n;
  }

  /** Closes the underlying driver. */
  close(): Promise<void> {
    return this.driver.close();
  }
}

function summarize(s: Session, id: string, contentHash: string, importedAtMs: number): SessionSummary {
  const channels = s.channels.map(summarizeChannel);
  return {
    id,
    meta: { ...s.meta },
    durationS: sessionDurationS(s),
    samples: channels.reduce((n, c) => n + c.samples, 0),
    laps: lapsSeen(s),
    channels,
    contentHash,
    importedAtMs,
  };
}

async function insertSession(tx: SqlExecutor, s: Session, summary: SessionSummary, position: number, onSamples: (n: number) => void): Promise<void> {
  const m = summary.meta;
  const params: SqlParam[] = [
    summary.id, summary.contentHash, position, m.sourceFile, m.sourceFormat, m.event, m.sessionName, m.track, m.vehicleId, m.vehicleNumber,
    m.driver, m.startTimeMs, summary.durationS, summary.samples, JSON.stringify(summary.laps), s.warnings ? JSON.stringify(s.warnings) : null,
    summary.importedAtMs,
  ];
  await tx.run(
    `INSERT INTO sessions (id, content_hash, file_position, source_file, source_format, event, session_name, track, vehicle_id,
       vehicle_number, driver, start_time_ms, duration_s, samples, laps_json, warnings_json, imported_at_ms)
     VALUES (?, ?, ?::INTEGER, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::BIGINT, ?, ?, ?::BIGINT)`,
    params,
  );
  if (!s.channels.length) return;
  const keys = await tx.query<{ k: number }>(`SELECT nextval('channel_key_seq')::INTEGER AS k FROM range(?::BIGINT) ORDER BY k`, [s.channels.length]);
  const batch: { key: number; channel: Channel }[] = [];
  let batchRows = 0;
  const flush = async () => {
    if (!batch.length) return;
    await appendSamples(tx, batch, batchRows, summary.id);
    onSamples(batchRows);
    batch.length = 0;
    batchRows = 0;
  };
  for (let i = 0; i < s.channels.length; i++) {
    const c = s.channels[i];
    const cs = summary.channels[i];
    await tx.run(
      `INSERT INTO channels (channel_key, session_id, channel_idx, name, source_name, unit, kind, rate_hz, samples)
       VALUES (?::INTEGER, ?, ?::INTEGER, ?, ?, ?, ?, ?, ?::BIGINT)`,
      [keys[i].k, summary.id, i, c.name, c.sourceName, c.unit, c.kind, cs.rateHz, cs.samples],
    );
    if (batchRows > 0 && batchRows + c.timeS.length > APPEND_ROWS) await flush();
    batch.push({ key: keys[i].k, channel: c });
    batchRows += c.timeS.length;
  }
  await flush();
}

async function appendSamples(tx: SqlExecutor, batch: readonly { key: number; channel: Channel }[], rows: number, sessionId: string): Promise<void> {
  const keyColumn = new Int32Array(rows);
  let t: Float64Array;
  let v: Float64Array;
  if (batch.length === 1) {
    keyColumn.fill(batch[0].key);
    t = batch[0].channel.timeS;
    v = batch[0].channel.values;
  } else {
    t = new Float64Array(rows);
    v = new Float64Array(rows);
    let at = 0;
    for (const { key, channel } of batch) {
      const n = channel.timeS.length;
      keyColumn.fill(key, at, at + n);
      t.set(channel.timeS, at);
      v.set(channel.values, at);
      at += n;
    }
  }
  try {
    await tx.appendColumns('samples', { channel_key: keyColumn, t, v });
  } catch (e) {
    if (e instanceof StoreError && e.where.sessionId === undefined) {
      throw new StoreError(e.code, e.detail, { ...e.where, sessionId, channel: batch.map((b) => b.channel.name).join(', ') }, { cause: e });
    }
    throw e;
  }
}

/** `s_` + 8 hex digits of SHA-256(content hash, vehicle id, its ordinal among the file's sessions of that vehicle); re-hashed on a clash. */
async function assignSessionIds(tx: SqlExecutor, sessions: readonly Session[], contentHash: string): Promise<string[]> {
  const ids: string[] = [];
  const used = new Set<string>();
  const ordinals = new Map<string, number>();
  for (const s of sessions) {
    const ordinal = ordinals.get(s.meta.vehicleId) ?? 0;
    ordinals.set(s.meta.vehicleId, ordinal + 1);
    for (let attempt = 0; ; attempt++) {
      const id = await sessionIdFor(contentHash, s.meta.vehicleId, ordinal, attempt);
      if (used.has(id)) continue;
      const clash = await tx.query('SELECT 1 AS one FROM sessions WHERE id = ?', [id]);
      if (clash.length) continue;
      used.add(id);
      ids.push(id);
      break;
    }
  }
  return ids;
}

export async function sessionIdFor(contentHash: string, vehicleId: string, ordinal: number, attempt = 0): Promise<string> {
  const text = [contentHash, vehicleId, String(ordinal), ...(attempt ? [String(attempt)] : [])].join('\u0000');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let hex = '';
  for (let i = 0; i < 4; i++) hex += digest[i].toString(16).padStart(2, '0');
  return `s_${hex}`;
}

async function summariesWhere(tx: SqlExecutor, where: string, params: SqlParam[]): Promise<SessionSummary[]> {
  const rows = await tx.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE ${where} ORDER BY imported_at_ms, content_hash, file_position`, params);
  if (!rows.length) return [];
  const channelRows = await tx.query<ChannelRow>(
    `SELECT ${CHANNEL_COLUMNS} FROM channels WHERE session_id IN (SELECT id FROM sessions WHERE ${where}) ORDER BY session_id, channel_idx`,
    params,
  );
  const bySession = new Map<string, ChannelSummary[]>();
  for (const c of channelRows) {
    let list = bySession.get(c.session_id);
    if (!list) bySession.set(c.session_id, (list = []));
    list.push({ name: c.name, sourceName: c.source_name, unit: c.unit, kind: channelKind(c), rateHz: c.rate_hz, samples: c.samples });
  }
  return rows.map((r) => ({
    id: r.id,
    meta: metaOf(r),
    durationS: r.duration_s,
    samples: r.samples,
    laps: JSON.parse(r.laps_json) as number[],
    channels: bySession.get(r.id) ?? [],
    contentHash: r.content_hash,
    importedAtMs: r.imported_at_ms,
  }));
}

function metaOf(r: SessionRow): Session['meta'] {
  return {
    event: r.event,
    sessionName: r.session_name,
    track: r.track,
    vehicleId: r.vehicle_id,
    vehicleNumber: r.vehicle_number,
    driver: r.driver,
    startTimeMs: r.start_time_ms,
    sourceFile: r.source_file,
    sourceFormat: r.source_format,
  };
}

function channelKind(c: ChannelRow): ChannelKind {
  if (c.kind === 'continuous' || c.kind === 'discrete') return c.kind;
  throw new StoreError('corrupt', `unknown channel kind '${c.kind}'`, { sessionId: c.session_id, channel: c.name });
}
