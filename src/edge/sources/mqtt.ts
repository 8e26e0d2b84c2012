import mqtt, { type MqttClient } from 'mqtt';
import type { Source, SourceSink, Sample } from './source.js';
import { fillTemplate, matchTopic, type TopicMapping } from './mqtt-topics.js';
import { parsePayload } from './payloads/formats.js';

export interface MqttSourceOptions {
  url: string;
  topics: TopicMapping[];
  node: string;
  location?: string;
  clientId?: string;
  username?: string;
  password?: string;
}

/**
 * Reads sensors from an MQTT broker (Mosquitto, the Home Assistant add-on, …) in the payload
 * formats of Zigbee2MQTT, Tasmota, Home Assistant, ESPHome and plain JSON. QoS 1 subscriptions;
 * reconnects by itself. A payload it cannot read is reported to the sink, never thrown.
 * @example
 * new MqttSource({ url: 'mqtt://127.0.0.1:1883', topics: DEFAULT_TOPICS, node: 'pi-node-1', location: 'warehouse-a' })
 */
export class MqttSource implements Source {
  readonly name = 'mqtt';
  private client?: MqttClient;

  constructor(private readonly options: MqttSourceOptions) {}

  async start(sink: SourceSink): Promise<void> {
    const { url, clientId, username, password } = this.options;
    const client = mqtt.connect(url, {
      clientId: clientId ?? `sensor-collector-${this.options.node}-${process.pid}`,
      ...(username ? { username } : {}), ...(password ? { password } : {}),
      reconnectPeriod: 2000, connectTimeout: 10_000,
    });
    this.client = client;
    client.on('message', (topic, payload) => this.onMessage(sink, topic, payload.toString('utf8')));
    client.on('error', (err) => sink.malformed('mqtt', `broker ${url}: ${err.message}`));
    await new Promise<void>((resolve) => {
      client.once('connect', () => resolve());
      // A broker that is down must not block the collector: start anyway, mqtt.js keeps retrying.
      setTimeout(resolve, 3000).unref();
    });
    await client.subscribeAsync(this.options.topics.map((t) => t.topic), { qos: 1 }).catch((err: Error) => sink.malformed('mqtt', `subscribe: ${err.message}`));
  }

  async stop(): Promise<void> {
    await this.client?.endAsync();
  }

  private onMessage(sink: SourceSink, topic: string, text: string): void {
    for (const mapping of this.options.topics) {
      const captured = matchTopic(mapping.topic, topic);
      if (!captured) continue;
      const base = fillTemplate(mapping.sensor ?? '{1}', captured) || topic;
      try {
        const now = Date.now();
        const samples: Sample[] = parsePayload(mapping.format, text, base).map((v) => ({
          node: this.options.node,
          sensor: v.field ? `${base}-${v.field}` : base,
          kind: v.kind, unit: v.unit, value: v.value, ts: v.ts ?? now,
          ...((mapping.location ?? this.options.location) ? { location: mapping.location ?? this.options.location } : {}),
        }));
        sink.readings(samples);
      } catch (err) {
        sink.malformed('mqtt', `${topic}: ${(err as Error).message}`);
      }
      return;
    }
  }
}
