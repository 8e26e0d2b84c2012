import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { Anomaly, Health } from '../../core/schemas.js';
import { InvalidInput } from '../../core/errors.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { IngestItem } from '../store/store.js';
import { AlertEngine } from './engine.js';
import type { Notifier, NotifyResult } from './notify.js';
import { SqliteAlertRepository, type AlertRepository } from './repository.js';
import type { AlertRuleInput } from './rule.js';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
const MIN = 60_000;

/** Records every notification; `ok` lets a test make the channel fail. */
class Recorder implements Notifier {
  readonly sent: { channel: string; state: string; fingerprint: string; summary: string }[] = [];
  ok = true;
  async send(channel: { type: 'webhook' | 'slack' | 'pagerduty' }, _rule: unknown, alert: { state: string; fingerprint: string; summary: string }): Promise<NotifyResult> {
    this.sent.push({ channel: channel.type, state: alert.state, fingerprint: alert.fingerprint, summary: alert.summary });
    return this.ok ? { channel: channel.type, ok: true, status: 200, attempts: 1 } : { channel: channel.type, ok: false, status: 500, error: 'HTTP 500', attempts: 3 };
  }
}

const event = (node: string, ts: number, type = 'io.homelab.edge.reading') => ({ source: `/edge/${node}`, id: randomUUID(), type, time: ts });
const reading = (value: number, ts: number, over: { node?: string; sensor?: string; kind?: string; location?: string } = {}): IngestItem => {
  const r = { node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', location: 'warehouse-b', ...over };
  return { event: event(r.node, ts), readings: [{ ...r, value, unit: '%', ts }] };
};
const anomaly = (severity: Anomaly['severity'], ts: number): IngestItem => ({
  event: event('pi-node-2', ts, 'io.homelab.edge.anomaly'),
  anomalies: [{ node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', location: 'warehouse-b', value: 12, unit: '%', ts, score: 0.9, severity, reason: 'level shift' }],
});
const health = (temp: number, ts: number): IngestItem => {
  const h: Health = { node: 'pi-node-3', ts, cpu_pct: 20, mem_pct: 40, temp_c: temp, disk_pct: 30, top: [], location: 'server-room' };
  return { event: event('pi-node-3', ts, 'io.homelab.edge.health'), health: h };
};
const channels = [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }] as const;

describe('AlertEngine rules', () => {
  let now = T0;
  let store: SqliteStore;
  let repo: AlertRepository;
  let engine: AlertEngine;
  let rec: Recorder;
  let registry: Registry;
  const logs: string[] = [];
  const feed = async (...items: IngestItem[]) => { await store.ingest(items); await engine.onData(items); };
  const rule = (input: AlertRuleInput) => engine.create({ channels, ...input });
  const states = () => rec.sent.map((s) => `${s.state} ${s.fingerprint}`);

  beforeEach(async () => {
    now = T0;
    store = new SqliteStore(':memory:');
    await store.open();
    repo = new SqliteAlertRepository(':memory:');
    rec = new Recorder();
    registry = new Registry();
    logs.length = 0;
    engine = new AlertEngine({ store, repo, metricsRegistry: registry, notifier: rec, clock: () => now, tickMs: 3_600_000, log: (m) => logs.push(m) });
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    await store.close();
  });

  test('threshold: a dip and recovery in one batch fire then resolve; other places are ignored; repeats after the interval', async () => {
    await rule({ name: 'dry', filter: { kind: 'humidity', location: 'warehouse-b' }, condition: { type: 'threshold', op: '<', value: 30 } });
    await feed(reading(25, now), reading(35, now + 1000));
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity', 'resolved pi-node-2/dht22-humidity']);
    await feed(reading(10, now, { location: 'office', node: 'pi-node-9' }));
    assert.equal(rec.sent.length, 2, 'another location');
    await feed(reading(28, now));
    await feed(reading(27, now + 1000));
    assert.equal(rec.sent.length, 3, 'one firing notice, not one per reading');
    now += 60 * MIN;
    await feed(reading(26, now));
    assert.deepEqual(states().slice(3), ['firing pi-node-2/dht22-humidity'], 'repeated after repeat_interval_s');
    assert.match(rec.sent[3]!.summary, /humidity 26 at pi-node-2\/dht22-humidity \(warehouse-b\) < 30/);
  });

  test('threshold with for_s: pending and silent until it held that long (on the tick), dropped silently if it clears first', async () => {
    await rule({ name: 'dry for 5 min', filter: { kind: 'humidity' }, condition: { type: 'threshold', op: '<', value: 30, for_s: 300 } });
    await feed(reading(25, now));
    assert.equal((await engine.alerts({ state: 'pending' })).length, 1);
    now += 2 * MIN;
    await engine.tick();
    assert.equal(rec.sent.length, 0, 'not yet');
    now += 3 * MIN;
    await engine.tick();
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity']);
    assert.equal((await engine.alerts({ state: 'firing' }))[0]?.started_at, T0, 'active since the condition began');
    await feed(reading(40, now));
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity', 'resolved pi-node-2/dht22-humidity']);
    await feed(reading(20, now), reading(45, now + 1000));
    now += 10 * MIN;
    await engine.tick();
    assert.equal(rec.sent.length, 2, 'the latest value counts with for_s: back within, nothing pending');
    await feed(reading(20, now));
    now += 1 * MIN;
    await feed(reading(50, now));
    assert.deepEqual(await engine.alerts({ state: 'pending' }), []);
    assert.equal(rec.sent.length, 2, 'a pending alert that clears sends nothing');
  });

  test('threshold on a node vital (kind cpu / soc_temp): health reports fire and resolve it; room sensors never do', async () => {
    await rule({ name: 'hot chip', filter: { kind: 'soc_temp', node: 'pi-node-3' }, condition: { type: 'threshold', op: '>', value: 70 } });
    await feed(reading(90, now, { kind: 'temperature', sensor: 'dht22-temperature', node: 'pi-node-3' }));
    assert.equal(rec.sent.length, 0, 'a room temperature of 90 is not the chip');
    await feed(health(65, now));
    assert.equal(rec.sent.length, 0, 'below the limit');
    await feed(health(75, now + MIN));
    assert.deepEqual(states(), ['firing pi-node-3/soc_temp']);
    assert.match(rec.sent[0]!.summary, /soc_temp 75 at pi-node-3\/soc_temp/);
    await feed(health(60, now + 2 * MIN));
    assert.deepEqual(states(), ['firing pi-node-3/soc_temp', 'resolved pi-node-3/soc_temp']);
  });

  test('anomaly: at or above the minimum severity fires; resolves after a quiet spell', async () => {
    await rule({ name: 'critical anomalies', filter: { location: 'warehouse-b' }, condition: { type: 'anomaly', min_severity: 'critical', resolve_after_s: 900 } });
    await feed(anomaly('warning', now));
    assert.equal(rec.sent.length, 0, 'below the minimum');
    await feed(anomaly('critical', now));
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity']);
    now += 10 * MIN;
    await feed(anomaly('critical', now));
    now += 10 * MIN;
    await engine.tick();
    assert.equal(rec.sent.length, 1, 'the second anomaly restarted the quiet spell');
    now += 6 * MIN;
    await engine.tick();
    assert.deepEqual(states(), ['firing pi-node-2/dht22-humidity', 'resolved pi-node-2/dht22-humidity']);
  });

  test('deadman per node and per series: silence fires on the tick, data again resolves', async () => {
    await rule({ name: 'pi-node-2 silent', filter: { node: 'pi-node-2' }, condition: { type: 'deadman', silent_for_s: 600 } });
    await rule({ name: 'a series silent', filter: { node: 'pi-node-2' }, condition: { type: 'deadman', silent_for_s: 600, per: 'series' } });
    await feed(reading(50, now), reading(21, now, { sensor: 'dht22-temperature', kind: 'temperature' }));
    now += 5 * MIN;
    await feed(reading(51, now));
    await engine.tick();
    assert.equal(rec.sent.length, 0);
    now += 6 * MIN;
    await engine.tick();
    assert.deepEqual(states(), ['firing pi-node-2/dht22-temperature'], 'the temperature series went quiet; the node did not');
    now += 5 * MIN;
    await engine.tick();
    assert.deepEqual(states().sort(), ['firing pi-node-2', 'firing pi-node-2/dht22-humidity', 'firing pi-node-2/dht22-temperature'], 'now everything is 11 min quiet');
    assert.match(rec.sent.find((s) => s.fingerprint === 'pi-node-2')!.summary, /no data from pi-node-2 for 11 min/);
    await feed(reading(52, now), reading(22, now, { sensor: 'dht22-temperature', kind: 'temperature' }));
    await engine.tick();
    assert.deepEqual(states().slice(3).sort(), ['resolved pi-node-2', 'resolved pi-node-2/dht22-humidity', 'resolved pi-node-2/dht22-temperature']);
  });

  test('node_health: fires on the statuses asked for (per assessNode), resolves when healthy', async () => {
    await rule({ name: 'pi hot', filter: { location: 'server-room' }, condition: { type: 'node_health', statuses: ['critical', 'offline'] } });
    await feed(health(82, now));
    await engine.tick();
    assert.equal(rec.sent.length, 0, 'a warning is not asked for');
    await feed(health(90, now + 1000));
    await engine.tick();
    assert.deepEqual(states(), ['firing pi-node-3']);
    const [alert] = await engine.alerts({ state: 'firing' });
    assert.deepEqual(alert?.labels, { node: 'pi-node-3', status: 'critical', location: 'server-room' });
    assert.match(alert?.summary ?? '', /pi-node-3 is critical: SoC temperature high/);
    await feed(health(60, now + 2000));
    await engine.tick();
    assert.deepEqual(states(), ['firing pi-node-3', 'resolved pi-node-3']);
  });

  test('metrics: rules by kind, alerts by state, notifications by channel and outcome; a failing store is counted, not thrown', async () => {
    await rule({ name: 'dry', filter: { kind: 'humidity' }, condition: { type: 'threshold', op: '<', value: 30 } });
    await rule({ name: 'silent', condition: { type: 'deadman', silent_for_s: 600 } });
    rec.ok = false;
    await feed(reading(25, now));
    const text = await registry.metrics();
    assert.match(text, /homelab_alert_rules\{kind="threshold"\} 1/);
    assert.match(text, /homelab_alert_rules\{kind="deadman"\} 1/);
    assert.match(text, /homelab_alerts\{state="firing"\} 1/);
    assert.match(text, /homelab_alerts_firing 1/);
    assert.match(text, /homelab_alert_notifications_total\{channel="webhook",outcome="failed"\} 1/);
    assert.ok(logs.some((l) => /webhook notification for dry \(firing\) failed: HTTP 500/.test(l)));
    store.nodes = async () => { throw new Error('database is locked'); };
    await engine.tick();
    assert.match(await registry.metrics(), /homelab_alert_evaluation_errors_total\{phase="tick"\} 1/);
    assert.ok(logs.some((l) => /silent\) failed to evaluate: database is locked/.test(l)));
  });

  test('Alertmanager webhook: firing and resolved alerts recorded with their labels and times; a bad body names the field', async () => {
    const startsAt = '2025-06-01T11:00:00Z';
    const n = await engine.fromAlertmanager({
      version: '4', receiver: 'homelab', status: 'firing', groupLabels: {}, commonLabels: {}, externalURL: 'http://am:9093',
      alerts: [
        { status: 'firing', labels: { alertname: 'NodeDown', instance: 'pi-node-3' }, annotations: { summary: 'pi-node-3 down' }, startsAt, endsAt: '0001-01-01T00:00:00Z', fingerprint: 'abc' },
        { status: 'resolved', labels: { alertname: 'DiskFull', instance: 'pi-node-4' }, annotations: {}, startsAt, endsAt: '2025-06-01T11:30:00Z', fingerprint: 'def' },
      ],
    });
    assert.equal(n, 2);
    const all = await engine.alerts({});
    const down = all.find((a) => a.fingerprint === 'NodeDown:abc');
    assert.deepEqual([down?.rule_id, down?.state, down?.summary, down?.started_at, down?.labels.instance], ['alertmanager:homelab', 'firing', 'pi-node-3 down', Date.parse(startsAt), 'pi-node-3']);
    const disk = all.find((a) => a.fingerprint === 'DiskFull:def');
    assert.deepEqual([disk?.state, disk?.summary, disk?.resolved_at], ['resolved', 'DiskFull', Date.parse('2025-06-01T11:30:00Z')]);
    assert.equal(rec.sent.length, 0, 'Alertmanager notifies on its own');
    await assert.rejects(engine.fromAlertmanager({ alerts: [{ status: 'burning' }] }), (e: Error) => e instanceof InvalidInput && e.field === 'alerts[0].status');
    await assert.rejects(engine.fromAlertmanager({ receiver: 'x' }), (e: Error) => e instanceof InvalidInput && e.field === 'alerts');
  });
});

describe('AlertEngine across replicas', () => {
  test('two engines over one database notify each transition once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-replicas-'));
    const store = new SqliteStore(':memory:');
    await store.open();
    const rec = new Recorder();
    const make = () => new AlertEngine({ store, repo: new SqliteAlertRepository(join(dir, 'alerts.db')), metricsRegistry: new Registry(), notifier: rec });
    const [a, b] = [make(), make()];
    try {
      await a.start();
      await b.start();
      await a.create({ name: 'dry', channels, filter: { kind: 'humidity' }, condition: { type: 'threshold', op: '<', value: 30 } });
      const batch = [reading(25, Date.now())];
      await Promise.all([a.onData(batch), b.onData(batch), a.onData(batch), b.onData(batch)]);
      const back = [reading(45, Date.now() + 1)];
      await Promise.all([a.onData(back), b.onData(back)]);
      assert.deepEqual(rec.sent.map((s) => s.state), ['firing', 'resolved']);
    } finally {
      await a.stop();
      await b.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the first release positional constructor still works', async () => {
    const store = new SqliteStore(':memory:');
    await store.open();
    const engine = new AlertEngine(store, new SqliteAlertRepository(':memory:'), new Registry(), () => T0, 1000);
    await engine.start();
    assert.equal((await engine.create({ name: 'x', condition: { type: 'deadman', silent_for_s: 60 } })).created_at, T0);
    await engine.stop();
    await store.close();
  });
});
