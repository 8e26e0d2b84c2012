import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { IngestItem } from '../store/store.js';
import { createStudioBus, type AlertChange, type RuleChange } from '../studio-events.js';
import type { AlertState } from './alert.js';
import { AlertEngine } from './engine.js';
import type { Notifier, NotifyResult } from './notify.js';
import { SqliteAlertRepository } from './repository.js';
import type { AlertRule, AlertRuleInput } from './rule.js';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
const MIN = 60_000;

class Recorder implements Notifier {
  readonly sent: AlertState[] = [];
  async send(channel: { type: 'webhook' | 'slack' | 'pagerduty' }, _rule: AlertRule, alert: AlertState): Promise<NotifyResult> {
    this.sent.push(alert);
    return { channel: channel.type, ok: true, status: 200, attempts: 1 };
  }
}

const reading = (value: number, ts: number): IngestItem => ({
  event: { source: '/edge/pi-node-2', id: randomUUID(), type: 'io.homelab.edge.reading', time: ts },
  readings: [{ node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', location: 'warehouse-b', value, unit: '%', ts }],
});
const dry: AlertRuleInput = { name: 'dry', channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }], filter: { kind: 'humidity' }, condition: { type: 'threshold', op: '<', value: 30 } };

describe('AlertEngine: edits, silences, test notifications and the bus', () => {
  let now = T0;
  let store: SqliteStore;
  let engine: AlertEngine;
  let rec: Recorder;
  let alerts: AlertChange[];
  let rules: RuleChange[];
  const feed = async (...items: IngestItem[]) => { await store.ingest(items); await engine.onData(items); };

  beforeEach(async () => {
    now = T0;
    store = new SqliteStore(':memory:');
    await store.open();
    rec = new Recorder();
    const bus = createStudioBus();
    alerts = [];
    rules = [];
    bus.on('alert', (a) => alerts.push(a));
    bus.on('rule', (r) => rules.push(r));
    engine = new AlertEngine({ store, repo: new SqliteAlertRepository(':memory:'), metricsRegistry: new Registry(), notifier: rec, clock: () => now, tickMs: 3_600_000, bus });
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    await store.close();
  });

  test('update merges the patch, validates the whole rule, and the next evaluation uses it', async () => {
    const rule = await engine.create(dry);
    await feed(reading(25, now));
    assert.deepEqual(rec.sent.map((a) => a.state), ['firing']);
    const updated = await engine.update(rule.id, { condition: { value: 20 }, labels: { team: 'ops' } });
    assert.deepEqual([updated?.condition, updated?.labels, updated?.name, updated?.created_at], [{ type: 'threshold', op: '<', value: 20, for_s: 0 }, { team: 'ops' }, 'dry', T0]);
    now += MIN;
    await feed(reading(25, now));
    assert.deepEqual(rec.sent.map((a) => a.state), ['firing', 'resolved'], '25 is no longer below the new limit');
    await assert.rejects(engine.update(rule.id, { condition: { op: '!=' } }), (e: Error & { field?: string }) => e.field === 'condition.op');
    await assert.rejects(engine.update(rule.id, { id: 'other' }), (e: Error & { field?: string }) => e.field === 'id');
    await assert.rejects(engine.update(rule.id, [1]), /JSON object/);
    assert.deepEqual((await engine.rule(rule.id))?.condition, { type: 'threshold', op: '<', value: 20, for_s: 0 }, 'a rejected patch changes nothing');
    assert.equal(await engine.update('nope1234', { name: 'x' }), undefined);
    assert.deepEqual(rules, [{ action: 'created', id: rule.id }, { action: 'updated', id: rule.id }]);
  });

  test('a silenced rule keeps its states but sends nothing until the silence ends', async () => {
    const rule = await engine.create({ ...dry, repeat_interval_s: 60 });
    await engine.update(rule.id, { silenced_until: now + 10 * MIN });
    await feed(reading(25, now));
    assert.equal((await engine.alerts({ state: 'firing' })).length, 1, 'the state is tracked');
    assert.equal(rec.sent.length, 0, 'nothing sent while silenced');
    assert.equal(alerts.length, 1, 'the dashboard still hears of it');
    now += 11 * MIN;
    await feed(reading(24, now));
    assert.deepEqual(rec.sent.map((a) => a.state), ['firing'], 're-notified after the silence, at the repeat interval');
    await engine.update(rule.id, { silenced_until: null });
    assert.equal((await engine.rule(rule.id))?.silenced_until, undefined);
  });

  test('a test notification goes through the real HTTP notifier to a given channel, and to a rule\'s channels', async () => {
    const got: unknown[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => { got.push(JSON.parse(body)); res.writeHead(req.url === '/fail' ? 500 : 200).end(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const real = new AlertEngine({ store, repo: new SqliteAlertRepository(':memory:'), metricsRegistry: new Registry(), clock: () => now });
      await real.start();
      const [ok] = (await real.test({ channel: { type: 'webhook', url: `${url}/hook` } }))!;
      assert.deepEqual([ok?.ok, ok?.status], [true, 200]);
      assert.match(JSON.stringify(got[0]), /test notification/);
      const rule = await real.create({ ...dry, channels: [{ type: 'slack', url: `${url}/fail` }] });
      const [failed] = (await real.test({ ruleId: rule.id }))!;
      assert.deepEqual([failed?.ok, failed?.status], [false, 500]);
      assert.match(JSON.stringify(got.at(-1)), /dry/, 'the rule\'s name is in the payload');
      assert.equal(await real.test({ ruleId: 'nope1234' }), undefined);
      await assert.rejects(real.test({ channel: { type: 'email', url } }), (e: Error & { field?: string }) => e.field?.startsWith('channel') === true);
      assert.deepEqual(await real.alerts(), [], 'a test stores no alert');
      await real.stop();
    } finally {
      server.close();
    }
  });

  test('notified transitions and deletions are published: firing, resolved, rule deleted', async () => {
    const rule = await engine.create(dry);
    await feed(reading(25, now));
    now += MIN;
    await feed(reading(45, now));
    await feed(reading(20, now + 1));
    await engine.deleteRule(rule.id);
    assert.deepEqual(alerts.map((a) => [a.rule.name, a.alert.state, a.alert.reason ?? '']), [['dry', 'firing', ''], ['dry', 'resolved', ''], ['dry', 'firing', ''], ['dry', 'resolved', 'rule deleted']]);
    assert.deepEqual(rules.map((r) => r.action), ['created', 'deleted']);
  });
});
