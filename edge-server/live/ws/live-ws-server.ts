// The /api/live WebSocket endpoint on the Node HTTP server's 'upgrade' event (ws package): authorises
// the upgrade (viewer role or above), reads the initial subscription from the query, greets the tablet,
// and takes 'subscribe' / 'ping' messages. Dead connections are found by ping/pong and cut.

import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CANONICAL } from '../../../workers/model/channels.ts';
import type { LiveMetrics } from '../live-metrics.ts';
import type { SourceStatus } from '../sources/telemetry-source.ts';
import { DEFAULT_LIMITS, LiveClient, type BackpressureLimits } from './live-client.ts';
import type { LiveFanout } from './live-fanout.ts';
import {
  CLOSE_PROTOCOL,
  CLOSE_SHUTDOWN,
  LIVE_PATH,
  LIVE_PROTOCOL_VERSION,
  parseSubscription,
  ProtocolError,
  subscriptionFromQuery,
  subscriptionJson,
  type Subscription,
} from './protocol.ts';

export type LiveAuthResult = { ok: true; role: string } | { ok: false; status: number; message: string; headers?: Record<string, string> };
/** Decides whether an upgrade request may subscribe (the security layer's check, adapted). */
export type LiveAuthorizer = (req: IncomingMessage) => LiveAuthResult | Promise<LiveAuthResult>;

export interface LiveWsOptions {
  fanout: LiveFanout;
  metrics: LiveMetrics;
  authorize: LiveAuthorizer;
  /** What the hello message lists. */
  view: { cars(): string[]; sources(): SourceStatus[] };
  limits?: Partial<BackpressureLimits>;
  /** Most simultaneous clients (default 500). */
  maxClients?: number;
  /** Ping interval; a client that has not answered the previous ping is cut (default 15 s). */
  heartbeatMs?: number;
}

/** Client messages larger than this close the connection. */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;
const MAX_PROTOCOL_ERRORS = 20;

export class LiveWsServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES, perMessageDeflate: false });
  private readonly limits: BackpressureLimits;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly attached: Array<{ server: Server; listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void }> = [];

  constructor(private readonly options: LiveWsOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.heartbeat = setInterval(() => this.ping(), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.options.fanout.clients.size;
  }

  /** Handles upgrades to /api/live on this server; other paths are left to other handlers (or refused when there are none). */
  attach(server: Server): void {
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== LIVE_PATH) {
        if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'no WebSocket endpoint here');
        return;
      }
      socket.on('error', () => socket.destroy());
      void this.upgrade(req, socket, head, url);
    };
    server.on('upgrade', listener);
    this.attached.push({ server, listener });
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    let auth: LiveAuthResult;
    try {
      auth = await this.options.authorize(req);
    } catch (e) {
      refuse(socket, 500, `authorisation failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (!auth.ok) {
      refuse(socket, auth.status, auth.message, auth.headers);
      return;
    }
    if (this.clientCount >= (this.options.maxClients ?? 500)) {
      refuse(socket, 503, 'too many live clients');
      return;
    }
    let sub: Subscription;
    try {
      sub = subscriptionFromQuery(url.searchParams);
    } catch (e) {
      refuse(socket, 400, e instanceof Error ? e.message : String(e));
      return;
    }
    const role = auth.role;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, role, sub));
  }

  private accept(ws: WebSocket, role: string, sub: Subscription): void {
    const { fanout, metrics } = this.options;
    const client = new LiveClient(ws, role, sub, this.limits, metrics, (c) => this.forget(c));
    fanout.clients.add(client);
    metrics.edge.clients.set(fanout.clients.size);
    let errors = 0;
    ws.on('pong', () => (client.alive = true));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      try {
        if (isBinary) throw new ProtocolError('messages must be JSON text');
        this.handle(client, JSON.parse(data.toString()));
      } catch (e) {
        client.send({ type: 'error', code: e instanceof ProtocolError || e instanceof SyntaxError ? 'bad-request' : 'internal', detail: e instanceof Error ? e.message : String(e) });
        if (++errors > MAX_PROTOCOL_ERRORS) client.drop('too many bad messages', CLOSE_PROTOCOL, 'protocol');
      }
    });
    ws.on('close', () => this.forget(client));
    ws.on('error', () => this.forget(client));
    client.send({
      type: 'hello',
      protocol: LIVE_PROTOCOL_VERSION,
      serverTimeMs: Date.now(),
      role,
      subscription: subscriptionJson(sub),
      cars: this.options.view.cars(),
      sources: this.options.view.sources(),
      channels: Object.values(CANONICAL).map((c) => ({ name: c.name, unit: c.unit })),
    });
  }

  private handle(client: LiveClient, msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) throw new ProtocolError('a message must be a JSON object');
    const m = msg as { type?: unknown; id?: unknown };
    switch (m.type) {
      case 'subscribe': {
        client.setSubscription(parseSubscription(msg as Record<string, unknown>, client.subscription));
        client.send({ type: 'subscribed', subscription: subscriptionJson(client.subscription) });
        return;
      }
      case 'ping':
        client.send({ type: 'pong', id: m.id, serverTimeMs: Date.now() });
        return;
      default:
        throw new ProtocolError(`unknown message type ${JSON.stringify(m.type)} (subscribe, ping)`);
    }
  }

  private forget(client: LiveClient): void {
    client.closed = true;
    if (this.options.fanout.clients.delete(client)) this.options.metrics.edge.clients.set(this.options.fanout.clients.size);
  }

  private ping(): void {
    for (const c of this.options.fanout.clients) {
      if (!c.alive) {
        c.drop('no answer to ping', CLOSE_PROTOCOL, 'heartbeat');
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }

  /** Detaches from the servers and closes every client (1001 going away). */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const { server, listener } of this.attached) server.off('upgrade', listener);
    this.attached.length = 0;
    for (const c of [...this.options.fanout.clients]) {
      c.closed = true;
      c.ws.close(CLOSE_SHUTDOWN, 'server shutting down');
      setTimeout(() => c.ws.terminate(), 500).unref();
    }
    this.options.fanout.clients.clear();
    this.options.metrics.edge.clients.set(0);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: STATUS_TEXT[status]?.toLowerCase().replace(/ /g, '-') ?? 'refused', message });
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`,
  );
}
