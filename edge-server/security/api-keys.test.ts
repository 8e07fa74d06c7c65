import { describe, expect, it } from 'vitest';
import { KeyRing, keyConfigFromEnv, parseKeyList } from './api-keys.ts';
import { securityFromEnv } from './edge-security.ts';
import { isLoopbackAddress, isLoopbackHost } from './loopback.ts';

const K1 = 'engineer-key-aaaaaaaaaaaa';
const K2 = 'viewer-key-bbbbbbbbbbbbbb';

describe('API key configuration', () => {
  it('reads ETM_API_KEYS and a JSON key file', () => {
    const cfg = keyConfigFromEnv({ ETM_API_KEYS: ` ${K1}:engineer , ${K2}:viewer`, ETM_API_KEYS_FILE: '/keys.json' }, () =>
      JSON.stringify({ keys: [{ key: 'filekey-cccccccccccccc', role: 'viewer', name: 'pit wall' }] }),
    );
    expect(cfg.generatedKey).toBeUndefined();
    expect(cfg.keys.size).toBe(3);
    expect(cfg.keys.lookup(K1)?.role).toBe('engineer');
    expect(cfg.keys.lookup(K2)?.role).toBe('viewer');
    expect(cfg.keys.lookup('filekey-cccccccccccccc')).toMatchObject({ role: 'viewer', name: 'pit wall' });
    expect(cfg.keys.lookup(K1.slice(0, -1))).toBeUndefined();
    expect(cfg.keys.lookup(K1)?.keyId).toMatch(/^[0-9a-f]{12}$/);
  });

  it('refuses weak, malformed, duplicated or mis-roled keys at start-up', () => {
    expect(() => parseKeyList('justakey')).toThrow(/key:role/);
    expect(() => new KeyRing([{ key: 'short', role: 'engineer' }])).toThrow(/shorter than 16/);
    expect(() => new KeyRing([{ key: `${K1} x`, role: 'engineer' }])).toThrow(/characters/);
    expect(() => new KeyRing([{ key: K1, role: 'admin' as never }])).toThrow(/role 'admin'/);
    expect(() => new KeyRing([{ key: K1, role: 'engineer' }, { key: K1, role: 'viewer' }])).toThrow(/twice/);
    expect(() => keyConfigFromEnv({ ETM_API_KEYS_FILE: '/k.json' }, () => '{"keys": 1}')).toThrow(/must hold/);
    expect(() => securityFromEnv({ ETM_API_KEYS: `${K1}:engineer`, ETM_CORS_ORIGINS: 'https://a.example/path' })).toThrow(/not an origin/);
    expect(() => securityFromEnv({ ETM_API_KEYS: `${K1}:engineer`, ETM_RATE_LIMIT: 'fast' })).toThrow(/requestsPerSecond:burst/);
  });

  it('generates one engineer key when none is configured', () => {
    const a = keyConfigFromEnv({});
    const b = keyConfigFromEnv({});
    expect(a.generatedKey).not.toBe(b.generatedKey);
    expect(a.keys.lookup(a.generatedKey!)?.role).toBe('engineer');
    const s = securityFromEnv({ ETM_CORS_ORIGINS: 'https://a.example, http://localhost:5173', ETM_RATE_LIMIT: '5:10' });
    expect(s.corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(s.limiter.options).toMatchObject({ ratePerS: 5, burst: 10 });
  });

  it('recognises loopback addresses and host names', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['10.0.0.1', '::ffff:192.0.2.1', '', undefined, '1127.0.0.1'].some(isLoopbackAddress)).toBe(false);
    expect(['localhost:8000', '127.0.0.1', '[::1]:8000', 'LOCALHOST'].every(isLoopbackHost)).toBe(true);
    expect(['localhost.evil.example', 'evil.example:8000', '127.0.0.1.nip.io'].some(isLoopbackHost)).toBe(false);
  });
});
