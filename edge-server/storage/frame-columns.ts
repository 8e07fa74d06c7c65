// The frame table's channel columns: one float8 column per canonical channel of workers/model/channels.ts,
// a fixed allow-list that is the only source of column identifiers in frame SQL. Other channel names are
// kept per row in extra_names/extra_values.

import { CANONICAL } from '../../workers/model/channels.ts';
import { quoteIdent } from './sql-client.ts';

const RESERVED = new Set(['session_id', 'car_id', 'ts', 'extra_names', 'extra_values']);

/** Canonical channel names, in column order. */
export const CHANNEL_COLUMNS: readonly string[] = Object.keys(CANONICAL).map((name) => {
  if (RESERVED.has(name)) throw new Error(`canonical channel '${name}' collides with a frame column`);
  quoteIdent(name); // throws unless a plain lower-case identifier
  return name;
});

const INDEX = new Map(CHANNEL_COLUMNS.map((n, i) => [n, i]));

/** The column index of a canonical channel, or -1 for any other name. */
export function channelColumnIndex(name: string): number {
  return INDEX.get(name) ?? -1;
}

/** `"speed", "throttle", …` for SQL. */
export const CHANNEL_COLUMN_LIST = CHANNEL_COLUMNS.map(quoteIdent).join(', ');
