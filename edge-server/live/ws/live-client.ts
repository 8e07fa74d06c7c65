// One connected tablet: its subscription, the frames waiting for the next flush, per-car rate limiting
// and backpressure. A client whose send buffer passes the soft limit is decimated (only each car's
// latest frame, a few times a second); one that stays slow, or passes the hard limit, is closed with
// a reason. Nothing here waits on the socket, so a slow client never holds up the others or the ingest.

import type { WebSocket } from 'ws';
import type { LiveMetrics } from '../live-metrics.ts';
import type { LiveItem } from './live-item.ts';
import { CLOSE_TOO_SLOW, subscriptionJson, type ServerMessage, type Subscription } from './protocol.ts';

export interface BackpressureLimits {
  /** Send-buffer bytes above which the client is decimated (default 1 MiB). */
  softBytes: number;
  /** Send-buffer bytes above which the client is closed at once (default 8 MiB). */
  hardBytes: number;
  /** How long a client may stay above the soft limit before it is closed (default 10 s). */
  maxSlowMs: number;
  /** Frames per second per car a decimated client still gets (default 2). */
  decimatedHz: number;
  /** Frames held for one client between flushes at most (default 20,000); the oldest go first. */
  maxPendingFrames: number;
  /** After closing a client, how long it may take to read what is buffered and the close frame before the socket is cut (default 5 s). */
  closeGraceMs: number;
}

export const DEFAULT_LIMITS: BackpressureLimits = { softBytes: 1 << 20, hardBytes: 8 << 20, maxSlowMs: 10_000, decimatedHz: 2, maxPendingFrames: 20_000, closeGraceMs: 5000 };

let nextId = 1;

export class LiveClient {
  readonly id = nextId++;
  private pending: LiveItem[] = [];
  private readonly lastOfferedTs = new Map<string, number>();
  private channelsKey = '';
  private carsKey = '';
  /** Set when the pending list may differ from other clients' (new subscription, end of decimation). */
  private resyncing = true;
  private slowSinceMs: number | undefined;
  private lastDecimatedFlushMs = 0;
  closed = false;
  alive = true;
  framesSent = 0;

  constructor(
    readonly ws: WebSocket,
    readonly role: string,
    private sub: Subscription,
    private readonly limits: BackpressureLimits,
    private readonly metrics: LiveMetrics,
    private readonly onClosed: (client: LiveClient, reason: string) => void,
  ) {
    this.setSubscription(sub);
  }

  get subscription(): Subscription {
    return this.sub;
  }

  get decimated(): boolean {
    return this.slowSinceMs !== undefined;
  }

  get pendingFrames(): number {
    return this.pending.length;
  }

  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  setSubscription(sub: Subscription): void {
    this.sub = sub;
    this.channelsKey = sub.channels ? [...sub.channels].sort().join(',') : '*';
    this.carsKey = sub.cars ? [...sub.cars].sort().join(',') : '*';
    this.lastOfferedTs.clear();
    this.pending = [];
    this.resyncing = true;
  }

  wantsCar(carId: string): boolean {
    return !this.sub.cars || this.sub.cars.has(carId);
  }

  /** Queues a frame for the next flush if the subscription wants it and the rate limit allows. */
  offer(item: LiveItem): void {
    if (this.closed || !this.wantsCar(item.carId)) return;
    if (this.sub.maxHz > 0) {
      const last = this.lastOfferedTs.get(item.carId);
      // a little tolerance so that 10 Hz frames are not thinned by a 10 Hz limit through clock jitter
      if (last !== undefined && item.tsMs >= last && item.tsMs - last < 950 / this.sub.maxHz) {
        this.metrics.wsFramesSkipped.inc(1, { reason: 'rate' });
        return;
      }
      this.lastOfferedTs.set(item.carId, item.tsMs);
    }
    this.pending.push(item);
    if (this.pending.length > this.limits.maxPendingFrames) {
      const n = this.pending.length - this.limits.maxPendingFrames;
      this.pending.splice(0, n);
      this.metrics.wsFramesSkipped.inc(n, { reason: 'overflow' });
    }
  }

