// The contract every format importer fulfils, and the registry that detects a format from content.

import type { Session } from '../model/session.ts';
import type { IngestLimits, InputFile, ProgressFn } from './input.ts';

export interface ImportOptions {
  onProgress?: ProgressFn;
  limits?: Partial<IngestLimits>;
  /** Aborts a long import (the UI's cancel button). */
  signal?: AbortSignal;
}

export interface FormatImporter {
  /** Short id: 'long-csv', 'wide-csv', 'motec-ld', 'vbox', 'parquet'. */
  id: string;
  /** True when the first bytes (at most 64 KiB) and the name say this importer reads the file. */
  sniff(head: Uint8Array, name: string): boolean;
  read(input: InputFile, options: ImportOptions): Promise<Session[]>;
}
