// A client of the sync API that runs wherever fetch, Blob and crypto.subtle exist (the PWA, Node tests):
// push a file (resuming an interrupted upload: only the missing chunks are sent), pull changes since a
// cursor (all pages), download a session file (verified against its content hash), edit metadata.

import { hashBlob } from '../../workers/storage/content-hash.ts';
import type { ChangesPage, CreateUploadResult, MetaUpdate, SyncSessionRecord, UploadStatus } from './sync-service.ts';

export interface SyncClientOptions {
  /** e.g. 'http://edge.local:8000' ('' for same origin). */
  baseUrl: string;
  apiKey: string;
  deviceId: string;
  fetch?: typeof fetch;
  /** Proposed chunk size (the server may choose another). */
  chunkBytes?: number;
}

export interface PushFile {
  blob: Blob;
  fileName: string;
  meta: Record<string, unknown>;
  metaUpdatedAtMs: number;
  /** The etm-c4m hash when already known (computed otherwise). */
  contentHash?: string;
}

export interface PushResult {
  status: 'stored' | 'exists';
  session: SyncSessionRecord;
  metaApplied: boolean;
  /** Chunks sent by this call (0 when the server had the file). */
  chunksSent: number;
  /** Chunks the server already had from an earlier, interrupted attempt. */
  chunksResumed: number;
}

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'SyncHttpError';
  }
}

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export class SyncClient {
  private readonly fetchFn: typeof fetch;

  constructor(readonly options: SyncClientOptions) {
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  private async call<T>(method: string, path: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.apiKey}`, ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await this.fetchFn(`${this.options.baseUrl}${path}`, { method, headers, body });
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new SyncHttpError(res.status, String(data.error ?? 'error'), String(data.message ?? res.statusText), data);
    return { status: res.status, body: data as T };
  }

  /** Uploads the file unless the server has it; an earlier interrupted upload of the same content is resumed. */
  async push(file: PushFile): Promise<PushResult> {
    const contentHash = file.contentHash ?? (await hashBlob(file.blob));
    const created = await this.call<CreateUploadResult>('POST', '/api/sync/uploads', {
      json: {
        contentHash,
        bytes: file.blob.size,
        fileName: file.fileName,
        ...(this.options.chunkBytes ? { chunkBytes: this.options.chunkBytes } : {}),
        meta: file.meta,
        metaUpdatedAtMs: file.metaUpdatedAtMs,
        deviceId: this.options.deviceId,
      },
    });
    const r = created.body;
    if (r.status === 'exists') return { status: 'exists', session: r.session, metaApplied: r.metaApplied, chunksSent: 0, chunksResumed: 0 };
    const have = new Set(r.received);
    let sent = 0;
    for (let n = 0; n < r.chunkCount; n++) {
      if (have.has(n)) continue;
      const data = await file.blob.slice(n * r.chunkBytes, Math.min(file.blob.size, (n + 1) * r.chunkBytes)).arrayBuffer();
      await this.call('PUT', `/api/sync/uploads/${r.uploadId}/chunks/${n}`, {
        body: data,
        headers: { 'Content-Type': 'application/octet-stream', 'X-Chunk-Sha256': await sha256Hex(data) },
      });
      sent++;
    }
    const done = await this.call<{ status: 'stored' | 'exists'; session: SyncSessionRecord; metaApplied: boolean }>('POST', `/api/sync/uploads/${r.uploadId}/complete`);
    return { ...done.body, chunksSent: sent, chunksResumed: have.size };
  }

  uploadStatus(uploadId: string): Promise<UploadStatus> {
    return this.call<UploadStatus>('GET', `/api/sync/uploads/${uploadId}`).then((r) => r.body);
  }

  /** Every change after `since` (all pages); keep the returned cursor for next time. */
  async changes(since?: string, pageSize = 500): Promise<{ changes: SyncSessionRecord[]; cursor: string; reset: boolean }> {
    const changes: SyncSessionRecord[] = [];
    let cursor = since;
    let reset = false;
    for (;;) {
      const q = new URLSearchParams({ limit: String(pageSize), ...(cursor ? { since: cursor } : {}) });
      const page = (await this.call<ChangesPage>('GET', `/api/sync/sessions?${q}`)).body;
      if (page.reset) {
        reset = true;
        changes.length = 0;
      }
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.more) return { changes, cursor, reset };
    }
  }

  /** The session file, checked against its content hash. */
  async download(id: string): Promise<Blob> {
    const res = await this.fetchFn(`${this.options.baseUrl}/api/sync/sessions/${id}/file`, { headers: { Authorization: `Bearer ${this.options.apiKey}` } });
    if (!res.ok) {
      const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      throw new SyncHttpError(res.status, String(data.error ?? 'error'), String(data.message ?? res.statusText), data);
    }
    const blob = await res.blob();
    const hash = await hashBlob(blob);
    if (hash !== id) throw new SyncHttpError(res.status, 'hash-mismatch', `downloaded ${blob.size} bytes hash to ${hash}, not ${id}`, {});
    return blob;
  }

  async updateMeta(id: string, update: Omit<MetaUpdate, 'deviceId'>): Promise<{ session: SyncSessionRecord; metaApplied: boolean }> {
    return (await this.call<{ session: SyncSessionRecord; metaApplied: boolean }>('PUT', `/api/sync/sessions/${id}/meta`, { json: { ...update, deviceId: this.options.deviceId } })).body;
  }
}
