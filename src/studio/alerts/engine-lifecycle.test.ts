import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { IngestItem } from '../store/store.js';
import type { AlertState } from './alert.js';
import { AlertEngine } from './engine.js';
import type { Notifier, NotifyResult } from './notify.js';
import { payloadFor } from './payloads.js';
import { SqliteAlertRepository } from './repository.js';
import type { AlertRule, AlertRuleInput } from './rule.js';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Records every notification with the whole alert, as the channels would get it. */
class Recorder implements Notifier {
  readonly sent: { rule: AlertRule; alert: AlertState }[] = [];
  async send(channel: { type: 'webhook' | 'slack' | 'pagerduty' }, rule: AlertRule, alert: AlertState): Promise<NotifyResult> {
    this.sent.push({ rule, alert });
    return { channel: channel.type, ok: true, status: 200, attempts: 1 };
  }
}

const reading = (value: number, ts: number, sensor = 'dht22-humidity'): IngestItem => ({
  event: { source: '/edge/pi-node-2', id: randomUUID(), type: 'io.homelab.edge.reading', time: ts },
  readings: [{ node: 'pi-node-2', sensor, kind: 'humidity', location: 'warehouse-b', value, unit: '%', ts }],
});
const channels: AlertRuleInput['channels'] = [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }];
const dry: AlertRuleInput = { name: 'dry', channels, filter: { kind: 'humidity' }, condition: { type: 'threshold', op: '<', value: 30 } };

