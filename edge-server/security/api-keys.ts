// API keys and their roles: 'engineer' reads and writes, 'viewer' only reads. Configured by
// ETM_API_KEYS='key1:engineer,key2:viewer' and/or ETM_API_KEYS_FILE (JSON: [{"key","role","name"?}]).
// With none configured, one engineer key is generated at start-up (printed once, handed to the
// same-origin PWA by the loopback-only bootstrap endpoint). Keys are held as SHA-256 digests only.

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type Role = 'engineer' | 'viewer';
export const ROLES: readonly Role[] = ['engineer', 'viewer'];

/** Keys shorter than this are refused at start-up (they could be guessed). */
export const MIN_KEY_CHARS = 16;
const KEY_PATTERN = /^[A-Za-z0-9._~+/=-]+$/;

export interface Principal {
  role: Role;
  /** Short digest of the key (safe to log, the rate limiter's bucket). */
  keyId: string;
  name: string;
}

export interface KeySpec {
  key: string;
  role: Role;
  name?: string;
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class KeyRing {
  private readonly byDigest = new Map<string, Principal>();

  constructor(specs: readonly KeySpec[]) {
    specs.forEach((s, i) => {
      if (typeof s.key !== 'string' || s.key.length < MIN_KEY_CHARS) throw new Error(`API key ${i + 1} is shorter than ${MIN_KEY_CHARS} characters`);
      if (!KEY_PATTERN.test(s.key)) throw new Error(`API key ${i + 1} has characters other than letters, digits and ._~+/=-`);
      if (!ROLES.includes(s.role)) throw new Error(`API key ${i + 1} has role '${String(s.role)}' (expected engineer or viewer)`);
      const d = digest(s.key);
      if (this.byDigest.has(d)) throw new Error(`API key ${i + 1} is configured twice`);
      this.byDigest.set(d, { role: s.role, keyId: d.slice(0, 12), name: s.name ?? `${s.role}-${i + 1}` });
    });
  }

  get size(): number {
    return this.byDigest.size;
  }

  /** The key's principal, or undefined. Looked up by digest: no comparison leaks how much of a key matched. */
  lookup(key: string): Principal | undefined {
    return this.byDigest.get(digest(key));
  }
}

/** Parses 'key1:engineer,key2:viewer' (whitespace around items ignored). */
export function parseKeyList(text: string): KeySpec[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item, i) => {
      const at = item.lastIndexOf(':');
      if (at <= 0) throw new Error(`ETM_API_KEYS item ${i + 1} is not key:role`);
      return { key: item.slice(0, at), role: item.slice(at + 1) as Role };
    });
}

export function parseKeyFile(text: string, file: string): KeySpec[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) throw new Error(`${file} must hold [{"key": …, "role": "engineer" | "viewer", "name"?: …}] (or {"keys": [...]})`);
  return list.map((entry, i) => {
    const e = entry as Partial<KeySpec>;
    if (!e || typeof e.key !== 'string' || typeof e.role !== 'string') throw new Error(`${file}: entry ${i + 1} needs "key" and "role" strings`);
    return { key: e.key, role: e.role as Role, ...(typeof e.name === 'string' ? { name: e.name } : {}) };
  });
}

export function generateKey(): string {
  return `etm_${randomBytes(24).toString('base64url')}`;
}

export interface KeyConfig {
  keys: KeyRing;
  /** Set when no key was configured and one engineer key was generated for this run. */
  generatedKey?: string;
}

export function keyConfigFromEnv(env: Record<string, string | undefined>, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): KeyConfig {
  const specs: KeySpec[] = [];
  if (env.ETM_API_KEYS) specs.push(...parseKeyList(env.ETM_API_KEYS));
  if (env.ETM_API_KEYS_FILE) specs.push(...parseKeyFile(readFile(env.ETM_API_KEYS_FILE), env.ETM_API_KEYS_FILE));
  if (specs.length) return { keys: new KeyRing(specs) };
  const generatedKey = generateKey();
  return { keys: new KeyRing([{ key: generatedKey, role: 'engineer', name: 'generated' }]), generatedKey };
}
