// MQTT telemetry source (mqtt 5 client): subscribes to a topic pattern (default etm/+/telemetry) at QoS 1
// with a persistent session, so that the broker keeps what arrives while the bridge reconnects.
// Reconnects by itself with exponential backoff after the broker goes away.

import mqtt, { type MqttClient } from 'mqtt';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { SourceBase } from './source-base.ts';
import type { TelemetrySource } from './telemetry-source.ts';

export const DEFAULT_MQTT_TOPIC = 'etm/+/telemetry';

export interface MqttSourceOptions {
  /** mqtt://host:port (credentials in the URL or below). */
  url: string;
  /** Subscription pattern; the first '+' level is taken as the car id when a frame names none. */
  topic?: string;
  /** Stable client id: the broker keeps the session (and QoS 1 messages) under it across reconnects. */
  clientId: string;
  username?: string;
  password?: string;
  backoff?: BackoffOptions;
  keepaliveS?: number;
}

export class MqttSource extends SourceBase implements TelemetrySource {
  private client: MqttClient | undefined;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastError: string | undefined;
  private readonly backoff: Backoff;
  private readonly topic: string;
  private readonly carLevel: number;

  constructor(private readonly options: MqttSourceOptions) {
    super('mqtt');
    this.topic = options.topic ?? DEFAULT_MQTT_TOPIC;
    this.carLevel = this.topic.split('/').indexOf('+');
    this.backoff = new Backoff(options.backoff);
  }

  async start(): Promise<void> {
    if (this.client) return;
    this.stopping = false;
    this.setStatus('connecting', this.options.url);
    const client = mqtt.connect(this.options.url, {
      clientId: this.options.clientId,
      clean: false,
      protocolVersion: 4,
      keepalive: this.options.keepaliveS ?? 10,
      connectTimeout: 5000,
      // reconnection is driven here, with backoff
      reconnectPeriod: 0,
      resubscribe: false,
      username: this.options.username,
      password: this.options.password,
    });
    this.client = client;
    client.on('connect', (connack) => {
      this.backoff.reset();
      this.lastError = undefined;
      client.subscribe(this.topic, { qos: 1 }, (err) => {
        if (err) {
          this.setStatus('reconnecting', `subscribe failed: ${err.message}`);
          client.end(true);
          return;
        }
        this.setStatus('connected', `${this.options.url} ${this.topic}${connack.sessionPresent ? ' (session resumed)' : ''}`);
      });
    });
    client.on('message', (topic, payload) => {
      const fallbackCar = this.carLevel >= 0 ? topic.split('/')[this.carLevel] : undefined;
      this.deliver(payload, topic, fallbackCar);
    });
    client.on('error', (err) => {
      this.lastError = err.message;
    });
    client.on('close', () => {
      if (this.stopping) return;
      const delay = this.backoff.next();
      this.setStatus('reconnecting', `${this.lastError ?? 'connection closed'}; retry in ${delay} ms`);
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        if (!this.stopping && !client.connected) client.connect();
      }, delay);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync(true).catch(() => undefined);
    this.setStatus('stopped');
  }
}
