// A tiny step runner for the browser acceptance test: times each step, stops at the first failure
// (later steps depend on earlier ones), and prints 'N passed, N failed'.

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export class Steps {
  readonly results: StepResult[] = [];
  private failed = false;

  constructor(private readonly log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {}

  /** Runs `fn` unless an earlier step failed; returns whether it passed. */
  async run(name: string, fn: () => Promise<void>): Promise<boolean> {
    if (this.failed) {
      this.results.push({ name, ok: false, ms: 0, error: 'not run: an earlier step failed' });
      this.log(`  SKIP  ${name}`);
      return false;
    }
    const start = performance.now();
    try {
      await fn();
      const ms = performance.now() - start;
      this.results.push({ name, ok: true, ms });
      this.log(`  PASS  ${name}  (${(ms / 1000).toFixed(2)} s)`);
      return true;
    } catch (e) {
      const ms = performance.now() - start;
      const error = e instanceof Error ? e.message : String(e);
      this.results.push({ name, ok: false, ms, error });
      this.failed = true;
      this.log(`  FAIL  ${name}  (${(ms / 1000).toFixed(2)} s)\n        ${error.split('\n').join('\n        ')}`);
      return false;
    }
  }

  /** Steps that did not run count as failed; `notRun` says how many of those there were. */
  summary(): { passed: number; failed: number; notRun: number } {
    const passed = this.results.filter((r) => r.ok).length;
    const notRun = this.results.filter((r) => !r.ok && r.ms === 0 && r.error?.startsWith('not run')).length;
    return { passed, failed: this.results.length - passed, notRun };
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
