import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SqliteAlertRepository, type AlertRepository, type Transition } from './repository.js';
import { PostgresAlertRepository } from './postgres-repository.js';
import { AlertRuleInput } from './rule.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgUp = await (async () => { const c = new pg.Client(PG_URL); try { await c.connect(); await c.end(); return true; } catch { return false; } })();
// On CI a missing database is a failure (the suite runs and cannot connect), never a silent skip.
const pgSkip = pgUp || process.env.CI === 'true' ? false : `PostgreSQL not reachable at ${PG_URL} (set TEST_DATABASE_URL)`;
if (pgSkip) console.warn(`[alerts] skipping the PostgreSQL contract: ${pgSkip}`);
const spec = AlertRuleInput.parse({ name: 'dry', filter: { kind: 'humidity' }, condition: { type: 'threshold', op: '<', value: 30 } });

/** A transition with defaults, so each assertion shows only what it is about. */
const tr = (ruleId: string, over: Partial<Transition>): Transition =>
  ({ ruleId, fingerprint: 's1', firing: true, summary: 'low', value: 28, now: 0, repeatMs: 60_000, ...over });

/**
 * The alert repository contract, run against each engine. `make` returns a new repository over
 * the same database each call (a second call stands for a second studio replica).
 */
function contract(name: string, skip: string | false, make: () => AlertRepository, cleanup: () => Promise<void> = async () => {}) {
  describe(`AlertRepository contract: ${name}`, { skip }, () => {
    let repo: AlertRepository;
    before(async () => { repo = make(); await repo.open(); });
    after(async () => { await repo.close(); await cleanup(); });

    test('rules round-trip with defaults; unknown ids are undefined/false', async () => {
      const rule = await repo.createRule(spec, 1000);
      assert.match(rule.id, /^[0-9a-f]{8}$/);
      const back = await repo.rule(rule.id);
      assert.deepEqual(back, { ...spec, id: rule.id, created_at: 1000 });
      assert.deepEqual(back?.labels, {});
      assert.ok((await repo.rules()).some((r) => r.id === rule.id));
      assert.equal(await repo.rule('nope1234'), undefined);
      assert.equal(await repo.deleteRule('nope1234'), false);
    });

    test('updateRule replaces the spec, keeps id, creation time and alert states; unknown id is undefined', async () => {
      const rule = await repo.createRule(spec, 1000);
      await repo.transition(tr(rule.id, { now: 2000 }));
      const changed = AlertRuleInput.parse({ ...spec, name: 'very dry', condition: { type: 'threshold', op: '<', value: 20 } });
      const updated = await repo.updateRule(rule.id, changed);
      assert.deepEqual(updated, { ...changed, id: rule.id, created_at: 1000 });
      assert.deepEqual(await repo.rule(rule.id), updated, 'stored, not just answered');
      assert.equal((await repo.alerts({ ruleId: rule.id }))[0]?.state, 'firing', 'the firing alert stays until evaluated again');
      assert.equal(await repo.updateRule('nope1234', changed), undefined);
      assert.equal(await repo.rule('nope1234'), undefined, 'an update never creates');
      await repo.deleteRule(rule.id);
    });

    test('a transition is reported once; repeats only after the interval; resolve once', async () => {
      const { id } = await repo.createRule(spec, 1000);
      const fired = await repo.transition(tr(id, { now: 2000, labels: { node: 'pi-1', sensor: 'h' } }));
      assert.deepEqual(fired, { rule_id: id, fingerprint: 's1', state: 'firing', summary: 'low', value: 28, labels: { node: 'pi-1', sensor: 'h' }, started_at: 2000, resolved_at: null, last_notified_at: 2000, updated_at: 2000 });
      assert.equal(await repo.transition(tr(id, { value: 27, now: 3000 })), undefined, 'no new notification while firing');
      const stored = (await repo.alerts({ ruleId: id }))[0];
      assert.deepEqual([stored?.value, stored?.updated_at, stored?.labels], [27, 3000, { node: 'pi-1', sensor: 'h' }], 'value and labels kept up to date');
      assert.equal((await repo.transition(tr(id, { now: 70_000 })))?.last_notified_at, 70_000, 'repeat after the interval');
      const resolved = await repo.transition(tr(id, { firing: false, summary: 'ok', value: 35, now: 80_000 }));
      assert.deepEqual([resolved?.state, resolved?.started_at, resolved?.resolved_at], ['resolved', 2000, 80_000]);
      assert.equal(await repo.transition(tr(id, { firing: false, now: 90_000 })), undefined);
      assert.equal(await repo.transition(tr(id, { fingerprint: 's2', firing: false, now: 90_000 })), undefined, 'never fired: nothing to resolve');
      assert.equal((await repo.alerts({ ruleId: id, state: 'resolved' })).length, 1);
      assert.equal((await repo.transition(tr(id, { now: 95_000 })))?.started_at, 95_000, 'fires again after resolving');
      assert.ok(await repo.deleteRule(id));
      assert.deepEqual(await repo.alerts({ ruleId: id }), [], 'alerts go with their rule');
      assert.equal(await repo.deleteRule(id), false);
    });

    test('with a `for` duration: pending, silent, fires once it held long enough; a pending alert that clears leaves nothing', async () => {
      const { id } = await repo.createRule(spec, 1000);
      assert.equal(await repo.transition(tr(id, { now: 10_000, forMs: 60_000 })), undefined);
      assert.equal((await repo.alerts({ ruleId: id, state: 'pending' }))[0]?.started_at, 10_000);
      assert.equal(await repo.transition(tr(id, { now: 69_999, forMs: 60_000 })), undefined, 'not yet');
      const fired = await repo.transition(tr(id, { now: 70_000, forMs: 60_000 }));
      assert.deepEqual([fired?.state, fired?.started_at, fired?.last_notified_at], ['firing', 10_000, 70_000], 'active since the condition began');
      await repo.transition(tr(id, { fingerprint: 's2', now: 10_000, forMs: 60_000 }));
      assert.equal(await repo.transition(tr(id, { fingerprint: 's2', firing: false, now: 20_000, forMs: 60_000 })), undefined, 'no resolved notice for what never fired');
      assert.deepEqual((await repo.alerts({ ruleId: id })).map((a) => a.fingerprint), ['s1']);
      await repo.deleteRule(id);
    });

    test('removeRule answers the rule and the alerts it had, once; their states are gone', async () => {
      const { id } = await repo.createRule(spec, 1000);
      await repo.transition(tr(id, { fingerprint: 'f1', now: 2000 }));
      await repo.transition(tr(id, { fingerprint: 'p1', now: 2000, forMs: 60_000 }));
      const other = make();
      await other.open();
      try {
        const both = await Promise.all([repo.removeRule(id), other.removeRule(id)]);
        const gone = both.find(Boolean);
        assert.equal(both.filter(Boolean).length, 1, 'one replica gets the rows back');
        assert.deepEqual(gone?.rule, { ...spec, id, created_at: 1000 });
        assert.deepEqual(gone?.alerts.map((a) => `${a.fingerprint} ${a.state} ${a.started_at}`).sort(), ['f1 firing 2000', 'p1 pending 2000']);
        assert.deepEqual(await repo.alerts({ ruleId: id }), []);
        assert.equal(await repo.rule(id), undefined);
        assert.equal(await repo.removeRule(id), undefined);
      } finally {
        await other.close();
      }
    });

    test('advanceSeries answers the newest time recorded before, and only ever moves forward', async () => {
      const a = `n${randomUUID().slice(0, 6)}/s1`;
      const b = `n${randomUUID().slice(0, 6)}/s2`;
      assert.deepEqual(await repo.advanceSeries(new Map([[a, 5000]])), new Map());
      assert.deepEqual(await repo.advanceSeries(new Map([[a, 3000], [b, 100]])), new Map([[a, 5000]]), 'an older batch does not lower it');
      assert.deepEqual(await repo.advanceSeries(new Map([[a, 9000], [b, 50]])), new Map([[a, 5000], [b, 100]]));
      assert.deepEqual(await repo.advanceSeries(new Map([[a, 1], [b, 1]])), new Map([[a, 9000], [b, 100]]));
    });

    test('prune deletes alerts resolved before the cut and series silent since; firing, pending and recent ones stay', async () => {
      const { id } = await repo.createRule(spec, 1000);
      for (const fp of ['old', 'recent', 'firing']) await repo.transition(tr(id, { fingerprint: fp, now: 1000 }));
      await repo.transition(tr(id, { fingerprint: 'pending', now: 1000, forMs: 3_600_000 }));
      await repo.transition(tr(id, { fingerprint: 'old', firing: false, now: 10_000 }));
      await repo.transition(tr(id, { fingerprint: 'recent', firing: false, now: 50_000 }));
      const quiet = `n${randomUUID().slice(0, 6)}/quiet`;
      const busy = `n${randomUUID().slice(0, 6)}/busy`;
      await repo.advanceSeries(new Map([[quiet, 10_000], [busy, 50_000]]));
      const pruned = await repo.prune(20_000);
      assert.equal(pruned.resolved, 1);
      assert.ok(pruned.series >= 1);
      assert.deepEqual((await repo.alerts({ ruleId: id })).map((a) => `${a.fingerprint} ${a.state}`).sort(), ['firing firing', 'pending pending', 'recent resolved']);
      assert.deepEqual(await repo.advanceSeries(new Map([[quiet, 60_000], [busy, 60_000]])), new Map([[busy, 50_000]]), 'the silent series mark went');
      assert.deepEqual(await repo.prune(20_000), { resolved: 0, series: 0 });
      await repo.deleteRule(id);
    });

    test('concurrent transitions of one alert notify once, within one replica and across two', async () => {
      const { id } = await repo.createRule(spec, 1000);
      const results = await Promise.all(Array.from({ length: 8 }, () => repo.transition(tr(id, { fingerprint: 'race', now: 5000 }))));
      assert.equal(results.filter(Boolean).length, 1);
      const other = make();
      await other.open();
      try {
        const both = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? repo : other).transition(tr(id, { fingerprint: 'race2', now: 5000 }))));
        assert.equal(both.filter(Boolean).length, 1, 'one replica wins the firing');
        const resolves = await Promise.all([repo, other, repo, other].map((r) => r.transition(tr(id, { fingerprint: 'race2', firing: false, now: 6000 }))));
        assert.equal(resolves.filter(Boolean).length, 1, 'and one the resolve');
      } finally {
        await other.close();
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'alerts-repo-'));
contract('sqlite', false, () => new SqliteAlertRepository(join(dir, 'alerts.db')), async () => rmSync(dir, { recursive: true, force: true }));
const schema = `test_alerts_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
contract('postgres', pgSkip, () => new PostgresAlertRepository(PG_URL, schema), async () => {
  const c = new pg.Client(PG_URL);
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
});

describe('SqliteAlertRepository specifics', () => {
  test('shares an open Database (the studio file) and leaves it open', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE studio_thing (x INTEGER)');
    const repo = new SqliteAlertRepository(db);
    await repo.open();
    await repo.createRule(spec, 1);
    await repo.close();
    assert.equal((db.prepare('SELECT count(*) AS n FROM alert_rules').get() as { n: number }).n, 1);
    db.close();
  });

  test('a file from the first release gains the new columns; its rows still read', async () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE alert_rules (id TEXT PRIMARY KEY, spec TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE alerts (rule_id TEXT NOT NULL, fingerprint TEXT NOT NULL, state TEXT NOT NULL, summary TEXT NOT NULL, value REAL,
        started_at INTEGER NOT NULL, resolved_at INTEGER, last_notified_at INTEGER, PRIMARY KEY (rule_id, fingerprint)) WITHOUT ROWID;
      INSERT INTO alert_rules VALUES ('abcd1234', '{"name":"old","severity":"warning","repeat_interval_s":3600,"channels":[],"filter":{},"condition":{"type":"threshold","op":">","value":1}}', 5);
      INSERT INTO alerts VALUES ('abcd1234', 'n/s', 'firing', 'hot', 2, 10, NULL, 10);`);
    const repo = new SqliteAlertRepository(db);
    await repo.open();
    const rule = await repo.rule('abcd1234');
    assert.deepEqual([rule?.labels, rule?.condition.type === 'threshold' && rule.condition.for_s], [{}, 0], 'defaults filled in');
    assert.deepEqual((await repo.alerts())[0], { rule_id: 'abcd1234', fingerprint: 'n/s', state: 'firing', summary: 'hot', value: 2, labels: {}, started_at: 10, resolved_at: null, last_notified_at: 10, updated_at: 10 });
    await repo.close();
    db.close();
  });
});
