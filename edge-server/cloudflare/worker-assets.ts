// The static PWA on Workers. Cloudflare refuses assets over 25 MiB, and DuckDB-WASM's two .wasm files are
// 33–38 MiB, so prepare-assets.ts leaves them out of the upload (dist/.assetsignore) and the Worker answers
// for them from the gzip copies the build writes beside them (dist/assets/*.wasm.gz, ~8 MiB): passed
// through as Content-Encoding: gzip, or inflated for a client that does not accept gzip.

import type { AssetsFetcher } from './worker-env.ts';

/** Cloudflare's per-asset limit. */
export const MAX_ASSET_BYTES = 25 * 1024 * 1024;

export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (name === 'gzip' || name === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

async function wasmFromGzip(request: Request, assets: AssetsFetcher): Promise<Response | null> {
  const url = new URL(request.url);
  const gz = await assets.fetch(new Request(new URL(`${url.pathname}.gz`, url), { method: 'GET' }));
  if (!gz.ok || !gz.body) return null;
  const headers = new Headers({
    'Content-Type': 'application/wasm',
    'Cache-Control': 'public, max-age=31536000, immutable',
    Vary: 'Accept-Encoding',
  });
  const etag = gz.headers.get('ETag');
  if (etag) headers.set('ETag', etag);
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  if (acceptsGzip(request.headers.get('Accept-Encoding'))) {
    headers.set('Content-Encoding', 'gzip');
    // 'manual': the body is already gzip; the runtime must not encode it again.
    return new Response(gz.body, { status: 200, headers, encodeBody: 'manual' } as ResponseInit);
  }
  return new Response(gz.body.pipeThrough(new DecompressionStream('gzip')), { status: 200, headers });
}

export async function serveAsset(request: Request, assets: AssetsFetcher): Promise<Response> {
  if (/\.wasm$/.test(new URL(request.url).pathname) && (request.method === 'GET' || request.method === 'HEAD')) {
    const res = await wasmFromGzip(request, assets);
    if (res) return res;
  }
  return assets.fetch(request);
}
