import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadingSchema } from '../../core/schemas.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { SqliteAgentState } from '../agent-state/sqlite-agent-state.js';
import { GoalBook, type EmitDeps, type GoalTransition } from './goal-book.js';
import { GoalError } from './goal.js';
import { SqliteGoalRepository } from './goal-repository.js';

const T0 = Date.UTC(2026, 10, 30, 0, 0);
const MIN = 60_000;
let seq = 0;
const readings = (rows: { min: number; v: number; node?: string }[]) => ({
  event: { source: '/test', id: `r${seq++}`, type: 'io.homelab.edge.reading', time: T0 },
  readings: rows.map((r) => ReadingSchema.parse({ node: r.node ?? 'pi-node-2', sensor: 'dht22-t', kind: 'temperature', unit: '°C', location: 'warehouse-b', ts: T0 + r.min * MIN, value: r.v })),
});
const warehouse = { type: 'time_share', scope: { location: 'warehouse-b' }, kind: 'temperature', op: '<', threshold: 25, target_pct: 99 } as const;

describe('GoalBook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goal-book-'));
  const store = new SqliteStore(':memory:');
  const state = new SqliteAgentState(':memory:');
  let now = T0 + 60 * MIN;
  const clock = () => now;
  const book = new GoalBook({ repo: new SqliteGoalRepository(join(dir, 'goals.db')), store, clock });
  const published: GoalTransition[] = [];
  let failPublish = false;
  const deps: EmitDeps = {
    claim: (k) => state.claim(k, now, 0), release: (k) => state.release(k),
    publish: async (t) => { if (failPublish) throw new Error('broker down'); published.push(t); },
  };

  before(async () => {
    await store.open(); await state.open(); await book.open();
    // An hour of readings every minute at 22 °C.
    await store.ingest([readings(Array.from({ length: 60 }, (_, m) => ({ min: m, v: 22 })))]);
  });
  after(async () => { await book.close(); await state.close(); await store.close(); rmSync(dir, { recursive: true, force: true }); });

  test('refuses an unknown place, node or kind by name, and bad fields with the field named', async () => {
    const bad = async (raw: unknown, field: string, text: RegExp) => {
      await assert.rejects(book.create(raw), (e: unknown) => e instanceof GoalError && e.field === field && text.test(e.message));
    };
    await bad({ title: 't', deadline: T0 + 7 * 86_400_000, measure: { ...warehouse, scope: { location: 'warehouse-z' } } }, 'measure.scope.location', /no data for place "warehouse-z"; places: warehouse-b/);
    await bad({ title: 't', deadline: T0 + 7 * 86_400_000, measure: { ...warehouse, scope: { node: 'pi-node-9' } } }, 'measure.scope.node', /no data for node "pi-node-9"/);
    await bad({ title: 't', deadline: T0 + 7 * 86_400_000, measure: { ...warehouse, kind: 'humidity' } }, 'measure.kind', /no humidity data for warehouse-b; it has temperature/);
    await bad({ title: 't', deadline: T0 - 1 }, 'deadline', /not in the future/);
    await bad({ title: 't', deadline: T0 + 200 * 86_400_000, measure: warehouse }, 'deadline', /at most 92 days/);
    await bad({ title: '', deadline: T0 + 1e9 }, 'title', /./);
    await bad({ title: 't', deadline: T0 + 1e9, measure: { ...warehouse, target_pct: 120 } }, 'measure.target_pct', /./);
    await bad({ title: 't', deadline: T0 + 1e9, surprise: 1 }, '(body)', /surprise/);
    assert.equal((await book.list()).length, 0, 'nothing was created');
  });

  test('a measured goal shows its attainment from stored readings; it survives a restart with the same figures', async () => {
    const g = await book.create({ title: 'keep warehouse-b cool', start: T0, deadline: T0 + 7 * 86_400_000, measure: warehouse });
    assert.equal(g.attainment, 100);
    assert.equal(g.status, 'on_track');
    await store.ingest([readings([{ min: 30.5, v: 26.5 }])]); // one reading over: slot 30–35 fails
    const after = await book.get(g.id);
    assert.equal(after!.attainment, Math.round((11 / 12) * 100 * 1000) / 1000);
    const restarted = new GoalBook({ repo: new SqliteGoalRepository(join(dir, 'goals.db')), store, clock });
    await restarted.open();
    assert.deepEqual(await restarted.get(g.id), after, 'same goal, same progress after a restart');
    await restarted.close();
    await book.remove(g.id);
  });

  test('a breach is published once, not on every tick; a failed publish is retried; another replica does not repeat it', async () => {
    const g = await book.create({ title: 'strict', start: T0, deadline: T0 + 3 * 3_600_000, measure: { ...warehouse, target_pct: 99.9 } });
    // 1 failing slot of 12 observed, 24 to come: (11 + 24) / 36 < 99.9 %: no budget left.
    failPublish = true;
    assert.deepEqual(await book.evaluate(deps), []);
    failPublish = false;
    const first = await book.evaluate(deps);
    assert.deepEqual(first.map((t) => [t.status, t.goal.id]), [['breached', g.id]]);
    for (let i = 0; i < 3; i++) { now += 5 * MIN; assert.deepEqual(await book.evaluate(deps), []); }
    const replica = new GoalBook({ repo: new SqliteGoalRepository(join(dir, 'goals.db')), store, clock });
    await replica.open();
    assert.deepEqual(await replica.evaluate(deps), []);
    await replica.close();
    assert.equal(published.filter((t) => t.goal.id === g.id).length, 1);
    assert.equal(published[0]!.key, `goal:${g.id}:breached`);
    await book.remove(g.id);
  });

  test('tracked goal: check-ins move key results; at risk once per episode; met once', async () => {
    published.length = 0;
    const g = await book.create({ title: 'ship the dashboard', owner: 'ana', deadline: now + 10 * 86_400_000, start: now, key_results: [{ title: 'goals panel' }, { title: 'screens', target: 4 }] });
    assert.equal(g.attainment, 0);
    now += 6 * 86_400_000; // 60 % of the time gone, 0 % done: at risk
    assert.deepEqual((await book.evaluate(deps)).map((t) => t.status), ['at_risk']);
    assert.deepEqual(await book.evaluate(deps), []);
    const c = await book.checkIn(g.id, { by: 'ana', key_result: 'kr1', done: true, note: 'panel merged' });
    assert.equal(c.attainment, 50);
    assert.deepEqual(await book.evaluate(deps), [], 'on track again: nothing to say');
    now += 3 * 86_400_000; // 90 % of the time gone, 50 % done: at risk again, a new episode
    assert.deepEqual((await book.evaluate(deps)).map((t) => t.key), [`goal:${g.id}:at_risk:2`]);
    await assert.rejects(book.checkIn(g.id, { key_result: 'kr9', value: 1 }), (e: unknown) => e instanceof GoalError && e.code === 'not_found');
    await assert.rejects(book.checkIn(g.id, {}), (e: unknown) => e instanceof GoalError && /needs a note/.test(e.message));
    const done = await book.checkIn(g.id, { key_result: 'screens', value: 4 });
    assert.equal(done.attainment, 100);
    assert.deepEqual((await book.evaluate(deps)).map((t) => t.status), ['met']);
    assert.deepEqual(await book.evaluate(deps), []);
    const patched = await book.update(g.id, { title: 'ship the dashboard v2', owner: null });
    assert.equal(patched.title, 'ship the dashboard v2');
    assert.equal(patched.owner, undefined);
    await assert.rejects(book.update(g.id, { id: 'x' }), (e: unknown) => e instanceof GoalError && e.field === 'id');
  });
});
