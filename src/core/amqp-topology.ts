/**
 * RabbitMQ names shared by the edge publisher and the studio consumer (one place, so both ends
 * agree). Events are published to a durable topic exchange with their CloudEvent type as routing key.
 */
export const AMQP_TOPOLOGY = {
  exchange: 'homelab.events',
  queue: 'agent-bruno.events',
  deadLetterExchange: 'homelab.events.dlx',
  deadLetterQueue: 'agent-bruno.events.dead',
} as const;

/** Channel operations both ends need; kept structural so core does not import amqplib. */
interface TopologyChannel {
  assertExchange(name: string, type: string, options: { durable: boolean }): Promise<unknown>;
  assertQueue(name: string, options: { durable: boolean; arguments?: Record<string, unknown> }): Promise<unknown>;
  bindQueue(queue: string, exchange: string, pattern: string): Promise<unknown>;
}

/**
 * Declares exchange, studio queue and dead-letter queue (idempotent). The publisher declares
 * them too, so events published before any studio ever connected wait in the queue instead of
 * being routed nowhere.
 * @example
 * await declareTopology(channel);
 */
export async function declareTopology(ch: TopologyChannel, queue: string = AMQP_TOPOLOGY.queue, exchange: string = AMQP_TOPOLOGY.exchange): Promise<void> {
  const t = AMQP_TOPOLOGY;
  await ch.assertExchange(exchange, 'topic', { durable: true });
  await ch.assertExchange(t.deadLetterExchange, 'fanout', { durable: true });
  await ch.assertQueue(`${queue}.dead`, { durable: true });
  await ch.bindQueue(`${queue}.dead`, t.deadLetterExchange, '');
  await ch.assertQueue(queue, { durable: true, arguments: { 'x-dead-letter-exchange': t.deadLetterExchange } });
  await ch.bindQueue(queue, exchange, '#');
}
