import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Goal } from './goal.js';
import type { GoalRepository } from './goal-repository.js';
import { SqliteGoalRepository } from './goal-repository.js';
import { PostgresGoalRepository } from './postgres-goal-repository.js';
import { dropSchema, PG_URL, pgSkipReason, randomSchema } from '../graph/graph-test-fixtures.js';

const goal = (id: string, created_at: number, title = id): Goal => ({
  id, title, kind: 'tracked', start: 1, deadline: 2, key_results: [{ id: 'kr1', title: 'ship', current: 0, done: false }], checkin_every_days: 7,
  channels: {}, check_ins: [{ at: 5, note: 'started', by: 'ana' }], checkins_dropped: 0, created_at, updated_at: created_at, emitted: [], at_risk_episodes: 0,
});

/** What every engine must do; `second` is another instance on the same storage (a restart, or another replica). */
function contract(name: string, skip: string | false, make: () => GoalRepository, second: () => GoalRepository, teardown: () => Promise<void>) {
  describe(`GoalRepository contract: ${name}`, { skip }, () => {
    let a: GoalRepository;
    before(async () => { a = make(); await a.open(); await a.open(); });
    after(async () => { await a.close(); await teardown(); });

    test('saved goals survive a reopen, listed oldest first, replaced by id, deleted once', async () => {
      await a.save(goal('g2', 20));
      await a.save(goal('g1', 10));
      await a.save({ ...goal('g2', 20, 'renamed'), emitted: ['breached'] });
      await a.close();
      const b = second();
      await b.open();
      assert.deepEqual((await b.list()).map((g) => [g.id, g.title]), [['g1', 'g1'], ['g2', 'renamed']]);
      assert.deepEqual(await b.get('g2'), { ...goal('g2', 20, 'renamed'), emitted: ['breached'] }, 'the whole document, check-ins included');
      assert.equal(await b.get('nope'), undefined);
      assert.equal(await b.delete('g1'), true);
      assert.equal(await b.delete('g1'), false);
      await b.close();
      a = make();
      await a.open();
      assert.deepEqual((await a.list()).map((g) => g.id), ['g2']);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'goals-repo-'));
contract('sqlite', false, () => new SqliteGoalRepository(join(dir, 'goals.db')), () => new SqliteGoalRepository(join(dir, 'goals.db')), async () => rmSync(dir, { recursive: true, force: true }));
const schema = randomSchema('test_goals');
contract('postgres', await pgSkipReason(), () => new PostgresGoalRepository(PG_URL, schema), () => new PostgresGoalRepository(PG_URL, schema), () => dropSchema(schema));
