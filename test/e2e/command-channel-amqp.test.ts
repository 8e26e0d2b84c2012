import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import amqp from 'amqplib';
import { StudioServer } from '../../src/studio/server.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import type { CommandTopology } from '../../src/core/amqp-commands.js';
import type { CommandView } from '../../src/core/commands.js';
import { tempDir, waitFor } from './helpers.js';

// The command channel over the real RabbitMQ (TRANSPORT=amqp): the studio publishes to the node's
// own durable queue, the node (a child process) consumes it and publishes outcomes back.
const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const rabbitUp = await new Promise<boolean>((resolve) => {
  const s = connect(5672, '127.0.0.1', () => { s.end(); resolve(true); });
  s.on('error', () => resolve(false));
});
const skip = rabbitUp || process.env.CI === 'true' ? false : `RabbitMQ not reachable at ${AMQP_URL}`;

test('over RabbitMQ: commands wait in the node\'s queue while it is away, expire by their deadline, and survive kill -9 mid-command', { skip, timeout: 180_000 }, async () => {
  const run = `cmdtest-${process.pid}-${Date.now()}`;
  const topology: CommandTopology = { exchange: `${run}.x`, queuePrefix: `${run}.`, results: `${run}.results` };
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: tempDir('amqp-studio-'), store: new SqliteStore(':memory:'), amqpUrl: AMQP_URL, amqpQueue: run, amqpExchange: run, commandTopology: topology });
  await studio.start();
  const node = `${run}-node`;
  const src = (p: string) => JSON.stringify(new URL(p, import.meta.url).pathname);
  const script = `
    import { AmqpCommandChannel } from ${src('../../src/edge/commands/amqp-channel.ts')};
    import { COMMAND_HANDLERS } from ${src('../../src/edge/commands/handlers/index.ts')};
    const store = { query: () => [] };
    const ch = new AmqpCommandChannel({ url: ${JSON.stringify(AMQP_URL)}, node: ${JSON.stringify(node)}, handlers: COMMAND_HANDLERS, topology: ${JSON.stringify(topology)},
      services: { node: ${JSON.stringify(node)}, store, dataDir: '.', log: (m) => console.log(m) }, log: (m) => console.log(m) });
    ch.start();
    setInterval(() => { if (ch.counters.connected) console.log('connected'); }, 200);`;
  const children: ChildProcess[] = [];
  const startNode = () => {
    const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(c);
    return c;
  };
  const q = studio.commands!;
  const state = async (id: string) => (await q.get(id))!.state;
  try {
    await waitFor(() => studio.relay?.connected === true, 30_000, 'the relay to connect');
    // Queued while the node has never connected: they wait in its RabbitMQ queue.
    const waiting = await q.send(node, 'ping', {}, { ttlMs: 120_000 });
    const short = await q.send(node, 'ping', {}, { ttlMs: 1000 });
    await waitFor(async () => (await state(short.id)) === 'expired', 10_000, 'the 1 s command to expire');
    let child = startNode();
    const done = await q.wait(waiting.id, 60_000);
    assert.equal(done?.state, 'done', JSON.stringify(done));
    assert.equal((done?.result as { node: string }).node, node);
    assert.equal(await state(short.id), 'expired', 'the broker dropped it at its deadline: never run');
    // kill -9 while a command runs: unacknowledged, so the broker hands it to the next process.
    const slow = await q.send(node, 'ping', { delayMs: 15_000 }, { ttlMs: 120_000 });
    await new Promise((r) => setTimeout(r, 2000));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const queued = await Promise.all([1, 2, 3].map(() => q.send(node, 'ping', {}, { ttlMs: 120_000 })));
    assert.notEqual(await state(slow.id), 'done');
    child = startNode();
    for (const c of [...queued, slow]) {
      const v: CommandView | undefined = await q.wait(c.id, 60_000);
      assert.equal(v?.state, 'done', JSON.stringify(v));
    }
    assert.equal(((await q.get(slow.id))!.result as { attempt: number }).attempt, 2, 'the second process ran it as a redelivery');
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await studio.stop();
    const conn = await amqp.connect(AMQP_URL); // leave no test queues behind on the shared broker
    const ch = await conn.createChannel();
    for (const name of [`${run}.${node}`, topology.results, run, `${run}.dead`]) await ch.deleteQueue(name).catch(() => undefined);
    for (const x of [topology.exchange, run]) await ch.deleteExchange(x).catch(() => undefined);
    await conn.close();
  }
});
