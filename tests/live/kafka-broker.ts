// Test support for Kafka: the project's broker (scripts/kafka.ts) started when not running, and a
// producer / consumer pair on the real client.

import '../../edge-server/live/kafka/node20-shim.ts';
import { Consumer, Producer, stringDeserializers, stringSerializers, type Message } from '@platformatic/kafka';
import { ensureKafka, KAFKA_BROKERS } from '../../scripts/kafka.ts';

export { KAFKA_BROKERS };
export const BROKERS = [KAFKA_BROKERS];

export async function kafkaBroker(): Promise<void> {
  await ensureKafka();
}

export function kafkaProducer(clientId: string): Producer<string, Buffer, string, string> {
  return new Producer({
    clientId,
    bootstrapBrokers: BROKERS,
    serializers: { ...stringSerializers, value: (v?: Buffer) => v },
    // rides out a broker restart
    retries: 60,
    retryDelay: 500,
    timeout: 5000,
  });
}

/** Collects the string records of some topics from the latest offsets on (joins before returning). */
export async function collectTopics(topics: string[], groupId: string): Promise<{ records: Array<Message<string, string, string, string>>; close(): Promise<void> }> {
  const consumer = new Consumer({ clientId: groupId, groupId, bootstrapBrokers: BROKERS, deserializers: stringDeserializers, sessionTimeout: 6000, heartbeatInterval: 500 });
  const joined = new Promise<void>((resolve) => consumer.once('consumer:group:join', () => resolve()));
  const stream = await consumer.consume({ topics, mode: 'latest', maxWaitTime: 100 });
  const records: Array<Message<string, string, string, string>> = [];
  stream.on('data', (m) => records.push(m));
  await joined;
  return {
    records,
    close: async () => {
      await stream.close().catch(() => undefined);
      await consumer.close(true).catch(() => undefined);
    },
  };
}
