// The live bridge's configuration from the environment (all optional):
//   ETM_LIVE=off              no live bridge at all
//   MQTT_URL                  an external broker (mqtt://user:pass@host:1883); else the embedded aedes broker
//   ETM_MQTT_PORT / _HOST     the embedded broker's port (default 1884) and address (default 127.0.0.1)
//   ETM_MQTT_TOPIC            subscription pattern (default etm/+/telemetry)
//   ETM_MQTT_CLIENT_ID        the bridge's persistent MQTT session (default etm-edge-<hostname>)
//   KAFKA_BROKERS             host:port,… — enables the Kafka source and the derived topics
//   KAFKA_TOPIC / KAFKA_GROUP_ID   default telemetry-stream / etm-edge
//   KAFKA_START_FROM          where a new consumer group starts: latest (default) or earliest
//   KAFKA_CLIENT_ID           client and static group member id (default etm-edge-<hostname>; unique per server)
//   ETM_KAFKA_DERIVED=off     do not produce energy-vectors / strategy-alerts
//   ETM_LIVE_SESSION          session of frames that name none (default live-YYYYMMDD, UTC)
//   ETM_LIVE_STORE_BUFFER_FRAMES   frames held while the database is away (default 250000)

import { hostname } from 'node:os';
import { DEFAULT_MQTT_TOPIC } from './sources/mqtt-source.ts';
import { parseBrokers, TELEMETRY_TOPIC } from './kafka/kafka-topics.ts';
import { SESSION_ID_PATTERN } from './frames/live-frame.ts';

export interface LiveConfig {
  enabled: boolean;
  mqtt: { url?: string; embedded?: { port: number; host: string }; topic: string; clientId: string };
  kafka?: { brokers: string[]; topic: string; groupId: string; clientId: string; startFrom: 'latest' | 'earliest'; produceDerived: boolean };
  defaultSessionId?: string;
  storeBufferFrames: number;
}

export const DEFAULT_EMBEDDED_MQTT_PORT = 1884;

export function liveConfigFromEnv(env: Record<string, string | undefined>): LiveConfig {
  const enabled = !['off', '0', 'false', 'no'].includes((env.ETM_LIVE ?? '').toLowerCase());
  const port = intFrom(env.ETM_MQTT_PORT, DEFAULT_EMBEDDED_MQTT_PORT, 'ETM_MQTT_PORT', 0, 65535);
  const hostId = `etm-edge-${hostname()}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64);
  const mqtt: LiveConfig['mqtt'] = {
    topic: env.ETM_MQTT_TOPIC || DEFAULT_MQTT_TOPIC,
    clientId: env.ETM_MQTT_CLIENT_ID || hostId,
  };
  if (env.MQTT_URL) {
    if (!/^(mqtts?|wss?|tcp|ssl):\/\//.test(env.MQTT_URL)) throw new Error(`MQTT_URL must be mqtt://host:port (or mqtts://, ws://, wss://), got '${env.MQTT_URL}'`);
    mqtt.url = env.MQTT_URL;
  } else {
    mqtt.embedded = { port, host: env.ETM_MQTT_HOST || '127.0.0.1' };
  }
  let kafka: LiveConfig['kafka'];
  if (env.KAFKA_BROKERS) {
    const brokers = parseBrokers(env.KAFKA_BROKERS);
    if (brokers.length === 0 || brokers.some((b) => !/^[^:\s]+:\d+$/.test(b))) throw new Error(`KAFKA_BROKERS must be host:port[,host:port…], got '${env.KAFKA_BROKERS}'`);
    const startFrom = env.KAFKA_START_FROM || 'latest';
    if (startFrom !== 'latest' && startFrom !== 'earliest') throw new Error(`KAFKA_START_FROM must be latest or earliest, got '${startFrom}'`);
    kafka = {
      brokers,
      startFrom,
      topic: env.KAFKA_TOPIC || TELEMETRY_TOPIC,
      groupId: env.KAFKA_GROUP_ID || 'etm-edge',
      clientId: env.KAFKA_CLIENT_ID || hostId,
      produceDerived: !['off', '0', 'false', 'no'].includes((env.ETM_KAFKA_DERIVED ?? '').toLowerCase()),
    };
  }
  const defaultSessionId = env.ETM_LIVE_SESSION || undefined;
  if (defaultSessionId !== undefined && !SESSION_ID_PATTERN.test(defaultSessionId)) throw new Error(`ETM_LIVE_SESSION must match ${SESSION_ID_PATTERN}`);
  return {
    enabled,
    mqtt,
    kafka,
    defaultSessionId,
    storeBufferFrames: intFrom(env.ETM_LIVE_STORE_BUFFER_FRAMES, 250_000, 'ETM_LIVE_STORE_BUFFER_FRAMES', 1000, 50_000_000),
  };
}

function intFrom(v: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got '${v}'`);
  return n;
}
