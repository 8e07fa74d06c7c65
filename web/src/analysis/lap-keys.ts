// Identity of a compared lap across sessions ('<sessionId>:<lap>') and the `laps` URL parameter that
// lists them, the first being the reference.

import type { LapKey } from '../../../workers/laps/analysis.worker.ts';

export function lapKeyId(key: LapKey): string {
  return `${key.sessionId}:${key.lap}`;
}

export function sameLap(a: LapKey, b: LapKey): boolean {
  return a.sessionId === b.sessionId && a.lap === b.lap;
}

/** 'a:3,b:5' or '3,5' (laps of `defaultSessionId`); entries that do not parse and repeats are dropped. */
export function parseLapsParam(text: string | null, defaultSessionId: string): LapKey[] {
  if (!text) return [];
  const out: LapKey[] = [];
  for (const part of text.split(',')) {
    const at = part.lastIndexOf(':');
    const sessionId = at >= 0 ? part.slice(0, at) : defaultSessionId;
    const lap = Number(at >= 0 ? part.slice(at + 1) : part);
    if (!sessionId || !Number.isInteger(lap)) continue;
    const key = { sessionId, lap };
    if (!out.some((k) => sameLap(k, key))) out.push(key);
  }
  return out;
}

/** The inverse of parseLapsParam: laps of `defaultSessionId` are written as bare numbers. */
export function formatLapsParam(keys: readonly LapKey[], defaultSessionId: string): string {
  return keys.map((k) => (k.sessionId === defaultSessionId ? String(k.lap) : lapKeyId(k))).join(',');
}

/** Adds the lap at the end, or removes it when it is already there. */
export function toggleLap(keys: readonly LapKey[], key: LapKey): LapKey[] {
  return keys.some((k) => sameLap(k, key)) ? keys.filter((k) => !sameLap(k, key)) : [...keys, key];
}

/** Moves the lap to the front (it becomes the reference). */
export function makeReference(keys: readonly LapKey[], key: LapKey): LapKey[] {
  return [key, ...keys.filter((k) => !sameLap(k, key))];
}
