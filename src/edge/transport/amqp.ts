import type amqp from 'amqplib';
import { AMQP_TOPOLOGY, declareTopology } from '../../core/amqp-topology.js';
import type { SendResult, Transport, WireEvent } from './transport.js';

export interface AmqpTransportOptions {
  /** e.g. `amqp://guest:guest@127.0.0.1:5672` */
  url: string;
  exchange?: string;
  /** The studio's queue, declared here too so nothing published is routed nowhere. */
  queue?: string;
  timeoutMs?: number;
}

/**
 * Publishes events to RabbitMQ as persistent messages on a confirm channel: an event counts as
 * delivered once the broker confirms it (it is then on disk in a durable queue, and the studio
 * acknowledges it only after storing it). The connection opens lazily and is reopened after a
 * failure; failures are results, never throws.
 * @example
 * const t = new AmqpTransport({ url: 'amqp://guest:guest@127.0.0.1:5672' });
 * await t.send([{ id, json }]);
 */
export class AmqpTransport implements Transport {
  readonly name = 'amqp';
  private conn?: amqp.ChannelModel;
  private channel?: amqp.ConfirmChannel;

  constructor(private readonly options: AmqpTransportOptions) {}

  async send(events: WireEvent[]): Promise<SendResult> {
    const ids = events.map((e) => e.id);
    const bytes = events.reduce((a, e) => a + Buffer.byteLength(e.json), 0);
    try {
      const ch = await this.open();
      const exchange = this.options.exchange ?? AMQP_TOPOLOGY.exchange;
      for (const e of events) {
        const type = /"type":"([^"]+)"/.exec(e.json)?.[1] ?? 'unknown';
        ch.publish(exchange, type, Buffer.from(e.json), { persistent: true, messageId: e.id, contentType: 'application/cloudevents+json', type });
      }
      await withTimeout(ch.waitForConfirms(), this.options.timeoutMs ?? 10_000);
      return { delivered: ids, rejected: [], retry: [], bytes };
    } catch (err) {
      await this.reset();
      return { delivered: [], rejected: [], retry: ids, bytes, error: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.reset();
  }

  private async open(): Promise<amqp.ConfirmChannel> {
    if (this.channel) return this.channel;
    // Loaded on first use: a node sending over HTTP never pays for the AMQP client.
    const { default: client } = await import('amqplib');
    const conn = await client.connect(this.options.url);
    conn.on('error', () => { void this.reset(); });
    conn.on('close', () => { this.conn = undefined; this.channel = undefined; });
    const ch = await conn.createConfirmChannel();
    await declareTopology(ch, this.options.queue, this.options.exchange);
    this.conn = conn;
    this.channel = ch;
    return ch;
  }

  private async reset(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    this.channel = undefined;
    await conn?.close().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no broker confirm within ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e as Error); });
  });
}
