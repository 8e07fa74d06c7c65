// Typed session-store errors. Each says which operation failed and, where it applies, on which
// session, channel, table or file, so that the CLI, a worker or the HTTP layer can tell the user.

export type StoreErrorCode =
  /** A statement failed in the database engine. */
  | 'sql-failed'
  /** A bound parameter or appended column cannot be passed to the engine as given. */
  | 'bad-argument'
  /** A session handed to the store breaks the data model (lengths, ordering, names). */
  | 'invalid-session'
  /** The requested session does not exist. */
  | 'not-found'
  /** The database holds something the store cannot interpret (e.g. a sample count mismatch). */
  | 'corrupt'
  /** The database was written by a newer schema than this build knows. */
  | 'schema-too-new'
  /** A schema migration failed; the database was left at the previous version. */
  | 'migration-failed'
  /** The driver was used after close(). */
  | 'closed';

export interface StoreErrorLocation {
  sessionId?: string;
  /** Index of a session within the file being imported (0-based). */
  sessionIndex?: number;
  channel?: string;
  table?: string;
  file?: string;
  /** The SQL statement, shortened, for engine errors. */
  sql?: string;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    readonly detail: string,
    readonly where: StoreErrorLocation = {},
    options?: { cause?: unknown },
  ) {
    super(formatStoreMessage(code, detail, where), options);
  }
}

function formatStoreMessage(code: StoreErrorCode, detail: string, w: StoreErrorLocation): string {
  const parts: string[] = [];
  if (w.file !== undefined) parts.push(`file '${w.file}'`);
  if (w.sessionId !== undefined) parts.push(`session ${w.sessionId}`);
  if (w.sessionIndex !== undefined) parts.push(`session #${w.sessionIndex + 1} of the file`);
  if (w.channel !== undefined) parts.push(`channel '${w.channel}'`);
  if (w.table !== undefined) parts.push(`table ${w.table}`);
  const head = parts.length ? `${parts.join(', ')}: ` : '';
  const sql = w.sql !== undefined ? ` (in: ${w.sql})` : '';
  return `${head}${detail}${sql} [${code}]`;
}

/** A statement shortened to one line for error messages. */
export function sqlSnippet(sql: string, max = 120): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The message of any thrown value. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
