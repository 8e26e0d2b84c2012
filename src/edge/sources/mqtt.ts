import mqtt, { type MqttClient } from 'mqtt';
import { createHash } from 'node:crypto';
import type { Origin, Source, SourceSink, Sample } from './source.js';
import { fillTemplate, matchTopic, subscriptionFilters, type TopicMapping } from './mqtt-topics.js';
import { parsePayload } from './payloads/formats.js';
import { isNoValue } from './payloads/fields.js';
import { logger, sink } from '../../core/logger.js';

export interface MqttSourceOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883` or `mqtts://broker:8883`. */
  url: string;
  /** In order: a message is read by the first mapping whose filter matches its topic. */
  topics: readonly TopicMapping[];
  node: string;
  location?: string;
  /** A fixed client id also makes the session persistent: the broker keeps QoS 1 messages while the collector restarts. */
  clientId?: string;
  username?: string;
  password?: string;
  /** Connection trouble and skipped topics (not malformed payloads: those go to the sink); default the `edge:mqtt` logger. */
  log?: (message: string) => void;
}

/** What the source saw, beside what it handed to the sink (readings, malformed payloads). */
export type MqttCounters = {
  /** Messages received on a live subscription and read by a mapping. */
  read: number;
  /** Retained messages replayed by the broker on subscribe, not read (see {@link MqttSource}). */
  retained: number;
  /** Well-formed messages without a reading: HA `unavailable`, a bulb's state, `wifi_signal` … */
  skipped: number;
  /** Times the collector refused a message's readings (a full disk): not acknowledged, offered again. */
  refused: number;
};

/** Larger payloads are not sensor readings (firmware images, camera frames) and are not parsed. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** How long a message the collector refused waits before it is offered again. */
const RETRY_MS = 1000;
/** How long start() waits for the broker before going on; mqtt.js keeps retrying behind it. */
const START_WAIT_MS = 3000;
/** Skipped topics are logged once each; past this many, no more (a broker can have any number of topics). */
const MAX_NOTED_TOPICS = 1000;

/**
 * Reads sensors from an MQTT broker (Mosquitto, the Home Assistant add-on, …) in the payload
 * formats of Zigbee2MQTT, Tasmota, Home Assistant, ESPHome and plain JSON, per the topic mapping
 * (first matching mapping wins). QoS 1 subscriptions, renewed on every (re)connect.
 * A payload it cannot read goes to `sink.malformed('mqtt', '<topic>: <reason>')`, never a throw;
 * a well-formed one without a reading (HA `unavailable`, a Zigbee bulb) is counted in `counters`
 * and logged once per topic. Retained messages are skipped: they are the last value of unknown
 * age, replayed on every subscribe (ESPHome retains all its states), and would be read again at
 * each reconnect.
 * @example
 * const mqttSource = new MqttSource({ url: 'mqtt://127.0.0.1:1883', topics: DEFAULT_TOPICS, node: 'pi-node-1', location: 'warehouse-a' });
 * await mqttSource.start(collector);
 */
export class MqttSource implements Source {
  readonly name = 'mqtt';
  readonly counters: MqttCounters = { read: 0, retained: 0, skipped: 0, refused: 0 };
  private client?: MqttClient;
  /** Connection problems logged since the last successful connect: each once, not at every 2 s retry. */
  private readonly problems = new Set<string>();
  private readonly notedTopics = new Set<string>();

  constructor(private readonly options: MqttSourceOptions) {}

