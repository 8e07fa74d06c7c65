// The edge server's API key for the live view and sync: one the user entered (kept on this device), else
// the key the server generated for this run, which it hands only to the app opened on its own machine
// (GET /api/auth/bootstrap on loopback). A refused key is dropped: a bootstrap key is fetched again (the
// server may have restarted with a new one), an entered one must be entered again.

import { createSignal, type Accessor } from 'solid-js';

export type KeySource = 'entered' | 'bootstrap';
export type KeyCheck = 'ok' | 'refused' | 'unreachable';

export interface ApiKeyInfo {
  key: string;
  source: KeySource;
}

export interface ApiKeyService {
  current: Accessor<ApiKeyInfo | null>;
  /** The key to use; null when there is none (nothing entered, and the server does not hand one out). Throws when the server is unreachable. */
  key(): Promise<string | null>;
  /** Keeps a key the user typed (on this device) and uses it from now on. */
  enter(key: string): void;
  /** Forgets a key the server refused. */
  drop(key: string): void;
  /** Whether the server accepts the key, and with which role. */
  check(key: string): Promise<{ result: KeyCheck; role: string | null }>;
}

export const ENTERED_KEY_STORAGE = 'etm.apiKey';

export function createApiKeyService(fetchFn: typeof fetch = (i, init) => fetch(i, init), storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = localStorage): ApiKeyService {
  const entered = storage.getItem(ENTERED_KEY_STORAGE);
  const [current, setCurrent] = createSignal<ApiKeyInfo | null>(entered ? { key: entered, source: 'entered' } : null);
  /** The bootstrap answer was "no key for you" (configured keys, or not this machine). */
  let bootstrapRefused = false;

  async function key(): Promise<string | null> {
    const c = current();
    if (c) return c.key;
    if (bootstrapRefused) return null;
    const res = await fetchFn('/api/auth/bootstrap', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (res.status === 403 || res.status === 404) {
      bootstrapRefused = true;
      return null;
    }
    if (!res.ok) throw new Error(`the edge server answered ${res.status} to /api/auth/bootstrap`);
    const body = (await res.json()) as { key?: unknown };
    if (typeof body.key !== 'string' || !body.key) return null;
    setCurrent({ key: body.key, source: 'bootstrap' });
    return body.key;
  }

  return {
    current,
    key,
    enter(k) {
      const trimmed = k.trim();
      if (!trimmed) return;
      storage.setItem(ENTERED_KEY_STORAGE, trimmed);
      setCurrent({ key: trimmed, source: 'entered' });
    },
    drop(k) {
      const c = current();
      if (!c || c.key !== k) return;
      if (c.source === 'entered') storage.removeItem(ENTERED_KEY_STORAGE);
      setCurrent(null);
    },
    async check(k) {
      try {
        const res = await fetchFn('/api/auth/whoami', { headers: { Authorization: `Bearer ${k}`, Accept: 'application/json' }, cache: 'no-store' });
        if (res.status === 401 || res.status === 403) return { result: 'refused', role: null };
        if (!res.ok) return { result: 'unreachable', role: null };
        const body = (await res.json()) as { role?: unknown };
        return { result: 'ok', role: typeof body.role === 'string' ? body.role : null };
      } catch {
        return { result: 'unreachable', role: null };
      }
    },
  };
}
