// The forensic replay's clock: play, pause, seek (scrub) and speed (0.25× to 16×) over [startMs, endMs]
// of recording time, advanced from a monotonic wall clock; it stops by itself at the end.

export const REPLAY_SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 4, 8, 16];

export class ReplayClock {
  private anchorMs: number;
  private anchorWallMs = 0;
  private rate = 1;
  playing = false;

  constructor(
    readonly startMs: number,
    readonly endMs: number,
    private readonly wall: () => number = () => performance.now(),
  ) {
    this.anchorMs = startMs;
  }

  /** Replay time now, ms since the epoch (recording time). */
  timeMs(): number {
    if (!this.playing) return this.anchorMs;
    const t = this.anchorMs + (this.wall() - this.anchorWallMs) * this.rate;
    if (t >= this.endMs) {
      this.anchorMs = this.endMs;
      this.playing = false;
      return this.endMs;
    }
    return t;
  }

  get speed(): number {
    return this.rate;
  }

  play(): void {
    if (this.playing) return;
    if (this.anchorMs >= this.endMs) this.anchorMs = this.startMs;
    this.anchorWallMs = this.wall();
    this.playing = true;
  }

  pause(): void {
    this.anchorMs = this.timeMs();
    this.playing = false;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  seek(tMs: number): void {
    this.anchorMs = Math.min(this.endMs, Math.max(this.startMs, tMs));
    this.anchorWallMs = this.wall();
  }

  setSpeed(x: number): void {
    if (!REPLAY_SPEEDS.includes(x)) throw new RangeError(`replay speed ${x} is not one of ${REPLAY_SPEEDS.join(', ')}`);
    this.anchorMs = this.timeMs();
    this.anchorWallMs = this.wall();
    this.rate = x;
  }
}
