// Turns an error that crossed the worker boundary into banner text: what went wrong and where.

import type { IngestErrorShape } from '../../../workers/ingest/errors.ts';

export function isIngestErrorShape(e: unknown): e is IngestErrorShape {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'IngestError' && 'where' in e;
}

/** 'line 12, column 3, byte 480, channel 'speed'' or undefined when the error has no location. */
export function locationText(e: IngestErrorShape): string | undefined {
  const w = e.where;
  const parts: string[] = [];
  if (w.line !== undefined) parts.push(`line ${w.line.toLocaleString()}`);
  if (w.column !== undefined) parts.push(`column ${w.column.toLocaleString()}`);
  if (w.byteOffset !== undefined) parts.push(`byte ${w.byteOffset.toLocaleString()}`);
  if (w.channel !== undefined) parts.push(`channel '${w.channel}'`);
  return parts.length ? parts.join(', ') : undefined;
}

export function errorMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
