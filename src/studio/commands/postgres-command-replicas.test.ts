import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { CommandQueue } from './command-queue.js';
import { PostgresCommandStore } from './postgres-command-store.js';
import { dropSchema, PG_URL, pgSkipReason, randomSchema } from '../graph/graph-test-fixtures.js';

// Two studio replicas on one PostgreSQL schema: what one queues, a node polling the other gets at
// once (NOTIFY, not the fallback poll), and the answer given to one wakes a caller on the other.

const schema = randomSchema('test_cmd_replicas');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('command queue replicas on one PostgreSQL', { skip: await pgSkipReason() }, () => {
  const stores: PostgresCommandStore[] = [];
  const queues: CommandQueue[] = [];
  const replica = async (o: { maxPerNode?: number } = {}) => {
    const store = new PostgresCommandStore(PG_URL, schema);
    const q = new CommandQueue({ store, ...o });
    await q.open();
    stores.push(store);
    queues.push(q);
    return { q, store };
  };
  after(async () => { for (const q of queues) await q.close(); await dropSchema(schema); });

  test('queued on A, a node long-polling B gets it at once; its answer through B wakes the caller waiting on A', async (t) => {
    const { q: a } = await replica();
    const { q: b, store: bStore } = await replica();
    assert.equal(bStore.recheckMs(), 15_000, 'B listens: its fallback poll is the long safety net');
    const wake: number[] = [];
    const answer: number[] = [];
    for (let i = 0; i < 20; i++) {
      const node = `pi-rep-${i}`;
      const polled = b.next(node, [], 10_000);
      await new Promise((r) => setTimeout(r, 30)); // B's poll is waiting (nothing queued yet)
      const t0 = performance.now();
      const sent = await a.send(node, 'ping', { i });
      const got = await polled;
      wake.push(performance.now() - t0);
      assert.deepEqual(got.map((c) => [c.id, c.attempt, c.params]), [[sent.id, 1, { i }]]);
      const caller = a.wait(sent.id, 10_000);
      await new Promise((r) => setTimeout(r, 10));
      const t1 = performance.now();
      assert.equal(await b.complete(node, sent.id, { ok: true, result: { pong: i } }, 12), 'stored');
      const seen = await caller;
      answer.push(performance.now() - t1);
      assert.deepEqual(seen?.result, { pong: i }, 'A\'s caller has the answer B took');
    }
    t.diagnostic(`queue on A → B's poll returns: median ${median(wake).toFixed(1)} ms, max ${Math.max(...wake).toFixed(1)} ms; answer on B → A's waiter: median ${median(answer).toFixed(1)} ms, max ${Math.max(...answer).toFixed(1)} ms (20 each)`);
    // Far below the 15 s safety-net poll: only a notification wakes them this soon.
    assert.ok(Math.max(...wake, ...answer) < 5000, `woken by NOTIFY: ${wake.concat(answer).map(Math.round).join(', ')} ms`);
  });

  test('polls of one node on both replicas at once: every command handed out exactly once', async () => {
    const { q: a } = await replica();
    const { q: b } = await replica();
    const node = 'pi-both';
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) ids.add((await (i % 2 ? a : b).send(node, 'ping', { i })).id);
    const seen: string[] = [];
    for (let round = 0; round < 4; round++) {
      const [x, y] = await Promise.all([a.next(node, seen, 0), b.next(node, seen, 0)]);
      seen.push(...x.map((c) => c.id), ...y.map((c) => c.id));
    }
    assert.equal(seen.length, 40, 'all of them');
    assert.deepEqual(new Set(seen), ids, 'each once');
  });

  test('the per-node bound holds across replicas sending at once', async () => {
    const { q: a } = await replica({ maxPerNode: 5 });
    const { q: b } = await replica({ maxPerNode: 5 });
    const tries = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).send('pi-bound', 'ping', { i })));
    assert.equal(tries.filter((r) => r.status === 'fulfilled').length, 5);
    assert.ok(tries.every((r) => r.status === 'fulfilled' || (r.reason as { reason: string }).reason === 'queue_full'));
    assert.equal((await a.list('pi-bound')).length, 5);
  });

  test('the LISTEN connection lost: waiters fall back to a 1 s poll, the connection comes back, and wake-ups are prompt again', async (t) => {
    const { q: a } = await replica();
    const { q: b, store } = await replica();
    const pid = store.listenerPid;
    assert.ok(pid, 'B listens on its own connection');
    const polled = b.next('pi-deaf', [], 20_000);
    await new Promise((r) => setTimeout(r, 50));
    const admin = new pg.Client(PG_URL);
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const sent = await a.send('pi-deaf', 'ping', {});
    const got = await polled;
    const deaf = performance.now() - t0;
    assert.deepEqual(got.map((c) => c.id), [sent.id]);
    // Back within the reconnect backoff (500 ms first), then prompt again.
    for (let i = 0; i < 100 && store.listenerPid === null; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(store.listenerPid !== null && store.listenerPid !== pid, 'listening again on a new connection');
    const again = b.next('pi-deaf', [sent.id], 20_000);
    await new Promise((r) => setTimeout(r, 30));
    const t1 = performance.now();
    await a.send('pi-deaf', 'ping', {});
    assert.equal((await again).length, 1);
    const back = performance.now() - t1;
    t.diagnostic(`wake-up with the LISTEN connection gone: ${deaf.toFixed(0)} ms (fallback poll or reconnect); after it came back: ${back.toFixed(1)} ms`);
    assert.ok(deaf < 5000, `the fallback bound, not the 15 s safety net (${Math.round(deaf)} ms)`);
  });
});
