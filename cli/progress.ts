// Progress on stderr for long CLI operations: silent for the first second, then a bar on a TTY
// or a line every few seconds when stderr is a pipe or file. Never writes to stdout.

export interface ProgressReporter {
  update(label: string, done: number, total: number, unit?: 'bytes' | 'items'): void;
  done(message?: string): void;
}

const QUIET_MS = 1000;
const PIPE_EVERY_MS = 3000;

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = Date.now();
  let lastPrint = 0;
  let shown = false;
  return {
    update(label, done, total, unit = 'bytes') {
      const now = Date.now();
      if (now - started < QUIET_MS) return;
      const interval = stream.isTTY ? 100 : PIPE_EVERY_MS;
      if (now - lastPrint < interval) return;
      lastPrint = now;
      shown = true;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      const amount = unit === 'bytes' ? `${mb(done)}/${mb(total)} MB, ${mb(rate)} MB/s` : `${done}/${total}`;
      const line = `${label} ${(frac * 100).toFixed(0).padStart(3)} % ${bar(frac)} ${amount}`;
      if (stream.isTTY) stream.write(`\r${line}\x1b[K`);
      else stream.write(`${line}\n`);
    },
    done(message) {
      if (shown && stream.isTTY) stream.write('\r\x1b[K');
      if (message && (shown || Date.now() - started >= QUIET_MS)) stream.write(`${message}\n`);
    },
  };
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function bar(frac: number): string {
  const width = 24;
  const full = Math.round(frac * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}
