// Errors of the edge server's storage: a code the HTTP layer maps to a status, and a message for people.

export type StorageErrorCode = 'bad-argument' | 'not-found' | 'conflict' | 'unavailable' | 'corrupt';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
