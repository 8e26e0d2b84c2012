import type amqp from 'amqplib';
import { COMMAND_TOPOLOGY, declareNodeQueue, declareResults, type CommandTopology } from '../../core/amqp-commands.js';
import type { CommandOutcome, WireCommand } from '../../core/commands.js';
import { CommandRefused, type CommandQueue } from './command-queue.js';

export interface AmqpRelayOptions {
  url: string;
  topology?: CommandTopology;
  log?: (msg: string) => void;
}

/**
 * The studio's side of the command channel over RabbitMQ: every queued command is also published
 * (persistent, with the time left to its deadline as its expiration) to its node's durable queue,
 * which the studio declares itself so a command for a node that never connected waits there too;
 * outcomes are consumed from `homelab.command-results` into the {@link CommandQueue}, which stays
 * the record (bounds, states, expiry). Nodes on HTTP keep long-polling: a command reaches a node by
 * whichever path it uses. After a reconnect every waiting command is published again (the node
 * skips ids it has answered; the queue keeps the first outcome).
 * @example
 * const relay = new AmqpCommandRelay(queue, { url: process.env.AMQP_URL! }); await relay.start();
 */
export class AmqpCommandRelay {
  readonly counters = { published: 0, publishErrors: 0, results: 0, refusedResults: 0, storeErrors: 0 };
  private conn?: amqp.ChannelModel;
  private channel?: amqp.ConfirmChannel;
  private readonly declared = new Set<string>();

  constructor(private readonly queue: CommandQueue, private readonly o: AmqpRelayOptions) {}

  private get t(): CommandTopology {
    return this.o.topology ?? COMMAND_TOPOLOGY;
  }

  /** Connects, consumes results and publishes what waits; rejects when the broker is unreachable (the caller retries). */
  async start(): Promise<void> {
    const { default: client } = await import('amqplib');
    const conn = await client.connect(this.o.url);
    conn.on('error', () => undefined);
    conn.on('close', () => { if (this.conn === conn) { this.conn = undefined; this.channel = undefined; this.declared.clear(); } });
    const ch = await conn.createConfirmChannel();
    await declareResults(ch, this.t);
    await ch.consume(this.t.results, (msg) => { if (msg) this.result(ch, msg); }, { noAck: false });
    this.conn = conn;
    this.channel = ch;
    for (const c of await this.queue.waiting()) await this.publish(c);
  }

  get connected(): boolean {
    return this.channel !== undefined;
  }

  async stop(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    this.channel = undefined;
    await conn?.close().catch(() => undefined);
  }

  /** Publishes one command to its node's queue; a failure is logged and counted (the command still waits in the queue). */
  async publish(c: WireCommand): Promise<void> {
    const ch = this.channel;
    if (!ch) return;
    const left = c.deadline - Date.now();
    if (left <= 0) return;
    try {
      if (!this.declared.has(c.node)) { await declareNodeQueue(ch, c.node, this.t); this.declared.add(c.node); }
      ch.publish(this.t.exchange, c.node, Buffer.from(JSON.stringify(c)), { persistent: true, contentType: 'application/json', messageId: c.id, expiration: String(Math.ceil(left)) });
      await ch.waitForConfirms();
      this.counters.published++;
    } catch (err) {
      this.counters.publishErrors++;
      this.o.log?.(`[commands] could not publish ${c.type} ${c.id} for ${c.node} to RabbitMQ (${(err as Error).message}); it waits in the studio and is published again on reconnect`);
    }
  }

  private result(ch: amqp.ConfirmChannel, msg: amqp.ConsumeMessage): void {
    const node = String(msg.properties.headers?.node ?? '');
    const id = String(msg.properties.headers?.command ?? msg.properties.messageId ?? '');
    let outcome: CommandOutcome;
    try {
      outcome = JSON.parse(msg.content.toString('utf8')) as CommandOutcome;
    } catch (err) {
      this.counters.refusedResults++;
      this.o.log?.(`[commands] result ${id} from ${node} not kept: malformed: ${(err as Error).message}`);
      ch.ack(msg);
      return;
    }
    const bytes = outcome.ok ? Buffer.byteLength(JSON.stringify(outcome.result ?? null)) : 0;
    void this.queue.complete(node, id, outcome, bytes).then(() => {
      this.counters.results++;
      ch.ack(msg);
    }, (err: Error) => {
      if (err instanceof CommandRefused) {
        // Refused (expired, unknown, too large): said and dropped, never requeued forever.
        this.counters.refusedResults++;
        this.o.log?.(`[commands] result ${id} from ${node} not kept: ${err.reason}: ${err.message}`);
        ch.ack(msg);
        return;
      }
      // The studio's store failed (its database away): the outcome goes back to the broker, tried again in a second.
      this.counters.storeErrors++;
      this.o.log?.(`[commands] result ${id} from ${node} not stored yet (${err.message}); back to the broker, tried again in 1 s`);
      setTimeout(() => { try { ch.nack(msg, false, true); } catch { /* channel gone: the broker redelivers it */ } }, 1000).unref();
    });
  }
}
