import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CommandQueue, CommandRefused, type CommandQueueOptions } from './command-queue.js';
import type { CommandStore } from './command-store.js';
import { SqliteCommandStore } from './sqlite-command-store.js';
import { PostgresCommandStore } from './postgres-command-store.js';
import { FINISHED } from '../../core/commands.js';
import { dropSchema, PG_URL, pgSkipReason, randomSchema } from '../graph/graph-test-fixtures.js';

const seed = Number(process.env.FUZZ_SEED ?? 20261201);

const ops = fc.array(fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('send' as const), node: fc.integer({ min: 0, max: 1 }), ttl: fc.integer({ min: 1, max: 20_000 }), size: fc.integer({ min: 0, max: 250 }) }) },
  fc.record({ op: fc.constant('poll' as const), node: fc.integer({ min: 0, max: 1 }), keep: fc.array(fc.boolean(), { maxLength: 20 }) }),
  fc.record({ op: fc.constant('answer' as const), pick: fc.nat(), ok: fc.boolean(), bytes: fc.integer({ min: 0, max: 600 }) }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3000 }) }),
), { maxLength: 80 });

/**
 * The queue's contract, the same on every engine. `store()` opens another store on the same
 * storage each call (a restarted studio, or another replica on PostgreSQL).
 */
function contract(name: string, skip: string | false, store: () => CommandStore, o: { runs: number; teardown: () => Promise<void> }) {
  describe(`CommandQueue contract: ${name}`, { skip }, () => {
    const open: CommandQueue[] = [];
    const queue = async (opts: Omit<CommandQueueOptions, 'store' | 'path'> = {}) => {
      const q = new CommandQueue({ store: store(), ...opts });
      await q.open();
      open.push(q);
      return q;
    };
    after(async () => { for (const q of open) await q.close(); await o.teardown(); });
    let run = 0;

    test('over any sequence of sends, polls, answers and time: bounded per node, never a held or expired command handed out, one outcome kept', async () => {
      await fc.assert(fc.asyncProperty(ops, async (seq) => {
        let now = 1_000_000;
        // Nodes of their own per run: every run shares the engine's storage.
        const nodeOf = (i: number) => `r${run}-n${i}`;
        run++;
        const q = new CommandQueue({ store: store(), maxPerNode: 4, maxCommandBytes: 200, maxResultBytes: 400, clock: () => now, sweepMs: 3_600_000 });
        await q.open();
        try {
          const sent: string[] = [];
          const holding = new Map<number, Set<string>>();
          const finishedAs = new Map<string, string>();
          for (const s of seq) {
            if (s.op === 'send') {
              const node = nodeOf(s.node);
              const waitingBefore = (await q.list(node, 1000)).filter((c) => !FINISHED.has(c.state)).length;
              try {
                const c = await q.send(node, 'ping', { pad: 'x'.repeat(s.size) }, { ttlMs: s.ttl });
                assert.ok(waitingBefore < 4, 'never more than maxPerNode waiting');
                assert.ok(s.size + 10 <= 200, 'a command over the bound is never queued');
                sent.push(c.id);
              } catch (err) {
                assert.ok(err instanceof CommandRefused);
                assert.ok(err.reason === 'queue_full' ? waitingBefore >= 4 : err.reason === 'command_too_large', err.message);
              }
            } else if (s.op === 'poll') {
              const held = holding.get(s.node) ?? new Set<string>();
              // The node keeps some of what it held (the rest: its process died or it answered).
              const kept = [...held].filter((_, i) => s.keep[i] ?? true);
              const got = await q.next(nodeOf(s.node), kept, 0);
              for (const c of got) {
                assert.ok(!kept.includes(c.id), 'a command the node still holds is never handed out again');
                assert.ok(c.deadline > now, 'nothing past its deadline is handed out');
                assert.equal(c.node, nodeOf(s.node));
              }
              holding.set(s.node, new Set([...kept, ...got.map((c) => c.id)]));
            } else if (s.op === 'answer') {
              const id = sent[s.pick % Math.max(1, sent.length)];
              if (!id) continue;
              const before = (await q.get(id))!;
              try {
                const r = await q.complete(before.node, id, s.ok ? { ok: true, result: 'x'.repeat(s.bytes) } : { ok: false, error: { reason: 'handler_failed', message: 'no' } }, s.bytes + 2);
                if (r === 'duplicate') assert.ok(before.state === 'done' || before.state === 'failed');
                else assert.ok(!FINISHED.has(before.state), 'an outcome is kept once');
                if (r === 'stored') assert.ok(!s.ok || s.bytes + 2 <= 400);
              } catch (err) {
                assert.ok(err instanceof CommandRefused);
                assert.ok(err.reason === 'expired' ? before.state === 'expired' : err.reason === 'result_too_large', err.message);
              }
            } else {
              now += s.ms;
              await q.sweep();
            }
            for (const id of sent) {
              const c = (await q.get(id))!;
              if (!FINISHED.has(c.state)) assert.ok(c.deadline > now || s.op !== 'tick', 'a waiting command past its deadline is expired by the sweep');
              const was = finishedAs.get(id);
              if (was) assert.equal(c.state, was, 'a finished command never changes');
              else if (FINISHED.has(c.state)) finishedAs.set(id, c.state);
            }
          }
        } finally {
          await q.close();
        }
      }), { numRuns: o.runs, seed });
    });

    test('a poll waits for a command and wakes when one is queued; a result wakes its waiter; another node\'s answer is refused', async () => {
      const q = await queue();
      const node = `wake-${run++}`;
      const t0 = performance.now();
      const polled = q.next(node, [], 5000);
      setTimeout(() => void q.send(node, 'ping', {}), 50);
      const got = await polled;
      assert.equal(got.length, 1);
      assert.ok(performance.now() - t0 < 2000, `woken, not timed out (${Math.round(performance.now() - t0)} ms)`);
      const waiting = q.wait(got[0]!.id, 5000);
      assert.equal(await q.complete(node, got[0]!.id, { ok: true, result: { pong: 1, z: [0.1, 'é'] } }, 10), 'stored');
      assert.deepEqual((await waiting)?.result, { pong: 1, z: [0.1, 'é'] });
      await assert.rejects(q.complete('someone-else', got[0]!.id, { ok: true, result: 1 }, 1), (e: CommandRefused) => e.reason === 'wrong_node' && /is for node wake-/.test(e.message));
      await assert.rejects(q.complete(node, 'cmd_nope', { ok: true, result: 1 }, 1), (e: CommandRefused) => e.reason === 'unknown_command');
    });

    test('a restart keeps a queued command: the node gets it once, again only when it no longer holds it, and its first answer is the one kept', async () => {
      const node = `restart-${run++}`;
      const a = await queue();
      const sent = await a.send(node, 'ping', { n: 1 }, { ttlMs: 60_000 });
      await a.close();
      const b = await queue();
      assert.equal((await b.get(sent.id))?.state, 'queued', 'still queued after the restart');
      const caller = b.wait(sent.id, 10_000);
      const [first, ...more] = await b.next(node, [], 1000);
      assert.equal(more.length, 0);
      assert.deepEqual({ id: first!.id, attempt: first!.attempt, params: first!.params }, { id: sent.id, attempt: 1, params: { n: 1 } });
      assert.deepEqual(await b.next(node, [sent.id], 0), [], 'held: not handed out again');
      const again = await b.next(node, [], 0);
      assert.deepEqual(again.map((c) => [c.id, c.attempt]), [[sent.id, 2]], 'a node that lost it (restarted) gets it again, as attempt 2');
      assert.equal(await b.complete(node, sent.id, { ok: true, result: 'first' }, 7), 'stored');
      assert.equal(await b.complete(node, sent.id, { ok: true, result: 'second' }, 8), 'duplicate');
      const seen = await caller;
      assert.equal(seen?.state, 'done');
      assert.equal(seen?.result, 'first');
      assert.deepEqual(await b.next(node, [], 0), [], 'answered: never handed out again');
      assert.equal((await b.get(sent.id))?.attempts, 2);
    });

    test('bounds: per-node backlog, command size, ttl, result size; each refusal says its reason', async () => {
      const q = await queue({ maxPerNode: 3, maxCommandBytes: 100, maxResultBytes: 50, maxTtlMs: 60_000 });
      const node = `bounds-${run++}`;
      await q.sweep(); // what earlier runs left past its deadline (their clocks were fake) is expired first: depth then moves only with this test
      const depth0 = await q.depth();
      for (let i = 0; i < 3; i++) await q.send(node, 'ping', { i });
      assert.equal(await q.depth(), depth0 + 3, 'depth counts what waits');
      await assert.rejects(q.send(node, 'ping', {}), (e: CommandRefused) => e.reason === 'queue_full' && /already has 3 commands waiting/.test(e.message));
      assert.ok(await q.send(`${node}-other`, 'ping', {}), 'the bound is per node');
      await assert.rejects(q.send(node + 'x', 'ping', { pad: 'x'.repeat(100) }), (e: CommandRefused) => e.reason === 'command_too_large');
      await assert.rejects(q.send(node + 'x', 'ping', {}, { ttlMs: 61_000 }), (e: CommandRefused) => e.reason === 'bad_command' && /ttl/.test(e.message));
      await assert.rejects(q.send(node + 'x', 'Bad Type', {}), (e: CommandRefused) => e.reason === 'bad_command');
      const [c] = await q.next(node, [], 0);
      await assert.rejects(q.complete(node, c!.id, { ok: true, result: 'x'.repeat(60) }, 62), (e: CommandRefused) => e.reason === 'result_too_large');
      const v = (await q.get(c!.id))!;
      assert.equal(v.state, 'failed');
      assert.equal(v.error?.reason, 'result_too_large');
      assert.ok(await q.send(node, 'ping', {}), 'a finished command makes room');
    });

    test('expiry: past its deadline a command is expired with the reason (never delivered / delivered without a result), and a late answer is refused', async () => {
      let now = 5_000_000;
      const q = await queue({ clock: () => now, sweepMs: 3_600_000 });
      const node = `expiry-${run++}`;
      const offline = await q.send(node, 'ping', {}, { ttlMs: 1000 });
      const waiter = q.wait(offline.id, 10_000);
      now += 1000;
      await q.sweep();
      const seen = await waiter;
      assert.equal(seen?.state, 'expired', 'the waiter hears the expiry');
      assert.equal(seen?.error?.reason, 'not_delivered');
      assert.match(seen!.error!.message, new RegExp(`node ${node} did not take the command before its deadline`));
      assert.deepEqual(await q.next(node, [], 0), [], 'an expired command is never handed out');
      await assert.rejects(q.complete(node, offline.id, { ok: true, result: 1 }, 1), (e: CommandRefused) => e.reason === 'expired');
      const taken = await q.send(node, 'ping', {}, { ttlMs: 1000 });
      assert.equal((await q.next(node, [], 0)).length, 1);
      now += 1500;
      await q.sweep();
      const v = (await q.get(taken.id))!;
      assert.equal(v.state, 'expired');
      assert.equal(v.error?.reason, 'no_result');
    });

    test('the channel: when the node last polled, and whether a poll is open now', async () => {
      const q = await queue();
      const node = `chan-${run++}`;
      assert.deepEqual(await q.channel(node), { polling: 0, lastPollAt: null });
      const poll = q.next(node, [], 400);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await q.channel(node)).polling, 1);
      await poll;
      const after = await q.channel(node);
      assert.equal(after.polling, 0, 'closed once it answered');
      assert.ok(after.lastPollAt !== null && Date.now() - after.lastPollAt < 5000);
    });
  });
}

// Asked before any suite is registered: the SQLite suite starts at once and would hold the event loop past the connect timeout.
const pgSkip = await pgSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'commands-'));
contract('sqlite', false, () => new SqliteCommandStore(join(dir, 'commands.db')), { runs: 150, teardown: async () => rmSync(dir, { recursive: true, force: true }) });
const schema = randomSchema('test_commands');
contract('postgres', pgSkip, () => new PostgresCommandStore(PG_URL, schema), { runs: 40, teardown: () => dropSchema(schema) });