describe('AlertEngine: backlog, deleted rules, retention', () => {
  let now = T0;
  let store: SqliteStore;
  let engine: AlertEngine;
  let rec: Recorder;
  const feed = async (...items: IngestItem[]) => { await store.ingest(items); await engine.onData(items); };
  const states = () => rec.sent.map((s) => `${s.alert.state} ${s.alert.fingerprint}`);

  beforeEach(async () => {
    now = T0;
    store = new SqliteStore(':memory:');
    await store.open();
    rec = new Recorder();
    engine = new AlertEngine({ store, repo: new SqliteAlertRepository(':memory:'), metricsRegistry: new Registry(), notifier: rec, clock: () => now, tickMs: 3_600_000 });
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    await store.close();
  });

  test('new then old: a backlog dip older than the newest reading fires nothing; a backlog recovery resolves nothing', async () => {
    await engine.create(dry);
    await feed(reading(45, now));
    await feed(reading(20, now - 2 * MIN), reading(22, now - MIN)); // the outbox drains, older than what came live
    assert.deepEqual(states(), [], 'older than the newest reading of the series, though within the age limit');
    now += MIN;
    await feed(reading(25, now));
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity']);
    await feed(reading(40, now - 30 * MIN), reading(41, now - 10 * MIN));
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity'], 'a reading from before the current one must not resolve it');
    assert.equal((await engine.alerts({ state: 'firing' }))[0]?.value, 25);
    now += MIN;
    await feed(reading(45, now));
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity', 'resolved pi-node-2/dht22-humidity']);
  });

  test('old then new: readings beyond the age limit are ignored even when nothing newer was seen; then current data counts', async () => {
    await engine.create(dry);
    await feed(reading(20, now - 3 * HOUR), reading(21, now - 2 * HOUR), reading(22, now - 16 * MIN));
    assert.deepEqual(states(), [], 'hours-old backlog does not page anyone now');
    await feed(reading(24, now - 5 * MIN));
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity'], 'a recent reading with nothing newer seen is the current state');
    await feed(reading(40, now - 20 * MIN));
    assert.equal(rec.sent.length, 1, 'too old to resolve it');
    await feed(reading(40, now));
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity', 'resolved pi-node-2/dht22-humidity']);
  });

  test('a rule\'s max_age_s replaces the default; a dip and recovery sent together still fire and resolve', async () => {
    await engine.create({ ...dry, name: 'hourly sensor', condition: { type: 'threshold', op: '<', value: 30, max_age_s: 2 * 3600 } });
    await feed(reading(20, now - 90 * MIN), reading(45, now - 80 * MIN));
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity', 'resolved pi-node-2/dht22-humidity']);
    await feed(reading(20, now - 3 * HOUR));
    assert.equal(rec.sent.length, 2);
  });

  test('the newest reading per series survives a restart (it is in the repository, not in memory)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-backlog-'));
    const make = () => new AlertEngine({ store, repo: new SqliteAlertRepository(join(dir, 'alerts.db')), metricsRegistry: new Registry(), notifier: rec, clock: () => now, tickMs: 3_600_000 });
    try {
      const a = make();
      await a.start();
      await a.create(dry);
      const live = reading(45, now);
      await store.ingest([live]);
      await a.onData([live]);
      await a.stop();
      const b = make();
      await b.start();
      const old = reading(20, now - MIN);
      await store.ingest([old]);
      await b.onData([old]);
      assert.deepEqual(states(), []);
      await b.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('deleting a rule resolves its firing alerts with reason "rule deleted" (pending ones silently) and removes every state', async () => {
    const rule = await engine.create(dry);
    const slow = await engine.create({ ...dry, name: 'dry for long', condition: { type: 'threshold', op: '<', value: 30, for_s: 3600 } });
    await feed(reading(20, now), reading(21, now, 'dht22-humidity-2'));
    assert.equal(rec.sent.length, 2);
    assert.equal((await engine.alerts({ ruleId: slow.id, state: 'pending' })).length, 2);
    now += 5 * MIN;
    assert.equal(await engine.deleteRule(rule.id), true);
    await engine.settled();
    const resolved = rec.sent.slice(2);
    assert.deepEqual(resolved.map((s) => `${s.alert.state} ${s.alert.fingerprint}`).sort(), ['resolved pi-node-2/dht22-humidity', 'resolved pi-node-2/dht22-humidity-2']);
    for (const { alert, rule: r } of resolved) {
      assert.deepEqual([alert.reason, alert.resolved_at, alert.started_at, r.id], ['rule deleted', now, T0, rule.id]);
      assert.match(alert.summary, /^rule deleted \(was: humidity 2\d at pi-node-2/);
    }
    const pd = payloadFor({ type: 'pagerduty', url: 'http://pd.invalid', routing_key: 'R' }, resolved[0]!.rule, resolved[0]!.alert) as { event_action: string; payload: { custom_details: Record<string, unknown> } };
    assert.deepEqual([pd.event_action, pd.payload.custom_details.reason], ['resolve', 'rule deleted']);
    assert.deepEqual(await engine.alerts({ ruleId: rule.id }), []);
    assert.equal(await engine.deleteRule(rule.id), false);
    assert.equal(await engine.repo.deleteRule(slow.id), true, 'agent-bruno deletes through engine.repo');
    await engine.settled();
    assert.equal(rec.sent.length, 4, 'pending alerts were never notified, so nothing is resolved for them');
    assert.deepEqual(await engine.alerts({}), []);
  });

  test('a firing alert deleted through engine.repo (plain-language "delete alert") is notified too', async () => {
    const rule = await engine.create(dry);
    await feed(reading(20, now));
    assert.equal(await engine.repo.deleteRule(rule.id), true);
    await engine.settled();
    assert.deepEqual(rec.sent.map((s) => [s.alert.state, s.alert.reason]), [['firing', undefined], ['resolved', 'rule deleted']]);
  });

  test('retention deletes alerts resolved longer ago than resolvedRetentionMs; firing and recent ones stay', async () => {
    await engine.create(dry);
    await feed(reading(20, now), reading(20, now, 'old-sensor'), reading(20, now, 'firing-sensor'));
    now += MIN;
    await feed(reading(40, now, 'old-sensor'));
    now += 20 * DAY;
    await feed(reading(40, now));
    now += 15 * DAY;
    await feed(reading(20, now, 'firing-sensor'));
    assert.deepEqual(await engine.enforceRetention(), { resolved: 1, series: 1 }, 'default 30 days: the old-sensor alert (35 days) and its series mark');
    assert.deepEqual((await engine.alerts({})).map((a) => `${a.fingerprint} ${a.state}`).sort(), ['pi-node-2/dht22-humidity resolved', 'pi-node-2/firing-sensor firing']);
    const short = new AlertEngine({ store, repo: engine.repo, metricsRegistry: new Registry(), notifier: rec, clock: () => now, resolvedRetentionMs: 7 * DAY });
    assert.deepEqual(await short.enforceRetention(), { resolved: 1, series: 1 }, '7 days: the humidity alert (15 days) and its series mark');
    assert.deepEqual((await engine.alerts({})).map((a) => a.fingerprint), ['pi-node-2/firing-sensor']);
  });

  test('the tick timer runs retention, first on its first tick', async () => {
    const repo = new SqliteAlertRepository(':memory:');
    const e = new AlertEngine({ store, repo, metricsRegistry: new Registry(), notifier: rec, clock: () => now, tickMs: 20 });
    await e.start();
    const { id } = await e.create(dry);
    await repo.transition({ ruleId: id, fingerprint: 'x', firing: true, summary: 's', value: 1, now: now - 40 * DAY, repeatMs: HOUR });
    await repo.transition({ ruleId: id, fingerprint: 'x', firing: false, summary: 's', value: 1, now: now - 31 * DAY, repeatMs: HOUR });
    for (let i = 0; i < 50 && (await repo.alerts({})).length; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(await repo.alerts({}), []);
    await e.stop();
  });
});
