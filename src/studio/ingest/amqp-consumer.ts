import type amqp from 'amqplib';
import { AMQP_TOPOLOGY, declareTopology } from '../../core/amqp-topology.js';
import type { Ingestor } from './ingestor.js';
import type { RawEvent } from './decode.js';

export interface AmqpConsumerOptions {
  url: string;
  queue?: string;
  exchange?: string;
  prefetch?: number;
  log?: (msg: string) => void;
}

/**
 * agent-bruno's RabbitMQ input: the same validation, dedupe and storage as `POST /events`.
 * A message is acknowledged only after the store has it (or already had it: a duplicate);
 * a malformed one is rejected to the dead-letter queue with its reason in the log; a storage
 * failure requeues it. Several studio replicas may consume the same queue.
 * @example
 * const consumer = new AmqpConsumer(ingestor, { url: process.env.AMQP_URL });
 * await consumer.start();
 */
export class AmqpConsumer {
  private conn?: amqp.ChannelModel;
  private channel?: amqp.Channel;
  readonly counters = { stored: 0, duplicate: 0, rejected: 0, requeued: 0 };

  constructor(private readonly ingestor: Ingestor, private readonly options: AmqpConsumerOptions) {}

  async start(): Promise<void> {
    const queue = this.options.queue ?? AMQP_TOPOLOGY.queue;
    const { default: client } = await import('amqplib'); // only a studio with AMQP_URL loads it
    const conn = await client.connect(this.options.url);
    const ch = await conn.createChannel();
    await declareTopology(ch, queue, this.options.exchange);
    await ch.prefetch(this.options.prefetch ?? 256);
    await ch.consume(queue, (msg) => { if (msg) void this.handle(ch, msg); });
    this.conn = conn;
    this.channel = ch;
  }

  async stop(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
    await this.conn?.close().catch(() => undefined);
  }

  private async handle(ch: amqp.Channel, msg: amqp.ConsumeMessage): Promise<void> {
    let raw: RawEvent;
    try {
      const parsed: unknown = JSON.parse(msg.content.toString('utf8'));
      raw = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as RawEvent : { __invalid: 'message is not a JSON object' };
    } catch {
      raw = { __invalid: 'message body is not JSON' };
    }
    try {
      const [result] = await this.ingestor.accept([raw]);
      if (result?.status === 'rejected') {
        this.counters.rejected++;
        this.options.log?.(`[amqp] rejected ${result.id || msg.properties.messageId}: ${result.reason}`);
        ch.nack(msg, false, false);
        return;
      }
      this.counters[result?.status === 'duplicate' ? 'duplicate' : 'stored']++;
      ch.ack(msg);
    } catch (err) {
      this.counters.requeued++;
      this.options.log?.(`[amqp] storing failed, requeued: ${(err as Error).message}`);
      ch.nack(msg, false, true);
    }
  }
}
