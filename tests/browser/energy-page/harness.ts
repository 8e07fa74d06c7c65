// Node side of the energy test page: builds tests/browser/energy-page with vite into a temporary folder,
// serves it (and in-memory datasets under /data/) on 127.0.0.1 — a secure context, as WebGPU requires —
// and opens it in /usr/bin/chromium with --enable-unsafe-webgpu (SwiftShader where there is no GPU).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import type { EnergyPageApi } from './entry.ts';

const PAGE_ROOT = fileURLToPath(new URL('./', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_WEBGPU_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

export interface EnergyPage {
  page: Page;
  /** Serves a dataset at /data/<name> and returns its URL path. */
  serve(name: string, data: ArrayBuffer): string;
  /** Calls window.etmEnergy[method](...args) in the page. */
  call<K extends keyof EnergyPageApi>(method: K, ...args: Parameters<EnergyPageApi[K]>): Promise<Awaited<ReturnType<EnergyPageApi[K]>>>;
  consoleErrors: string[];
  close(): Promise<void>;
}

/** `webgpu: false` leaves out --enable-unsafe-webgpu (to see the page's no-adapter path). */
export async function openEnergyPage(options: { webgpu?: boolean } = {}): Promise<EnergyPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'etm-energy-page-'));
  await build({
    configFile: false,
    root: PAGE_ROOT,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false, reportCompressedSize: false, chunkSizeWarningLimit: 4096 },
    worker: { format: 'es' },
  });
  const data = new Map<string, Uint8Array>();
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    try {
      if (path.startsWith('/data/')) {
        const body = data.get(path.slice(6));
        if (!body) throw new Error('no such dataset');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.byteLength });
        res.end(body);
        return;
      }
      const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
      if (!file.startsWith(outDir)) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let browser: Browser | undefined;
  try {
    const args = options.webgpu === false ? CHROMIUM_WEBGPU_ARGS.filter((a) => a !== '--enable-unsafe-webgpu') : CHROMIUM_WEBGPU_ARGS;
    browser = await chromium.launch({ executablePath: CHROMIUM, args, headless: true });
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => 'etmEnergy' in window, null, { timeout: 30_000 });
    const b = browser;
    return {
      page,
      consoleErrors,
      serve(name, buffer) {
        data.set(name, new Uint8Array(buffer));
        return `/data/${name}`;
      },
      call(method, ...args) {
        return page.evaluate(([m, a]) => (window as unknown as { etmEnergy: Record<string, (...x: unknown[]) => unknown> }).etmEnergy[m as string](...(a as unknown[])), [method, args] as const) as never;
      },
      async close() {
        await b.close();
        server.close();
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    server.close();
    await rm(outDir, { recursive: true, force: true });
    throw e;
  }
}
