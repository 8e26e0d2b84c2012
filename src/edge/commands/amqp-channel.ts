import type amqp from 'amqplib';
import { COMMAND_TOPOLOGY, declareNodeQueue, declareResults, type CommandTopology } from '../../core/amqp-commands.js';
import type { WireCommand } from '../../core/commands.js';
import type { CommandHandler, EdgeServices } from './handler.js';
import { runCommand } from './runner.js';
import type { ChannelCounters } from './http-channel.js';

export interface AmqpChannelOptions {
  /** `AMQP_URL`, e.g. `amqp://guest:guest@127.0.0.1:5672`. */
  url: string;
  node: string;
  handlers: readonly CommandHandler[];
  services: EdgeServices;
  topology?: CommandTopology;
  /** Commands run at once (the channel's prefetch; default 4). */
  maxInFlight?: number;
  log?: (msg: string) => void;
}

/** Ids of commands answered lately, so one the broker hands out again (or the studio re-published) is not run twice. */
const REMEMBERED = 1024;

/**
 * The node's end of the command channel over RabbitMQ (`TRANSPORT=amqp`): consumes its own durable
 * queue (`homelab.commands.<node>`), runs each command through its handler and publishes the outcome
 * to `homelab.command-results` on a confirm channel; only then is the command acknowledged. A
 * collector killed mid-command leaves it unacknowledged, so the broker hands it to the next
 * process. The connection is reopened with backoff (1 s doubling to 30 s); nothing throws.
 * @example
 * const ch = new AmqpCommandChannel({ url, node, handlers: COMMAND_HANDLERS, services });
 * ch.start(); … await ch.stop();
 */
export class AmqpCommandChannel {
  readonly counters: ChannelCounters = { polls: 0, pollErrors: 0, commands: 0, resultsSent: 0, resultErrors: 0, unauthorized: 0, connected: false };
  private conn?: amqp.ChannelModel;
  private stopped = true;
  private retry?: NodeJS.Timeout;
  private backoff = 1000;
  private readonly answered: string[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly o: AmqpChannelOptions) {}

  private get t(): CommandTopology {
    return this.o.topology ?? COMMAND_TOPOLOGY;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await Promise.race([Promise.all(this.running), new Promise((r) => setTimeout(r, graceMs).unref())]);
    const conn = this.conn;
    this.conn = undefined;
    await conn?.close().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    try {
      const { default: client } = await import('amqplib');
      const conn = await client.connect(this.o.url);
      const lost = () => {
        if (this.conn !== conn) return;
        this.conn = undefined;
        this.counters.connected = false;
        this.later(`[commands] RabbitMQ connection lost; reconnecting`);
      };
      conn.on('error', () => undefined);
      conn.on('close', lost);
      const ch = await conn.createConfirmChannel();
      const queue = await declareNodeQueue(ch, this.o.node, this.t);
      await declareResults(ch, this.t);
      await ch.prefetch(this.o.maxInFlight ?? 4);
      this.conn = conn;
      this.counters.connected = true;
      this.backoff = 1000;
      await ch.consume(queue, (msg) => {
        if (!msg) return;
        const job = this.handle(ch, msg).finally(() => this.running.delete(job));
        this.running.add(job);
      }, { noAck: false });
      if (this.stopped) await conn.close().catch(() => undefined);
    } catch (err) {
      this.counters.pollErrors++;
      this.later(`[commands] cannot reach RabbitMQ at ${this.o.url.replace(/\/\/[^@]*@/, '//…@')} (${(err as Error).message})`);
    }
  }

  private later(message: string): void {
    if (this.stopped) return;
    this.o.log?.(`${message}; retrying in ${this.backoff / 1000} s`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), this.backoff);
    this.retry.unref();
    this.backoff = Math.min(this.backoff * 2, 30_000);
  }

  private async handle(ch: amqp.ConfirmChannel, msg: amqp.ConsumeMessage): Promise<void> {
    let command: WireCommand;
    try {
      command = JSON.parse(msg.content.toString('utf8')) as WireCommand;
      if (typeof command.id !== 'string' || typeof command.type !== 'string') throw new Error('not a command');
    } catch (err) {
      this.o.log?.(`[commands] dropped a message that is not a command: ${(err as Error).message}`);
      ch.nack(msg, false, false);
      return;
    }
    if (this.answered.includes(command.id)) { ch.ack(msg); return; }
    this.counters.commands++;
    const attempt = msg.fields.redelivered ? Math.max(2, command.attempt ?? 1) : (command.attempt ?? 1);
    const { body } = await runCommand({ ...command, attempt }, this.o.handlers, this.o.services);
    try {
      ch.sendToQueue(this.t.results, Buffer.from(body), { persistent: true, contentType: 'application/json', messageId: command.id, headers: { node: this.o.node, command: command.id } });
      await ch.waitForConfirms();
      this.counters.resultsSent++;
      this.answered.push(command.id);
      if (this.answered.length > REMEMBERED) this.answered.shift();
      ch.ack(msg);
    } catch (err) {
      // Not confirmed: leave the command unacknowledged; the broker hands it out again after a reconnect.
      this.counters.resultErrors++;
      this.o.log?.(`[commands] result of ${command.id} not confirmed (${(err as Error).message})`);
    }
  }
}
