// The tablet's connection to /api/live: opens the WebSocket with the API key (?access_token=, browsers
// cannot set headers there), passes the server's messages on, pings every 10 s (no pong in 10 s: the link
// is dead, reconnect), and reconnects with backoff after any drop. A browser cannot see why an upgrade was
// refused, so a connection that never opened has its key checked over HTTP: a refused key is not retried.

import { Backoff, type BackoffOptions } from './backoff.ts';
import { parseLiveMessage, type LiveServerMessage } from './live-messages.ts';

export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open'; role: string; sinceMs: number }
  | { kind: 'waiting'; retryAtMs: number; reason: string }
  | { kind: 'needs-key'; reason: string }
  | { kind: 'stopped' };

export type KeyCheck = 'ok' | 'refused' | 'unreachable';

/** The part of the browser WebSocket the connection uses (a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveConnectionOptions {
  /** The WebSocket URL for a key. */
  url: (key: string) => string;
  /** The key to connect with; null when there is none (the user must enter one). */
  getKey: () => Promise<string | null>;
  /** Whether the server accepts a key (GET /api/auth/whoami). */
  checkKey: (key: string) => Promise<KeyCheck>;
  /** Forget a refused key (a bootstrap key is fetched again by the next getKey). */
  dropKey: (key: string) => void;
  onMessage: (msg: LiveServerMessage) => void;
  onState: (state: ConnectionState) => void;
  createSocket?: (url: string) => SocketLike;
  backoff?: Partial<BackoffOptions>;
  pingEveryMs?: number;
  now?: () => number;
}

const OPEN = 1;

export class LiveConnection {
  private socket: SocketLike | null = null;
  private readonly backoff: Backoff;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private awaitingPong = false;
  private stopped = true;
  private attempt = 0;
  /** Incremented per connect(): events of an older socket are ignored. */
  private generation = 0;
  state: ConnectionState = { kind: 'idle' };

  constructor(private readonly o: LiveConnectionOptions) {
    this.backoff = new Backoff(o.backoff);
  }

  private setState(s: ConnectionState): void {
    this.state = s;
    this.o.onState(s);
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  /** Starts (or restarts at once, e.g. after a new key) connecting. */
  start(): void {
    this.stopped = false;
    this.backoff.reset();
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.retryTimer);
    this.stopPing();
    const s = this.socket;
    this.socket = null;
    s?.close(1000, 'closed by the user');
    this.setState({ kind: 'stopped' });
  }

  send(msg: Record<string, unknown>): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(msg));
    return true;
  }

  private async connect(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.stopPing();
    const gen = ++this.generation;
    this.socket?.close(1000, 'reconnecting');
    this.socket = null;
    this.setState({ kind: 'connecting', attempt: ++this.attempt });
    let key: string | null;
    try {
      key = await this.o.getKey();
    } catch {
      if (gen === this.generation) this.retry('the edge server is not reachable');
      return;
    }
    if (gen !== this.generation) return;
    if (!key) {
      this.setState({ kind: 'needs-key', reason: 'Enter an API key (printed by the edge server at start-up) to see live telemetry.' });
      return;
    }
    const socket = (this.o.createSocket ?? ((url) => new WebSocket(url)))(this.o.url(key));
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
    };
    socket.onmessage = (ev) => {
      if (gen !== this.generation || typeof ev.data !== 'string') return;
      const msg = parseLiveMessage(ev.data);
      if (!msg) return;
      if (msg.type === 'pong') this.awaitingPong = false;
      if (msg.type === 'hello') {
        this.backoff.reset();
        this.attempt = 0;
        this.setState({ kind: 'open', role: msg.role, sinceMs: this.now() });
        this.startPing();
      }
      this.o.onMessage(msg);
    };
    socket.onerror = () => undefined; // onclose follows
    socket.onclose = (ev) => {
      if (gen !== this.generation) return;
      this.socket = null;
      this.stopPing();
      if (this.stopped) return;
      if (opened) {
        this.retry(ev.code === 4008 ? 'the tablet fell behind the data (closed as too slow)' : `the connection closed${ev.reason ? `: ${ev.reason}` : ''}`);
        return;
      }
      void this.o.checkKey(key).then(
        (check) => {
          if (gen !== this.generation || this.stopped) return;
          if (check === 'refused') {
            this.o.dropKey(key);
            this.retryWithNewKey(gen);
          } else this.retry(check === 'unreachable' ? 'the edge server is not reachable' : 'the live connection was refused');
        },
        () => gen === this.generation && this.retry('the edge server is not reachable'),
      );
    };
  }

  /** After a refused key: a bootstrap key may have changed (server restart), so ask once more; the same or no key stops. */
  private async retryWithNewKey(gen: number): Promise<void> {
    let next: string | null;
    try {
      next = await this.o.getKey();
    } catch {
      // the server went away meanwhile: try again later (the key question comes up again then)
      if (gen === this.generation && !this.stopped) this.retry('the edge server is not reachable');
      return;
    }
    if (gen !== this.generation || this.stopped) return;
    if (next) {
      const check = await this.o.checkKey(next).catch((): KeyCheck => 'unreachable');
      if (check === 'ok') {
        this.connect();
        return;
      }
      if (check === 'refused') this.o.dropKey(next);
    }
    this.setState({ kind: 'needs-key', reason: 'The edge server refused the API key: enter a valid one.' });
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.setState({ kind: 'waiting', retryAtMs: this.now() + delay, reason });
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private startPing(): void {
    const every = this.o.pingEveryMs ?? 10_000;
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) {
        // no pong since the last ping: the link is dead even if the socket does not know yet
        const s = this.socket;
        this.socket = null;
        this.stopPing();
        this.generation++;
        s?.close(4000, 'no pong');
        this.retry('no answer from the edge server');
        return;
      }
      this.awaitingPong = this.send({ type: 'ping', id: this.now() });
    }, every);
  }

  private stopPing(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    this.awaitingPong = false;
  }
}
