// Puts the live bridge together from a LiveConfig: the embedded MQTT broker when no MQTT_URL is set,
// the MQTT source, the Kafka source and derived-results producer when KAFKA_BROKERS is set, and the
// bridge writing through the telemetry store. main.ts starts it; tests and the bench use it too.

import type { TelemetryStore } from '../storage/telemetry-store.ts';
import { KafkaDerivedSink } from './kafka/kafka-derived-sink.ts';
import { LiveBridge, type LiveBridgeOptions } from './live-bridge.ts';
import type { LiveConfig } from './live-config.ts';
import type { LiveMetrics } from './live-metrics.ts';
import { EmbeddedMqttBroker } from './mqtt/embedded-broker.ts';
import { KafkaSource } from './sources/kafka-source.ts';
import { MqttSource } from './sources/mqtt-source.ts';
import type { TelemetrySource } from './sources/telemetry-source.ts';
import type { LiveAuthorizer } from './ws/live-ws-server.ts';

export interface LiveRuntimeDeps {
  store?: TelemetryStore;
  authorize: LiveAuthorizer;
  metrics?: LiveMetrics;
  log?: LiveBridgeOptions['log'];
  /** Passed through to the bridge (backpressure limits, writer batching, energy rate...). */
  bridge?: Partial<Pick<LiveBridgeOptions, 'limits' | 'writer' | 'energyHz' | 'maxClients' | 'maxCars'>>;
}

export interface LiveRuntime {
  bridge: LiveBridge;
  /** The embedded broker, when this process runs one. */
  broker?: EmbeddedMqttBroker;
  mqttUrl: string;
  close(): Promise<void>;
}

export async function startLive(config: LiveConfig, deps: LiveRuntimeDeps): Promise<LiveRuntime> {
  let broker: EmbeddedMqttBroker | undefined;
  let mqttUrl = config.mqtt.url;
  if (!mqttUrl) {
    const where = config.mqtt.embedded ?? { port: 1884, host: '127.0.0.1' };
    broker = new EmbeddedMqttBroker(where);
    try {
      await broker.start();
    } catch (e) {
      throw new Error(
        `the embedded MQTT broker cannot listen on ${where.host}:${where.port} (${e instanceof Error ? e.message : String(e)}); set ETM_MQTT_PORT, or MQTT_URL for an external broker`,
      );
    }
    mqttUrl = broker.url;
    deps.log?.('info', 'embedded MQTT broker listening', { url: mqttUrl, host: config.mqtt.embedded?.host });
  }
  const sources: TelemetrySource[] = [new MqttSource({ url: mqttUrl, topic: config.mqtt.topic, clientId: config.mqtt.clientId })];
  let kafkaOut: KafkaDerivedSink | undefined;
  if (config.kafka) {
    sources.push(new KafkaSource({ brokers: config.kafka.brokers, topic: config.kafka.topic, groupId: config.kafka.groupId, clientId: config.kafka.clientId, startFrom: config.kafka.startFrom }));
    if (config.kafka.produceDerived) kafkaOut = new KafkaDerivedSink({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-derived`, metrics: deps.metrics });
  }
  const bridge = new LiveBridge({
    ...deps.bridge,
    sources,
    store: deps.store,
    writer: { ...deps.bridge?.writer, maxBufferedFrames: config.storeBufferFrames },
    defaultSessionId: config.defaultSessionId,
    kafkaOut,
    authorize: deps.authorize,
    metrics: deps.metrics,
    log: deps.log,
  });
  await bridge.start();
  return {
    bridge,
    broker,
    mqttUrl,
    close: async () => {
      await bridge.close();
      await broker?.stop();
    },
  };
}
