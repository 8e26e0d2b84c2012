import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CommandQueue, CommandRefused } from './command-queue.js';
import { FINISHED } from '../../core/commands.js';

const ops = fc.array(fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('send' as const), node: fc.integer({ min: 0, max: 1 }), ttl: fc.integer({ min: 1, max: 20_000 }), size: fc.integer({ min: 0, max: 250 }) }) },
  fc.record({ op: fc.constant('poll' as const), node: fc.integer({ min: 0, max: 1 }), keep: fc.array(fc.boolean(), { maxLength: 20 }) }),
  fc.record({ op: fc.constant('answer' as const), pick: fc.nat(), ok: fc.boolean(), bytes: fc.integer({ min: 0, max: 600 }) }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3000 }) }),
), { maxLength: 80 });

test('the queue keeps its promises over any sequence of sends, polls, answers and time', async () => {
  await fc.assert(fc.asyncProperty(ops, async (seq) => {
    let now = 1_000_000;
    const q = new CommandQueue({ path: ':memory:', maxPerNode: 4, maxCommandBytes: 200, maxResultBytes: 400, clock: () => now });
    q.open();
    try {
      const sent: string[] = [];
      const holding = new Map<number, Set<string>>();
      const finishedAs = new Map<string, string>();
      for (const s of seq) {
        if (s.op === 'send') {
          const node = `n${s.node}`;
          const waitingBefore = q.list(node, 1000).filter((c) => !FINISHED.has(c.state)).length;
          try {
            const c = q.send(node, 'ping', { pad: 'x'.repeat(s.size) }, { ttlMs: s.ttl });
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
          const got = await q.next(`n${s.node}`, kept, 0);
          for (const c of got) {
            assert.ok(!kept.includes(c.id), 'a command the node still holds is never handed out again');
            assert.ok(c.deadline > now, 'nothing past its deadline is handed out');
            assert.equal(c.node, `n${s.node}`);
          }
          holding.set(s.node, new Set([...kept, ...got.map((c) => c.id)]));
        } else if (s.op === 'answer') {
          const id = sent[s.pick % Math.max(1, sent.length)];
          if (!id) continue;
          const before = q.get(id)!;
          try {
            const r = q.complete(before.node, id, s.ok ? { ok: true, result: 'x'.repeat(s.bytes) } : { ok: false, error: { reason: 'handler_failed', message: 'no' } }, s.bytes + 2);
            if (r === 'duplicate') assert.ok(before.state === 'done' || before.state === 'failed');
            else assert.ok(!FINISHED.has(before.state), 'an outcome is kept once');
            if (r === 'stored') assert.ok(!s.ok || s.bytes + 2 <= 400);
          } catch (err) {
            assert.ok(err instanceof CommandRefused);
            assert.ok(err.reason === 'expired' ? before.state === 'expired' : err.reason === 'result_too_large', err.message);
          }
        } else {
          now += s.ms;
          q.sweep();
        }
        for (const id of sent) {
          const c = q.get(id)!;
          if (!FINISHED.has(c.state)) assert.ok(c.deadline > now || s.op !== 'tick', 'a waiting command past its deadline is expired by the sweep');
          const was = finishedAs.get(id);
          if (was) assert.equal(c.state, was, 'a finished command never changes');
          else if (FINISHED.has(c.state)) finishedAs.set(id, c.state);
        }
      }
    } finally {
      q.close();
    }
  }), { numRuns: 150 });
});

test('a poll waits for a command and wakes when one is queued; a result wakes its waiter', async () => {
  const q = new CommandQueue({ path: ':memory:' });
  q.open();
  const t0 = Date.now();
  const polled = q.next('pi-node-1', [], 5000);
  setTimeout(() => q.send('pi-node-1', 'ping', {}), 50);
  const got = await polled;
  assert.equal(got.length, 1);
  assert.ok(Date.now() - t0 < 2000);
  const waiting = q.wait(got[0]!.id, 5000);
  q.complete('pi-node-1', got[0]!.id, { ok: true, result: { pong: 1 } }, 10);
  assert.deepEqual((await waiting)?.result, { pong: 1 });
  assert.throws(() => q.complete('pi-node-2', got[0]!.id, { ok: true, result: 1 }, 1), /is for node pi-node-1/);
  q.close();
});

test('the queue keeps waiting commands across a restart of the studio', () => {
  const path = `${process.env.TMPDIR ?? '/tmp'}/commands-${process.pid}-${Date.now()}.db`;
  let q = new CommandQueue({ path });
  q.open();
  const c = q.send('pi-node-1', 'ping', {}, { ttlMs: 60_000 });
  q.close();
  q = new CommandQueue({ path });
  q.open();
  assert.equal(q.get(c.id)?.state, 'queued');
  q.close();
});