  /**
   * Sends what is pending as one 'frames' message, after checking the send buffer. `shared` caches
   * the encoded message per flush so that clients with the same view share one buffer.
   */
  flush(nowMs: number, shared: Map<string, Buffer>): void {
    if (this.closed) return;
    if (!this.checkBackpressure(nowMs)) return;
    if (this.pending.length === 0) return;
    let items = this.pending;
    if (this.decimated) {
      if (nowMs - this.lastDecimatedFlushMs < 1000 / this.limits.decimatedHz) {
        this.pending = latestPerCar(items);
        this.metrics.wsFramesSkipped.inc(items.length - this.pending.length, { reason: 'decimated' });
        return;
      }
      this.lastDecimatedFlushMs = nowMs;
      const latest = latestPerCar(items);
      this.metrics.wsFramesSkipped.inc(items.length - latest.length, { reason: 'decimated' });
      items = latest;
    }
    this.pending = [];
    // clients with the same view and no per-client thinning get exactly the same items in a flush
    const sharable = this.sub.maxHz === 0 && !this.decimated && !this.resyncing;
    this.resyncing = false;
    const key = sharable ? `${this.carsKey}|${this.channelsKey}|${this.sub.derived ? 1 : 0}|${items.length}` : `client ${this.id}`;
    let buf = shared.get(key);
    if (!buf) {
      const parts = items.map((it) => it.json(this.sub.channels, this.channelsKey, this.sub.derived));
      buf = Buffer.from(`{"type":"frames","frames":[${parts.join(',')}]}`);
      shared.set(key, buf);
    }
    this.ws.send(buf, { binary: false });
    this.framesSent += items.length;
    this.metrics.wsFramesSent.inc(items.length);
  }

  /** Sends a control message (hello, alert, status...) unless the client is slow or closed. */
  send(message: ServerMessage): void {
    if (this.closed) return;
    if (this.decimated && message.type !== 'slow') return;
    this.ws.send(JSON.stringify(message));
  }

  /** False when the client was closed. Enters or leaves decimation by the send buffer's size. */
  checkBackpressure(nowMs: number): boolean {
    const buffered = this.ws.bufferedAmount;
    if (buffered > this.limits.hardBytes) {
      this.drop(`too slow: send buffer ${buffered} bytes over the ${this.limits.hardBytes}-byte limit`);
      return false;
    }
    if (buffered > this.limits.softBytes) {
      if (this.slowSinceMs === undefined) {
        this.slowSinceMs = nowMs;
        this.lastDecimatedFlushMs = nowMs;
        this.send({ type: 'slow', detail: `send buffer over ${this.limits.softBytes} bytes: decimated to ${this.limits.decimatedHz} Hz per car` });
      } else if (nowMs - this.slowSinceMs > this.limits.maxSlowMs) {
        this.drop(`too slow: send buffer over ${this.limits.softBytes} bytes for ${Math.round((nowMs - this.slowSinceMs) / 1000)} s`);
        return false;
      }
    } else if (this.slowSinceMs !== undefined && buffered < this.limits.softBytes / 4) {
      this.slowSinceMs = undefined;
      this.resyncing = true;
      this.send({ type: 'subscribed', subscription: subscriptionJson(this.sub) });
    }
    return true;
  }

  /** Closes the client with a reason it can read; the socket is cut if the close cannot get through. */
  drop(reason: string, code = CLOSE_TOO_SLOW, metricReason = 'slow'): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.metrics.wsClientsDropped.inc(1, { reason: metricReason });
    try {
      this.ws.close(code, reason.slice(0, 120));
    } catch {
      // already closing
    }
    setTimeout(() => this.ws.terminate(), this.limits.closeGraceMs).unref();
    this.onClosed(this, reason);
  }
}

function latestPerCar(items: LiveItem[]): LiveItem[] {
  const latest = new Map<string, LiveItem>();
  for (const it of items) {
    const prev = latest.get(it.carId);
    if (!prev || it.tsMs >= prev.tsMs) latest.set(it.carId, it);
  }
  return [...latest.values()];
}
