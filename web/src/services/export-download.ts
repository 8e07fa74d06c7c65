// Session export from the sessions list: the storage worker writes the wide CSV or Parquet file and
// hands back a Blob, which the browser saves as a download.

import type { SessionSummary } from '../../../workers/model/session.ts';
import type { StorageClient } from './storage-client.ts';

export type ExportFormat = 'csv' | 'parquet';

/** 'engitorquemap-demo-11-practice-1.csv': source file (without its extension), car and session, safe characters only. */
export function exportFileName(s: Pick<SessionSummary, 'meta'>, format: ExportFormat): string {
  const base = s.meta.sourceFile.replace(/\.[^.]+$/, '');
  const parts = [base, s.meta.vehicleNumber || s.meta.vehicleId, s.meta.sessionName].filter(Boolean).join('-');
  const safe = parts
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${safe || 'session'}.${format}`;
}

/** Saves a Blob under a file name through a temporary object URL. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function exportSession(storage: StorageClient, session: SessionSummary, format: ExportFormat): Promise<void> {
  const blob = format === 'csv' ? await storage.exportCsv(session.id) : await storage.exportParquet(session.id);
  downloadBlob(blob, exportFileName(session, format));
}
