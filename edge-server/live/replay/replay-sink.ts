// Where a replay publishes: an MQTT broker (topic per car, QoS 1) or Kafka (telemetry-stream, keyed by
// car), in the JSON frame or the compact binary frame.

import '../kafka/node20-shim.ts';
import mqtt, { type MqttClient } from 'mqtt';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { encodeBinaryFrame } from '../frames/binary-frame.ts';
import type { LiveFrame } from '../frames/live-frame.ts';
import { ensureKafkaTopics, TELEMETRY_TOPIC } from '../kafka/kafka-topics.ts';

export type ReplayFormat = 'json' | 'binary';

export interface ReplaySink {
  readonly target: string;
  /** Publishes frames (resolves when the transport has taken them: PUBACK / produce acknowledged). */
  publish(frames: LiveFrame[]): Promise<void>;
  close(): Promise<void>;
}

export function encodeFrame(f: LiveFrame, format: ReplayFormat): Buffer {
  if (format === 'binary') {
    const b = encodeBinaryFrame(f);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  return Buffer.from(JSON.stringify({ car: f.carId, ts: f.tsMs, ...(f.sessionId ? { session: f.sessionId } : {}), values: f.values }));
}

export async function mqttReplaySink(url: string, options: { topic?: string; format?: ReplayFormat; clientId?: string } = {}): Promise<ReplaySink> {
  const template = options.topic ?? 'etm/{car}/telemetry';
  if (!template.includes('{car}')) throw new Error(`the MQTT topic template must contain {car}, got '${template}'`);
  const client: MqttClient = mqtt.connect(url, { clientId: options.clientId ?? `etm-replay-${process.pid}-${Date.now().toString(36)}`, reconnectPeriod: 500, connectTimeout: 5000 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', (e) => {
      client.end(true);
      reject(new Error(`cannot connect to ${url}: ${e.message}`));
    });
  });
  client.on('error', () => undefined); // reconnects by itself; unacknowledged QoS 1 messages are resent
  const format = options.format ?? 'json';
  return {
    target: url,
    publish: async (frames) => {
      await Promise.all(frames.map((f) => client.publishAsync(template.replace('{car}', f.carId), encodeFrame(f, format), { qos: 1 })));
    },
    close: async () => {
      await client.endAsync();
    },
  };
}

export async function kafkaReplaySink(brokers: string[], options: { topic?: string; format?: ReplayFormat; clientId?: string } = {}): Promise<ReplaySink> {
  const topic = options.topic ?? TELEMETRY_TOPIC;
  await ensureKafkaTopics(brokers, [topic]);
  const producer = new Producer({
    clientId: options.clientId ?? 'etm-replay',
    bootstrapBrokers: brokers,
    serializers: { ...stringSerializers, value: (v?: Buffer) => v },
    retries: 10,
    retryDelay: 500,
  });
  const format = options.format ?? 'json';
  return {
    target: brokers.join(','),
    publish: async (frames) => {
      if (frames.length) await producer.send({ messages: frames.map((f) => ({ topic, key: f.carId, value: encodeFrame(f, format) })) });
    },
    close: () => producer.close(),
  };
}
