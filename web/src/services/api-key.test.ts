import { describe, expect, it } from 'vitest';
import { createApiKeyService, ENTERED_KEY_STORAGE } from './api-key.ts';

function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

function server(handler: (path: string, auth: string | null) => Response): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => handler(String(input), new Headers(init?.headers).get('Authorization'))) as typeof fetch;
}

describe('API key service', () => {
  it('prefers an entered key, else the bootstrap key; a refused bootstrap key is fetched again', async () => {
    let boot = 'generated-key-1-aaaaaaaa';
    const fetchFn = server((path, auth) => {
      if (path === '/api/auth/bootstrap') return Response.json({ key: boot, role: 'engineer' });
      return auth === `Bearer ${boot}` || auth === 'Bearer typed-key-000000000000' ? Response.json({ role: 'engineer' }) : new Response('{}', { status: 401 });
    });
    const store = memoryStorage();
    const keys = createApiKeyService(fetchFn, store);
    expect(await keys.key()).toBe('generated-key-1-aaaaaaaa');
    expect(keys.current()?.source).toBe('bootstrap');
    boot = 'generated-key-2-bbbbbbbb'; // the server restarted
    expect((await keys.check('generated-key-1-aaaaaaaa')).result).toBe('refused');
    keys.drop('generated-key-1-aaaaaaaa');
    expect(await keys.key()).toBe('generated-key-2-bbbbbbbb');
    keys.enter('  typed-key-000000000000 ');
    expect(store.m.get(ENTERED_KEY_STORAGE)).toBe('typed-key-000000000000');
    expect(await keys.key()).toBe('typed-key-000000000000');
    expect(await keys.check('typed-key-000000000000')).toEqual({ result: 'ok', role: 'engineer' });
    keys.drop('typed-key-000000000000');
    expect(store.m.has(ENTERED_KEY_STORAGE)).toBe(false);
  });

  it('gives no key when the server keeps its keys (404/403), and says when it is unreachable', async () => {
    const keys = createApiKeyService(server(() => new Response('{}', { status: 404 })), memoryStorage());
    expect(await keys.key()).toBeNull();
    const down = createApiKeyService((async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch, memoryStorage());
    await expect(down.key()).rejects.toThrow();
    expect((await down.check('x-key-0000000000000000')).result).toBe('unreachable');
  });
});
