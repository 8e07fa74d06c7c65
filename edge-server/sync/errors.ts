// Errors of the sync service, each with the HTTP status the sync routes answer with.

export type SyncErrorCode =
  | 'not-found'
  | 'upload-complete'
  | 'chunk-conflict'
  | 'checksum-mismatch'
  | 'bad-chunk'
  | 'incomplete'
  | 'hash-mismatch'
  | 'too-large'
  | 'range-not-satisfiable'
  | 'bad-cursor'
  | 'corrupt';

const STATUS: Record<SyncErrorCode, 400 | 404 | 409 | 413 | 416 | 422 | 500> = {
  'bad-cursor': 400,
  'not-found': 404,
  'upload-complete': 409,
  'chunk-conflict': 409,
  incomplete: 409,
  'checksum-mismatch': 422,
  'bad-chunk': 422,
  'hash-mismatch': 422,
  'too-large': 413,
  'range-not-satisfiable': 416,
  corrupt: 500,
};

export class SyncError extends Error {
  readonly status: 400 | 404 | 409 | 413 | 416 | 422 | 500;
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SyncError';
    this.status = STATUS[code];
  }
}
