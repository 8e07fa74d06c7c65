// Throttled 'read' progress for importers: reports when at least 1 % of the file has gone by
// since the last report (and always at the end), so a long import shows steady movement.

import type { ImportProgress, ProgressFn } from './input.ts';

export class ProgressTicker {
  private lastReported = -1;
  private done = 0;
  private readonly step: number;

  constructor(
    private readonly file: string,
    private readonly bytesTotal: number,
    private readonly onProgress: ProgressFn | undefined,
    private readonly phase: ImportProgress['phase'] = 'read',
  ) {
    this.step = Math.max(1, Math.floor(bytesTotal / 100));
  }

  /** Report `bytesDone` if it moved a full step since the last report, or reached the end. */
  tick(bytesDone: number): void {
    if (!this.onProgress) return;
    const done = Math.min(bytesDone, this.bytesTotal);
    if (done - this.lastReported < this.step && done < this.bytesTotal) return;
    if (done === this.lastReported) return;
    this.lastReported = done;
    this.onProgress({ file: this.file, phase: this.phase, bytesDone: done, bytesTotal: this.bytesTotal });
  }

  /** Count `bytes` more as done and report if due (for readers that consume the file in pieces). */
  add(bytes: number): void {
    this.done += bytes;
    this.tick(this.done);
  }

  finish(): void {
    this.tick(this.bytesTotal);
  }
}
