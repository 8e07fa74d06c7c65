// Builds the installable offline PWA from web/ into dist/: SolidJS, module workers, and a workbox
// service worker that precaches everything (DuckDB-WASM's wasm and worker files included).

import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

const THEME_COLOUR = '#0f1419';
const OUT_DIR = new URL('./dist/', import.meta.url);

/** Writes a .gz beside each compressible output file (the edge server sends it to gzip-capable clients). */
function precompress(): Plugin {
  const compressible = /\.(?:js|mjs|css|html|wasm|svg|json|webmanifest)$/;
  const gzipAsync = promisify(gzip);
  async function* files(dir: string): AsyncGenerator<string> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* files(path);
      else if (compressible.test(entry.name)) yield path;
    }
  }
  return {
    name: 'etm-precompress',
    apply: 'build',
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const jobs: Promise<void>[] = [];
        for await (const path of files(OUT_DIR.pathname)) {
          if ((await stat(path)).size < 1024) continue;
          jobs.push(readFile(path).then((bytes) => gzipAsync(bytes, { level: 6 })).then((gz) => writeFile(`${path}.gz`, gz)));
        }
        await Promise.all(jobs);
      },
    },
  };
}

export default defineConfig({
  root: 'web',
  publicDir: '../public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // The DuckDB-WASM binaries are copied as they are; only JS is minified.
    chunkSizeWarningLimit: 2048,
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://localhost:8000' } },
  plugins: [
    solid(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        name: 'EngiTorqueMap',
        short_name: 'EngiTorqueMap',
        description: "Race engineer's telemetry workbench: import logger files, review sessions offline.",
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: THEME_COLOUR,
        background_color: THEME_COLOUR,
        categories: ['sports', 'utilities'],
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,wasm,png,svg,ico,webmanifest,json}'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
    precompress(),
  ],
});
