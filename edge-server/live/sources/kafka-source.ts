// Kafka telemetry source (@platformatic/kafka): a consumer group on telemetry-stream, records keyed by car
// (so a car's frames stay in order on one partition), values in the same JSON or binary frame format as
// MQTT. Offsets are committed as frames are handed on; when the broker goes away the consumer is rebuilt
// with exponential backoff and resumes from the committed offsets (a new group starts at the latest).

import '../kafka/node20-shim.ts';
import { Consumer, type MessagesStream } from '@platformatic/kafka';
import { ensureKafkaTopics, TELEMETRY_TOPIC } from '../kafka/kafka-topics.ts';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { SourceBase } from './source-base.ts';
import type { TelemetrySource } from './telemetry-source.ts';

export interface KafkaSourceOptions {
  brokers: string[];
  topic?: string;
  groupId: string;
  /** Client id, also the static group member id: unique per server (default etm-edge-<groupId>). */
  clientId?: string;
  /** Where a consumer group without committed offsets starts: 'latest' (default: live data only) or 'earliest'. */
  startFrom?: 'latest' | 'earliest';
  backoff?: BackoffOptions;
}

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

export class KafkaSource extends SourceBase implements TelemetrySource {
  private consumer: Consumer<Buffer, Buffer, Buffer, Buffer> | undefined;
  private stream: Stream | undefined;
  private stopping = true;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private readonly topic: string;
  private generation = 0;

  constructor(private readonly options: KafkaSourceOptions) {
    super('kafka');
    this.topic = options.topic ?? TELEMETRY_TOPIC;
    this.backoff = new Backoff(options.backoff);
  }

  async start(): Promise<void> {
    if (!this.stopping) return;
    this.stopping = false;
    this.setStatus('connecting', this.options.brokers.join(','));
    void this.connect();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    try {
      await ensureKafkaTopics(this.options.brokers, [this.topic]);
      const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
        clientId: this.options.clientId ?? `etm-edge-${this.options.groupId}`,
        groupId: this.options.groupId,
        bootstrapBrokers: this.options.brokers,
        retries: 1,
        timeout: 5000,
        // static membership: a rebuilt consumer takes its predecessor's place at once instead of
        // waiting for the broker to expire it (the session timeout) after a restart
        groupInstanceId: this.options.clientId ?? `etm-edge-${this.options.groupId}`,
        sessionTimeout: 10_000,
        heartbeatInterval: 1000,
        rebalanceTimeout: 10_000,
      });
      this.consumer = consumer;
      const stream = await consumer.consume({
        topics: [this.topic],
        mode: 'committed',
        fallbackMode: this.options.startFrom ?? 'latest',
        autocommit: 200,
        maxWaitTime: 100,
      });
      if (generation !== this.generation || this.stopping) {
        await stream.close().catch(() => undefined);
        await consumer.close(true).catch(() => undefined);
        return;
      }
      this.stream = stream;
      stream.on('data', (message) => {
        const key = message.key?.length ? message.key.toString('utf8') : undefined;
        this.deliver(message.value ?? new Uint8Array(0), `${message.topic}/${message.partition}@${message.offset}`, key);
      });
      stream.on('error', (err: Error) => this.fail(generation, err));
      stream.on('close', () => this.fail(generation, new Error('consumer stream closed')));
      consumer.on('consumer:group:join', () => this.backoff.reset());
      this.setStatus('connected', `${this.options.brokers.join(',')} ${this.topic} group ${this.options.groupId}`);
    } catch (e) {
      this.fail(generation, e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Tears the consumer down and schedules a new one (once per generation). */
  private fail(generation: number, err: Error): void {
    if (generation !== this.generation || this.stopping) return;
    this.generation++;
    const delay = this.backoff.next();
    this.setStatus('reconnecting', `${describe(err)}; retry in ${delay} ms`);
    void this.teardown();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopping) void this.connect();
    }, delay);
  }

  private async teardown(): Promise<void> {
    const { stream, consumer } = this;
    this.stream = undefined;
    this.consumer = undefined;
    stream?.removeAllListeners('data');
    await stream?.close().catch(() => undefined);
    await consumer?.close(true).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.generation++;
    clearTimeout(this.retryTimer);
    await this.teardown();
    this.setStatus('stopped');
  }
}

function describe(err: Error): string {
  const inner = (err as Error & { errors?: Error[] }).errors;
  return inner?.length ? `${err.message}: ${inner.map((e) => e.message).join('; ')}` : err.message;
}
