// Kafka topic names of the live bridge and a helper that creates them (idempotently) before use.

import './node20-shim.ts';
import { Admin } from '@platformatic/kafka';

export const TELEMETRY_TOPIC = 'telemetry-stream';
export const ENERGY_TOPIC = 'energy-vectors';
export const ALERTS_TOPIC = 'strategy-alerts';

/** Creates the topics that do not exist yet (partitions follow cars through the record key). */
export async function ensureKafkaTopics(brokers: string[], topics: string[], partitions = 4): Promise<void> {
  const admin = new Admin({ clientId: 'etm-edge-admin', bootstrapBrokers: brokers, retries: 2, timeout: 5000 });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({ topics: missing, partitions, replicas: 1 });
    } catch (e) {
      // another client created them meanwhile
      const now = new Set(await admin.listTopics());
      if (missing.some((t) => !now.has(t))) throw e;
    }
  } finally {
    await admin.close();
  }
}

/** "host:port,host:port" → ["host:port", ...]. */
export function parseBrokers(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter(Boolean);
}
