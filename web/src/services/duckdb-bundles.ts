// Where DuckDB-WASM's wasm and worker files live in this build (bundled by vite as assets, precached
// by the service worker: no CDN). The storage worker picks the bundle the browser supports.

import type { DuckDBBundles } from '@duckdb/duckdb-wasm';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';

const absolute = (url: string): string => new URL(url, location.href).href;

export function duckdbBundles(): DuckDBBundles {
  return {
    mvp: { mainModule: absolute(mvpWasm), mainWorker: absolute(mvpWorker) },
    eh: { mainModule: absolute(ehWasm), mainWorker: absolute(ehWorker) },
  };
}
