// Test support: run an etm command in-process and capture its exit code, stdout and stderr.

import { vi } from 'vitest';
import { main } from './main.ts';

export interface EtmRun { code: number; stdout: string; stderr: string }

export async function runEtm(...argv: string[]): Promise<EtmRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { stdout += String(s); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { stderr += String(s); return true; });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
