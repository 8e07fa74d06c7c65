// Checks a session against the data model before the store writes anything: the store's exact
// read-back (ORDER BY t) relies on strictly increasing, finite times of the same length as the values.

import type { Session } from '../model/session.ts';
import type { ImportSource } from './session-store.ts';
import { StoreError } from './errors.ts';

const META_TEXT = ['event', 'sessionName', 'track', 'vehicleId', 'vehicleNumber', 'driver', 'sourceFile', 'sourceFormat'] as const;

export function validateSource(source: ImportSource, sessionCount: number): void {
  const file = typeof source.fileName === 'string' ? source.fileName : String(source.fileName);
  if (typeof source.fileName !== 'string') throw new StoreError('bad-argument', 'the source file name must be a string', { file });
  if (typeof source.contentHash !== 'string' || source.contentHash.length === 0) throw new StoreError('bad-argument', 'the content hash is missing', { file });
  if (!Number.isSafeInteger(source.bytes) || source.bytes < 0) throw new StoreError('bad-argument', `the byte size ${source.bytes} is not a non-negative integer`, { file });
  if (sessionCount === 0) throw new StoreError('invalid-session', 'the file yielded no sessions to store', { file });
}

export function validateSession(s: Session, index: number, file: string): void {
  const fail = (detail: string, channel?: string): never => {
    throw new StoreError('invalid-session', detail, { file, sessionIndex: index, channel });
  };
  if (!s || typeof s !== 'object' || !s.meta || !Array.isArray(s.channels)) fail('not a session (meta and channels expected)');
  for (const key of META_TEXT) if (typeof s.meta[key] !== 'string') fail(`meta.${key} must be a string`);
  const start = s.meta.startTimeMs;
  if (start !== null && !(typeof start === 'number' && Number.isFinite(start))) fail('meta.startTimeMs must be a finite number or null');
  if (s.warnings !== undefined && !(Array.isArray(s.warnings) && s.warnings.every((w) => typeof w === 'string'))) fail('warnings must be a list of strings');
  if (s.channels.length === 0) fail('the session has no channels');
  const names = new Set<string>();
  for (const c of s.channels) {
    const name = typeof c.name === 'string' ? c.name : String(c.name);
    if (typeof c.name !== 'string' || c.name.length === 0) fail('a channel has no name', name);
    if (names.has(name)) fail('the channel name appears twice', name);
    names.add(name);
    if (typeof c.sourceName !== 'string' || typeof c.unit !== 'string') fail('sourceName and unit must be strings', name);
    if (c.kind !== 'continuous' && c.kind !== 'discrete') fail(`kind '${String(c.kind)}' is neither 'continuous' nor 'discrete'`, name);
    if (!(c.timeS instanceof Float64Array) || !(c.values instanceof Float64Array)) fail('timeS and values must be Float64Arrays', name);
    if (c.timeS.length !== c.values.length) fail(`${c.timeS.length} times but ${c.values.length} values`, name);
    const t = c.timeS;
    for (let i = 0; i < t.length; i++) {
      if (!Number.isFinite(t[i])) fail(`time ${t[i]} at sample ${i} is not finite`, name);
      if (i > 0 && !(t[i] > t[i - 1])) fail(`times must increase strictly: sample ${i} at ${t[i]} s follows ${t[i - 1]} s`, name);
    }
  }
}
