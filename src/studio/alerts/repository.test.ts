import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { SqliteAlertRepository, type AlertRepository } from './repository.js';
import { PostgresAlertRepository } from './postgres-repository.js';
import { AlertRuleInput } from './rule.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgUp = await (async () => { const c = new pg.Client(PG_URL); try { await c.connect(); await c.end(); return true; } catch { return false; } })();
const pgSkip = pgUp || process.env.CI === 'true' ? false : `PostgreSQL not reachable at ${PG_URL}`;
const spec = AlertRuleInput.parse({ name: 'dry', filter: { kind: 'humidity' }, condition: { type: 'threshold', op: '<', value: 30 } });

/** The alert repository contract, run against each engine. */
function contract(name: string, skip: string | false, make: () => AlertRepository, cleanup: () => Promise<void> = async () => {}) {
  describe(`AlertRepository contract: ${name}`, { skip }, () => {
    let repo: AlertRepository;
    before(async () => { repo = make(); await repo.open(); });
    after(async () => { await repo.close(); await cleanup(); });

    test('a transition is reported once; repeats only after the interval; resolve once', async () => {
      const rule = await repo.createRule(spec, 1000);
      assert.equal((await repo.rules()).length, 1);
      assert.equal((await repo.transition(rule.id, 's1', true, 'low', 28, 2000, 60_000))?.state, 'firing');
      assert.equal(await repo.transition(rule.id, 's1', true, 'low', 27, 3000, 60_000), undefined, 'no new notification while firing');
      assert.equal((await repo.transition(rule.id, 's1', true, 'low', 27, 70_000, 60_000))?.last_notified_at, 70_000, 'repeat after the interval');
      assert.equal((await repo.transition(rule.id, 's1', false, 'ok', 35, 80_000, 60_000))?.state, 'resolved');
      assert.equal(await repo.transition(rule.id, 's1', false, 'ok', 35, 90_000, 60_000), undefined);
      assert.equal(await repo.transition(rule.id, 's2', false, 'ok', 35, 90_000, 60_000), undefined, 'never fired: nothing to resolve');
      assert.equal((await repo.alerts({ state: 'resolved' })).length, 1);
      assert.ok(await repo.deleteRule(rule.id));
      assert.equal(await repo.deleteRule(rule.id), false);
    });

    test('concurrent transitions of one alert notify once', async () => {
      const rule = await repo.createRule(spec, 1000);
      const results = await Promise.all(Array.from({ length: 8 }, () => repo.transition(rule.id, 'race', true, 'low', 1, 5000, 60_000)));
      assert.equal(results.filter(Boolean).length, 1);
    });
  });
}

contract('sqlite', false, () => new SqliteAlertRepository(':memory:'));
const schema = `test_alerts_${process.pid}_${Date.now()}`;
contract('postgres', pgSkip, () => new PostgresAlertRepository(PG_URL, schema), async () => {
  const c = new pg.Client(PG_URL);
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
});
