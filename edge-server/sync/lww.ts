// Conflict rule for a synced session's metadata (file name, app metadata, deleted flag): last writer wins
// by (updatedAtMs, deviceId), then deleted over live, then the larger canonical JSON — a total order, so
// every side that has seen the same versions picks the same one, whatever order they arrived in.
// Pure TypeScript (no Node APIs): the PWA's sync client uses it too.

export interface MetaVersion {
  fileName: string;
  /** Canonical JSON text of the app metadata (see canonicalJson). */
  metaJson: string;
  /** The editing device's clock, ms since the epoch. */
  updatedAtMs: number;
  deviceId: string;
  deleted: boolean;
}

/** JSON with object keys sorted (recursively): equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** > 0 when a wins over b, < 0 when b wins, 0 when they are the same version. */
export function compareVersions(a: MetaVersion, b: MetaVersion): number {
  return (
    Math.sign(a.updatedAtMs - b.updatedAtMs) ||
    cmp(a.deviceId, b.deviceId) ||
    Number(a.deleted) - Number(b.deleted) ||
    cmp(a.metaJson, b.metaJson) ||
    cmp(a.fileName, b.fileName)
  );
}

/** The winning version of two. */
export function resolve(a: MetaVersion, b: MetaVersion): MetaVersion {
  return compareVersions(a, b) >= 0 ? a : b;
}
