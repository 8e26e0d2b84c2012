/**
 * RabbitMQ names of the command channel (`TRANSPORT=amqp`), shared by the studio's relay and the
 * collector's consumer: each node has its own durable queue `homelab.commands.<node>` bound to the
 * direct exchange `homelab.commands` with its name as routing key; outcomes go to the durable queue
 * `homelab.command-results`. Tests isolate with their own names.
 */
export interface CommandTopology {
  exchange: string;
  /** A node's queue is this prefix plus its name. */
  queuePrefix: string;
  results: string;
}

export const COMMAND_TOPOLOGY: CommandTopology = { exchange: 'homelab.commands', queuePrefix: 'homelab.commands.', results: 'homelab.command-results' };

/** Channel operations both ends need; structural so core does not import amqplib. */
interface TopologyChannel {
  assertExchange(name: string, type: string, options: { durable: boolean }): Promise<unknown>;
  assertQueue(name: string, options: { durable: boolean }): Promise<unknown>;
  bindQueue(queue: string, exchange: string, pattern: string): Promise<unknown>;
}

/** Declares the exchange and one node's queue (idempotent): what the studio publishes to waits there. */
export async function declareNodeQueue(ch: TopologyChannel, node: string, t: CommandTopology = COMMAND_TOPOLOGY): Promise<string> {
  const queue = `${t.queuePrefix}${node}`;
  await ch.assertExchange(t.exchange, 'direct', { durable: true });
  await ch.assertQueue(queue, { durable: true });
  await ch.bindQueue(queue, t.exchange, node);
  return queue;
}

/** Declares the results queue (idempotent). */
export async function declareResults(ch: TopologyChannel, t: CommandTopology = COMMAND_TOPOLOGY): Promise<void> {
  await ch.assertQueue(t.results, { durable: true });
}
