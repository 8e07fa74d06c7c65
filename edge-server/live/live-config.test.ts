import { describe, expect, it } from 'vitest';
import { liveConfigFromEnv } from './live-config.ts';

describe('live configuration from the environment', () => {
  it('defaults to the embedded broker on 1884, no Kafka', () => {
    const c = liveConfigFromEnv({});
    expect(c.enabled).toBe(true);
    expect(c.mqtt).toMatchObject({ embedded: { port: 1884, host: '127.0.0.1' }, topic: 'etm/+/telemetry' });
    expect(c.mqtt.url).toBeUndefined();
    expect(c.kafka).toBeUndefined();
    expect(c.storeBufferFrames).toBe(250_000);
  });

  it('uses an external broker and Kafka when configured', () => {
    const c = liveConfigFromEnv({ MQTT_URL: 'mqtt://pit:1883', KAFKA_BROKERS: 'k1:9092, k2:9092', KAFKA_START_FROM: 'earliest', ETM_KAFKA_DERIVED: 'off', ETM_LIVE_SESSION: 'race-1', KAFKA_CLIENT_ID: 'edge-a' });
    expect(c.mqtt.url).toBe('mqtt://pit:1883');
    expect(c.mqtt.embedded).toBeUndefined();
    expect(c.kafka).toEqual({ brokers: ['k1:9092', 'k2:9092'], topic: 'telemetry-stream', groupId: 'etm-edge', clientId: 'edge-a', startFrom: 'earliest', produceDerived: false });
    expect(c.defaultSessionId).toBe('race-1');
    expect(liveConfigFromEnv({ ETM_LIVE: 'off' }).enabled).toBe(false);
  });

  it('says what is wrong with a bad value', () => {
    expect(() => liveConfigFromEnv({ ETM_MQTT_PORT: 'x' })).toThrow(/ETM_MQTT_PORT/);
    expect(() => liveConfigFromEnv({ MQTT_URL: 'pit:1883' })).toThrow(/MQTT_URL/);
    expect(() => liveConfigFromEnv({ KAFKA_BROKERS: 'k1' })).toThrow(/KAFKA_BROKERS/);
    expect(() => liveConfigFromEnv({ KAFKA_BROKERS: 'k1:9092', KAFKA_START_FROM: 'middle' })).toThrow(/KAFKA_START_FROM/);
    expect(() => liveConfigFromEnv({ ETM_LIVE_SESSION: 'a b' })).toThrow(/ETM_LIVE_SESSION/);
  });
});