  /** Connects and subscribes; resolves once subscribed, or after 3 s when the broker is down (a down broker must not stop the collector). */
  async start(sink: SourceSink): Promise<void> {
    const { url: brokerUrl, clientId, username, password } = this.options;
    const url = withoutPassword(brokerUrl);
    const client = mqtt.connect(brokerUrl, {
      clientId: clientId ?? `sensor-collector-${this.options.node}-${Math.random().toString(16).slice(2, 10)}`,
      clean: clientId === undefined,
      // Subscriptions are made on each connect below, so mqtt.js must not repeat them.
      resubscribe: false,
      reconnectPeriod: 2000, connectTimeout: 10_000,
      ...(username ? { username } : {}), ...(password ? { password } : {}),
    });
    this.client = client;
    // PUBACK only once the readings are durable. mqtt.js sends a message's PUBACK when
    // handleMessage calls back and reads the next message only after that PUBACK is written, which
    // would allow one message per commit. So handleMessage calls back at once (the next message
    // is read and joins the same group commit) and the PUBACK itself waits: _sendPacket holds
    // each one until its readings are committed and the PUBACK of the message before it is sent
    // (MQTT 3.1.1 §4.6: PUBACKs in the order the PUBLISHes came). While the disk is full the
    // message in front is offered again every second and those behind it wait their turn, so
    // readings are kept, and acknowledged, in arrival order once space returns.
    // A PUBACK for a connection that has since gone is not sent: the broker redelivers.
    const commits = new WeakMap<object, { samples: Sample[]; origin: Origin | undefined; done: Promise<void> }>();
    const held = new Map<number, Promise<boolean>>();
    let connection = 0;
    let last: Promise<boolean> = Promise.resolve(true);
    client.on('connect', () => { connection++; held.clear(); last = Promise.resolve(true); });
    client.on('message', (topic, payload, packet) => {
      if (packet.retain) this.counters.retained++;
      else {
        const samples = this.onMessage(sink, topic, payload);
        if (!samples) return;
        // The packet id is the broker's delivery slot; a QoS 1 redelivery (dup) has the same one.
        const origin = packet.messageId === undefined ? undefined
          : { key: `mqtt:${packet.messageId}`, digest: createHash('sha1').update(topic).update('\u0000').update(payload).digest('base64'), redelivery: packet.dup === true };
        const done = sink.readings(samples, origin);
        // Refused while it waits behind another message: handled when its turn comes (kept).
        done.catch(() => {});
        commits.set(packet, { samples, origin, done });
      }
    });
    client.handleMessage = (packet, callback) => {
      const pending = commits.get(packet);
      commits.delete(packet);
      if (pending && packet.cmd === 'publish' && packet.qos === 1 && packet.messageId !== undefined) {
        const current = connection;
        const turn = last.then(() => this.kept(client, sink, pending.samples, pending.origin, pending.done)).then((ok) => ok && current === connection && client.connected);
        last = turn;
        held.set(packet.messageId, turn);
      }
      callback();
    };
    const internals = client as unknown as { _sendPacket: (packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]) => void };
    const sendPacket = internals._sendPacket.bind(client);
    internals._sendPacket = (packet, cb, ...rest) => {
      const wait = packet.cmd === 'puback' && packet.messageId !== undefined ? held.get(packet.messageId) : undefined;
      if (!wait) return sendPacket(packet, cb, ...rest);
      held.delete(packet.messageId!);
      cb?.();
      void wait.then((send) => { if (send) sendPacket(packet, undefined, ...rest); });
    };
    client.on('error', (err) => this.problem(`MQTT ${url}: ${err.message}`));
    client.on('offline', () => this.problem(`MQTT ${url}: offline, reconnecting every 2 s`));
    const subscribed = new Promise<void>((resolve) => {
      client.on('connect', () => {
        if (this.problems.size > 0) this.log(`MQTT ${url}: connected`);
        this.problems.clear();
        // Even when the broker kept the session: the mapping may have changed since it was made.
        this.subscribe(client).finally(resolve);
      });
    });
    await Promise.race([subscribed, new Promise((r) => setTimeout(r, START_WAIT_MS).unref())]);
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // Forced when disconnected: nothing is in flight, and a graceful end would wait for the broker.
    await client?.endAsync(!client.connected);
  }

  private async subscribe(client: MqttClient): Promise<void> {
    const filters = subscriptionFilters(this.options.topics);
    if (filters.length === 0) return this.problem('MQTT: no topic mappings, nothing to subscribe to');
    await new Promise<void>((resolve) => {
      client.subscribe(filters, { qos: 1 }, (err, _granted, suback) => {
        // A SUBACK code ≥ 0x80 refuses that filter (an ACL, usually); mqtt.js reports it as err.
        const refused = filters.filter((_, i) => { const code = suback?.granted[i]; return typeof code === 'number' && code >= 0x80; });
        if (refused.length) this.problem(`MQTT broker refused subscriptions (ACL?): ${refused.join(', ')}`);
        else if (err) this.problem(`MQTT subscribe: ${err.message}`);
        resolve();
      });
    });
  }

  private log(message: string): void {
    (this.options.log ?? sink(logger('edge:mqtt'), 'warn'))(message);
  }

  private problem(message: string): void {
    if (this.problems.has(message)) return;
    this.problems.add(message);
    this.log(message);
  }

  /**
   * Resolves true once the collector has the readings; while it refuses them (a full disk) they
   * are offered again (at once the first time, then every second) (the broker holds the rest of the session's messages past its
   * in-flight window): nothing is acknowledged that is not kept. False when the connection went
   * meanwhile: the message stays unacknowledged and the broker delivers it again.
   */
  private async kept(client: MqttClient, sink: SourceSink, samples: Sample[], origin: Origin | undefined, done: Promise<void>): Promise<boolean> {
    // The first refusal may be stale (it came while this message waited behind another): offered again at once.
    for (let attempt = done, tries = 0; ; tries++) {
      try {
        await attempt;
        return true;
      } catch (err) {
        this.counters.refused++;
        if (this.counters.refused === 1 || this.counters.refused % 60 === 0) this.log(`MQTT: readings not acknowledged yet (${(err as Error).message}); offering them again`);
        if (tries > 0) await new Promise((r) => setTimeout(r, RETRY_MS).unref());
        if (this.client !== client || !client.connected) return false;
        attempt = sink.readings(samples, origin);
      }
    }
  }

  /** The samples of a message for the first mapping its topic matches (none: undefined). */
  private onMessage(sink: SourceSink, topic: string, payload: Buffer): Sample[] | undefined {
    for (const mapping of this.options.topics) {
      const captured = matchTopic(mapping.topic, topic);
      if (!captured) continue;
      this.counters.read++;
      return this.read(sink, mapping, captured, topic, payload);
    }
    // No mapping: a subscription of an older mapping that the broker kept in a persistent session.
    return undefined;
  }

  /** The samples of one message, or undefined when it had none (then counted as malformed or skipped). */
  private read(sink: SourceSink, mapping: TopicMapping, captured: string[], topic: string, payload: Buffer): Sample[] | undefined {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      sink.malformed(this.name, `${topic}: payload of ${payload.length} bytes is over ${MAX_PAYLOAD_BYTES}`);
      return undefined;
    }
    // An empty message is how MQTT clears a retained one (a device removed): nothing to read.
    if (payload.length === 0) {
      this.skip(topic, 'empty payload (a retained message cleared)');
      return undefined;
    }
    const base = fillTemplate(mapping.sensor ?? '{1}', captured) || topic;
    const location = mapping.location ?? this.options.location;
    try {
      const values = parsePayload(mapping.format, payload.toString('utf8'), {
        name: base, ...(mapping.kind ? { kind: mapping.kind } : {}), ...(mapping.unit ? { unit: mapping.unit } : {}),
      });
      const now = Date.now();
      return values.map((v) => ({
        node: mapping.node ?? this.options.node, sensor: v.field ? `${base}-${v.field}` : base,
        kind: v.kind, unit: v.unit, value: v.value, ts: v.ts ?? now, ...(location ? { location } : {}),
      }));
    } catch (err) {
      if (isNoValue(err)) this.skip(topic, (err as Error).message);
      else sink.malformed(this.name, `${topic}: ${(err as Error).message}`);
      return undefined;
    }
  }

  private skip(topic: string, reason: string): void {
    this.counters.skipped++;
    if (this.notedTopics.has(topic) || this.notedTopics.size >= MAX_NOTED_TOPICS) return;
    this.notedTopics.add(topic);
    this.log(`MQTT ${topic}: skipped, ${reason} (said once per topic)`);
  }
}

/** The broker URL for logs: a password given in it (`mqtt://user:secret@host`) is not written out. */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
