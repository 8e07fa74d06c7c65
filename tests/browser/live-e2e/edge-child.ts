// The edge server as the live end-to-end test runs it: `node --import tsx edge-server/main.ts` in a child
// process with its configuration in the environment (as an operator starts it), on a free port; its JSON
// log lines give the URL and the generated API key. stop() sends SIGTERM (main.ts shuts down in order).

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface EdgeChild {
  url: string;
  /** The engineer key the server generated (no keys configured). */
  key: string;
  log: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startEdgeChild(repoRoot: string, env: Record<string, string>, timeoutMs = 60_000): Promise<EdgeChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'edge-server', 'main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  let url = '';
  let key = '';
  let pending = '';
  child.stdout!.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        log.push(entry);
        if (entry.msg === 'listening') url = String(entry.url);
        if (typeof entry.key === 'string') key = entry.key;
      } catch {
        stderr.push(line);
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
  };

  const deadline = Date.now() + timeoutMs;
  while (!url || !key || !log.some((l) => l.msg === 'live bridge ready')) {
    if (child.exitCode !== null) throw new Error(`the edge server exited with ${child.exitCode}: ${stderr.join('').slice(-2000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the edge server did not start in ${timeoutMs / 1000} s: ${stderr.join('').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, key, log, stop };
}

/** GET a JSON API path with the key. */
export async function apiGet<T>(edge: Pick<EdgeChild, 'url' | 'key'>, path: string): Promise<T> {
  const res = await fetch(`${edge.url}${path}`, { headers: { Authorization: `Bearer ${edge.key}` } });
  if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
