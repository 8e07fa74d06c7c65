// Fans frames out to the connected clients: every frame is offered to each client as it arrives, and
// the clients are flushed together at most every minFlushMs (default 4 ms) — right away when the last
// flush is older — so that tablets get few, larger messages with little added latency.

import type { LiveMetrics } from '../live-metrics.ts';
import type { LiveClient } from './live-client.ts';
import type { LiveItem } from './live-item.ts';
import type { ServerMessage } from './protocol.ts';

export class LiveFanout {
  readonly clients = new Set<LiveClient>();
  private scheduled = false;
  private lastFlushMs = 0;
  private recent: LiveItem[] = [];
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly metrics: LiveMetrics,
    private readonly minFlushMs = 4,
  ) {
    // decimated clients get their coalesced frames, and slow ones are timed out, even with no new frames
    this.ticker = setInterval(() => this.flush(), 100);
    this.ticker.unref();
  }

  push(item: LiveItem): void {
    for (const c of this.clients) c.offer(item);
    if (this.clients.size === 0) return;
    this.recent.push(item);
    this.schedule();
  }

  /** A control message to every client that wants this car (all clients when carId is undefined). */
  broadcast(message: ServerMessage, carId?: string): void {
    for (const c of this.clients) if (carId === undefined || c.wantsCar(carId)) c.send(message);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastFlushMs + this.minFlushMs - performance.now();
    if (wait <= 0) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    this.scheduled = false;
    const now = performance.now();
    this.lastFlushMs = now;
    const shared = new Map<string, Buffer>();
    const wall = performance.timeOrigin + now;
    for (const c of this.clients) c.flush(wall, shared);
    for (const it of this.recent) this.metrics.fanoutS.observe(Math.max(0, wall - it.receivedAtMs) / 1000);
    this.recent = [];
    let buffered = 0;
    let pending = 0;
    let decimated = 0;
    for (const c of this.clients) {
      buffered += c.bufferedBytes;
      pending += c.pendingFrames;
      if (c.decimated) decimated++;
    }
    this.metrics.wsBufferedBytes.set(buffered);
    this.metrics.wsPendingFrames.set(pending);
    this.metrics.wsDecimatedClients.set(decimated);
  }

  close(): void {
    clearInterval(this.ticker);
  }
}
