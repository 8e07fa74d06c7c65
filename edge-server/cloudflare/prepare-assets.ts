// Readies dist/ for the Workers static-assets upload (wrangler.toml [build] runs this before `wrangler dev`
// and `wrangler deploy`): files over Cloudflare's 25 MiB limit (DuckDB-WASM's .wasm) go into
// dist/.assetsignore — the Worker serves them from their .gz copies (worker-assets.ts) — and dist/_headers
// gives the static files the Node server's security headers and cache rules.
// Run: node --import tsx edge-server/cloudflare/prepare-assets.ts [distDir]

import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from '../middleware/security-headers.ts';
import { MAX_ASSET_BYTES } from './worker-assets.ts';

export interface PreparedAssets {
  /** Paths (relative to dist/, '/'-separated) left out of the upload. */
  ignored: string[];
  files: number;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

export function headersFile(): string {
  const security = Object.entries(SECURITY_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
  return [
    '# written by edge-server/cloudflare/prepare-assets.ts: the same headers as the Node edge server',
    '/*',
    ...security,
    '/assets/*',
    '  Cache-Control: public, max-age=31536000, immutable',
    '/sw.js',
    '  Cache-Control: no-cache',
    '  Service-Worker-Allowed: /',
    '/index.html',
    '  Cache-Control: no-cache',
    '/manifest.webmanifest',
    '  Cache-Control: no-cache',
    '',
  ].join('\n');
}

export function prepareAssets(distDir: string, maxBytes = MAX_ASSET_BYTES): PreparedAssets {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`${distDir} has no index.html: run \`npm run build\` first`);
  const ignored: string[] = [];
  let files = 0;
  for (const path of walk(distDir)) {
    const rel = relative(distDir, path).split('\\').join('/');
    if (rel === '.assetsignore' || rel === '_headers') continue;
    files++;
    if (statSync(path).size <= maxBytes) continue;
    const gz = `${path}.gz`;
    if (!/\.wasm$/.test(rel) || !existsSync(gz) || statSync(gz).size > maxBytes) {
      throw new Error(`${rel} is over Cloudflare's 25 MiB asset limit and has no gzip copy under it that the Worker could serve`);
    }
    ignored.push(rel);
  }
  writeFileSync(join(distDir, '.assetsignore'), `# written by edge-server/cloudflare/prepare-assets.ts: over 25 MiB, served from their .gz by the Worker\n${ignored.map((r) => `/${r}`).join('\n')}\n`);
  writeFileSync(join(distDir, '_headers'), headersFile());
  return { ignored, files };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = resolve(process.argv[2] ?? fileURLToPath(new URL('../../dist/', import.meta.url)));
  try {
    const r = prepareAssets(distDir);
    process.stderr.write(`prepare-assets: ${r.files} files in ${distDir}; served from .gz by the Worker: ${r.ignored.join(', ') || 'none'}\n`);
  } catch (e) {
    process.stderr.write(`prepare-assets: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
