// The embedded MQTT broker (aedes) that `npm start` runs when no MQTT_URL is given. Its session store
// survives stop()/start() within the process, like a broker with on-disk persistence, so QoS 1
// messages for a subscriber that was away are still delivered after a restart.

import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBrokerOptions {
  port: number;
  /** Default 127.0.0.1 (loopback only); '0.0.0.0' to take the pit wall's loggers. */
  host?: string;
}

export class EmbeddedMqttBroker {
  private broker: Aedes | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  // aedes-persistence's in-memory store, carried from one broker instance to the next
  private persistence: unknown;
  private boundPort = 0;

  constructor(private readonly options: EmbeddedBrokerOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    const host = this.options.host && this.options.host !== '0.0.0.0' ? this.options.host : '127.0.0.1';
    return `mqtt://${host}:${this.boundPort}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const broker = await Aedes.createBroker(this.persistence ? { persistence: this.persistence } : {});
    this.persistence = (broker as unknown as { persistence: unknown }).persistence;
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // after a restart, listen on the same port again
      server.listen(this.boundPort || this.options.port, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.address() as { port: number }).port;
    this.broker = broker;
    this.server = server;
  }

  /** Stops accepting and drops every client connection (as a broker crash would), keeping the session store. */
  async stop(): Promise<void> {
    const { broker, server } = this;
    this.broker = undefined;
    this.server = undefined;
    if (!server || !broker) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await closed;
  }
}
