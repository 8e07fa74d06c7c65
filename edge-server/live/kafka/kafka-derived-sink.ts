// Produces the bridge's derived results back to Kafka: energy vectors (energy-vectors) and strategy
// alerts (strategy-alerts), keyed by car. Records wait in a bounded queue while Kafka is away (the
// oldest dropped, counted) and are sent in batches; the producer is rebuilt after repeated failures.

import './node20-shim.ts';
import { Producer, stringSerializers } from '@platformatic/kafka';
import type { LiveMetrics } from '../live-metrics.ts';
import { Backoff } from '../sources/backoff.ts';
import { ALERTS_TOPIC, ENERGY_TOPIC, ensureKafkaTopics } from './kafka-topics.ts';

export interface KafkaDerivedSinkOptions {
  brokers: string[];
  clientId?: string;
  energyTopic?: string;
  alertsTopic?: string;
  /** Records held while Kafka is unreachable (default 50,000). */
  maxQueued?: number;
  /** Longest a record waits before a send (default 100 ms). */
  flushMs?: number;
  metrics?: LiveMetrics;
}

interface Outgoing {
  topic: string;
  key: string;
  value: string;
}

export class KafkaDerivedSink {
  private producer: Producer<string, string, string, string> | undefined;
  private queue: Outgoing[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending = false;
  private stopped = false;
  private topicsReady = false;
  private failures = 0;
  private readonly backoff = new Backoff({ initialMs: 250, maxMs: 5000 });
  readonly energyTopic: string;
  readonly alertsTopic: string;
  private readonly maxQueued: number;
  produced = 0;

  constructor(private readonly options: KafkaDerivedSinkOptions) {
    this.energyTopic = options.energyTopic ?? ENERGY_TOPIC;
    this.alertsTopic = options.alertsTopic ?? ALERTS_TOPIC;
    this.maxQueued = options.maxQueued ?? 50_000;
  }

  get queued(): number {
    return this.queue.length;
  }

  energy(carId: string, record: object): void {
    this.enqueue({ topic: this.energyTopic, key: carId, value: JSON.stringify(record) });
  }

  alert(carId: string, record: object): void {
    this.enqueue({ topic: this.alertsTopic, key: carId, value: JSON.stringify(record) });
  }

  private enqueue(o: Outgoing): void {
    if (this.stopped) return;
    this.queue.push(o);
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueued);
      for (const d of dropped) this.options.metrics?.kafkaDropped.inc(1, { topic: d.topic });
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, this.options.flushMs ?? 100);
  }

  private async send(): Promise<void> {
    if (this.sending || this.stopped) return;
    this.sending = true;
    try {
      while (this.queue.length && !this.stopped) {
        if (!this.topicsReady) {
          await ensureKafkaTopics(this.options.brokers, [this.energyTopic, this.alertsTopic]);
          this.topicsReady = true;
        }
        this.producer ??= new Producer({
          clientId: this.options.clientId ?? 'etm-edge-derived',
          bootstrapBrokers: this.options.brokers,
          serializers: stringSerializers,
          retries: 1,
          timeout: 5000,
        });
        const batch = this.queue.slice(0, 1000);
        await this.producer.send({ messages: batch });
        this.queue.splice(0, batch.length);
        this.produced += batch.length;
        for (const b of batch) this.options.metrics?.kafkaProduced.inc(1, { topic: b.topic });
        this.failures = 0;
        this.backoff.reset();
      }
    } catch {
      if (++this.failures >= 3) {
        const p = this.producer;
        this.producer = undefined;
        this.topicsReady = false;
        void p?.close(true).catch(() => undefined);
      }
      const delay = this.backoff.next();
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.send();
      }, delay);
    } finally {
      this.sending = false;
    }
  }

  /** Sends what is queued (for at most timeoutMs) and closes the producer. */
  async close(timeoutMs = 3000): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length && Date.now() < deadline) {
      await this.send();
      if (this.queue.length) await new Promise((r) => setTimeout(r, 100));
    }
    this.stopped = true;
    clearTimeout(this.timer);
    await this.producer?.close(true).catch(() => undefined);
    this.producer = undefined;
  }
}
