import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import amqp from 'amqplib';
import { StudioServer } from '../../src/studio/server.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import { HttpTransport } from '../../src/edge/transport/http.js';
import { AmqpTransport } from '../../src/edge/transport/amqp.js';
import type { Transport } from '../../src/edge/transport/transport.js';
import { readingEvent, waitFor } from './helpers.js';

const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const rabbitUp = await new Promise<boolean>((resolve) => {
  const s = connect(5672, '127.0.0.1', () => { s.end(); resolve(true); });
  s.on('error', () => resolve(false));
});
const amqpSkip = rabbitUp || process.env.CI === 'true' ? false : `RabbitMQ not reachable at ${AMQP_URL}`;

/**
 * The transport contract: whatever carries events from a node, each valid event is stored once
 * (also when sent again), and a malformed event is never stored and never holds up the others.
 */
function transportContract(name: string, skip: string | false, make: (studio: StudioServer, queue: string) => Transport) {
  describe(`transport contract: ${name}`, { skip }, () => {
    let studio: StudioServer;
    let transport: Transport;
    const run = `${name}-${process.pid}-${Date.now()}`;
    before(async () => {
      studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), ...(name === 'amqp' ? { amqpUrl: AMQP_URL, amqpQueue: run, amqpExchange: run } : {}) });
      await studio.start();
      transport = make(studio, run);
    });
    after(async () => {
      await transport.close();
      await studio.stop();
      if (name !== 'amqp') return;
      const conn = await amqp.connect(AMQP_URL); // leave no test queues behind on the shared broker
      const ch = await conn.createChannel();
      for (const q of [run, `${run}.dead`]) await ch.deleteQueue(q);
      await ch.deleteExchange(run);
      await conn.close();
    });

    test('every event stored once, repeats included', async () => {
      const events = Array.from({ length: 50 }, (_, i) => readingEvent(i, `node-${run}`));
      const first = await transport.send(events);
      assert.equal(first.delivered.length, 50, first.error);
      const again = await transport.send(events.slice(0, 10));
      assert.equal(again.delivered.length, 10);
      await waitFor(async () => (await studio.store.counts()).events >= 50, 10_000, 'events stored');
      await new Promise((r) => setTimeout(r, 300)); // give repeats time to arrive
      const c = await studio.store.counts();
      assert.equal(c.events, 50);
      assert.equal(c.readings, 50);
    });

    test('a malformed event is never stored and does not hold up the others', async () => {
      const before = (await studio.store.counts()).events;
      const bad = { id: `bad-${run}`, json: JSON.stringify({ specversion: '1.0', id: `bad-${run}`, source: '/edge/x', type: 'io.homelab.edge.reading', data: { readings: [{ node: 'x' }] } }) };
      const good = readingEvent(999, `node-${run}`);
      const r = await transport.send([bad, good]);
      assert.equal(r.retry.length, 0, r.error);
      await waitFor(async () => (await studio.store.counts()).events === before + 1, 10_000, 'the good event');
      await new Promise((r2) => setTimeout(r2, 300));
      assert.equal((await studio.store.counts()).events, before + 1);
    });
  });
}

transportContract('http', false, (studio) => new HttpTransport({ url: studio.url }));
transportContract('amqp', amqpSkip, (_studio, queue) => new AmqpTransport({ url: AMQP_URL, queue, exchange: queue }));
