import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { Registry } from 'prom-client';
import { HttpError, httpErrorOf } from './http-error.js';
import { AlertEngine } from '../alerts/engine.js';
import { SqliteAlertRepository } from '../alerts/repository.js';
import { ruleFromIntent } from '../alerts/rule.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { alertsRoute } from './alerts-route.js';

interface ErrorBody { error: { status: number; reason: string; message: string; field?: string } }

describe('alertsRoute', () => {
  const app = new Hono();
  const store = new SqliteStore(':memory:');
  const engine = new AlertEngine({ store, repo: new SqliteAlertRepository(':memory:'), metricsRegistry: new Registry(), clock: () => 1_750_000_000_000 });
  // The studio's error mapping (app.ts), so bodies are what clients see.
  app.onError((err, c) => {
    const e = httpErrorOf(err) ?? new HttpError(500, 'internal error', undefined, 'internal');
    return c.json(e.toJSON(), e.status as 400);
  });
  alertsRoute(app, engine);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    return { status: res.status, body: res.status === 204 ? undefined : (await res.json()) as unknown };
  };

  before(async () => { await store.open(); await engine.start(); });
  after(async () => { await engine.stop(); await store.close(); });

  test('POST creates a rule (201, defaults filled); GET lists it and GET /:id shows it', async () => {
    const created = await call('POST', '/api/v1/alerts', ruleFromIntent({ kind: 'humidity', op: '<', value: 30, location: 'warehouse-b' }));
    assert.equal(created.status, 201);
    const rule = created.body as { id: string; name: string; severity: string; labels: object; repeat_interval_s: number; created_at: number; filter: object; condition: object };
    assert.deepEqual({ ...rule, id: undefined }, {
      id: undefined, name: 'humidity < 30 in warehouse-b', severity: 'warning', labels: {}, repeat_interval_s: 3600, channels: [],
      filter: { kind: 'humidity', location: 'warehouse-b' }, condition: { type: 'threshold', op: '<', value: 30, for_s: 0 }, created_at: 1_750_000_000_000,
    });
    const list = await call('GET', '/api/v1/alerts');
    assert.deepEqual((list.body as { rules: { id: string }[]; alerts: unknown[] }).rules.map((r) => r.id), [rule.id]);
    const one = await call('GET', `/api/v1/alerts/${rule.id}`);
    assert.deepEqual(one, { status: 200, body: { rule, alerts: [] } });
  });

  test('a bad rule is a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', condition: { type: 'threshold', op: '<' } }, 'condition.value'],
      [{ name: 'x', condition: { type: 'threshold', op: '!=', value: 1 } }, 'condition.op'],
      [{ name: '', condition: { type: 'deadman', silent_for_s: 600 } }, 'name'],
      [{ name: 'x', severity: 'info', condition: { type: 'deadman', silent_for_s: 600 } }, 'severity'],
      [{ name: 'x', channels: [{ type: 'slack', url: 'not a url' }], condition: { type: 'deadman', silent_for_s: 600 } }, 'channels[0].url'],
      [{ name: 'x', condition: { type: 'threshold', op: '<', value: 1, for_s: -5 } }, 'condition.for_s'],
      [{ name: 'x', labels: { team: 7 }, condition: { type: 'deadman', silent_for_s: 600 } }, 'labels.team'],
    ];
    for (const [body, field] of cases) {
      const r = await call('POST', '/api/v1/alerts', body);
      assert.equal(r.status, 400, field);
      assert.equal((r.body as ErrorBody).error.field, field);
    }
    const bad = await call('POST', '/api/v1/alerts', '{not json');
    assert.deepEqual((bad.body as ErrorBody).error, { status: 400, reason: 'malformed_json', message: 'body must be JSON', field: '(body)' });
  });

  test('state filter: firing|pending|resolved; anything else is a 400 on `state`', async () => {
    await call('POST', '/api/v1/alerts/alertmanager', { version: '4', receiver: 'am', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'NodeDown' }, annotations: { summary: 'down' }, startsAt: '2025-06-01T00:00:00Z', fingerprint: 'f1' }] });
    const firing = (await call('GET', '/api/v1/alerts?state=firing')).body as { alerts: { rule_id: string; summary: string }[] };
    assert.deepEqual(firing.alerts.map((a) => [a.rule_id, a.summary]), [['alertmanager:am', 'down']]);
    assert.deepEqual(((await call('GET', '/api/v1/alerts?state=resolved')).body as { alerts: unknown[] }).alerts, []);
    const bad = await call('GET', '/api/v1/alerts?state=weird');
    assert.deepEqual([bad.status, (bad.body as ErrorBody).error.field], [400, 'state']);
  });

  test('Alertmanager input: recorded count; a malformed body is a 400 naming the field', async () => {
    const ok = await call('POST', '/api/v1/alerts/alertmanager', { receiver: 'am', alerts: [{ status: 'resolved', labels: { alertname: 'NodeDown' }, fingerprint: 'f1', endsAt: '2025-06-01T01:00:00Z' }] });
    assert.deepEqual(ok, { status: 200, body: { recorded: 1 } });
    const bad = await call('POST', '/api/v1/alerts/alertmanager', { alerts: [{ status: 'firing', labels: { alertname: 3 } }] });
    assert.deepEqual([bad.status, (bad.body as ErrorBody).error.field], [400, 'alerts[0].labels.alertname']);
  });

  test('DELETE removes a rule (204) and then 404s; GET of an unknown id 404s', async () => {
    const { id } = (await call('POST', '/api/v1/alerts', { name: 'gone soon', condition: { type: 'deadman', silent_for_s: 600 } })).body as { id: string };
    assert.equal((await call('DELETE', `/api/v1/alerts/${id}`)).status, 204);
    const again = await call('DELETE', `/api/v1/alerts/${id}`);
    assert.deepEqual([again.status, (again.body as ErrorBody).error.reason, (again.body as ErrorBody).error.field], [404, 'not_found', 'id']);
    assert.equal((await call('GET', `/api/v1/alerts/${id}`)).status, 404);
  });
  test('PATCH edits a rule by merge patch; a bad result is a 400 naming the field; unknown ids 404', async () => {
    const { id } = (await call('POST', '/api/v1/alerts', { name: 'hot', filter: { kind: 'temperature' }, condition: { type: 'threshold', op: '>', value: 30 } })).body as { id: string };
    const patched = await call('PATCH', `/api/v1/alerts/${id}`, { condition: { value: 35 }, filter: { location: 'warehouse-a' } });
    assert.equal(patched.status, 200);
    const rule = patched.body as { condition: { value: number; op: string }; filter: object; name: string };
    assert.deepEqual([rule.condition.value, rule.condition.op, rule.filter, rule.name], [35, '>', { kind: 'temperature', location: 'warehouse-a' }, 'hot']);
    assert.deepEqual((await call('GET', `/api/v1/alerts/${id}`)).body, { rule, alerts: [] });
    const bad = await call('PATCH', `/api/v1/alerts/${id}`, { condition: { type: 'deadman' } });
    assert.deepEqual([bad.status, (bad.body as ErrorBody).error.field], [400, 'condition.silent_for_s']);
    assert.equal((await call('PATCH', `/api/v1/alerts/${id}`, '{no')).status, 400);
    assert.equal((await call('PATCH', '/api/v1/alerts/nope1234', { name: 'x' })).status, 404);
  });

  test('silence for a duration or until a time, never in the past; DELETE lifts it', async () => {
    const { id } = (await call('POST', '/api/v1/alerts', { name: 'quiet', condition: { type: 'deadman', silent_for_s: 600 } })).body as { id: string };
    const before = Date.now();
    const r = await call('POST', `/api/v1/alerts/${id}/silence`, { for: '2h' });
    const until = (r.body as { silenced_until: number }).silenced_until;
    assert.ok(until >= before + 7_200_000 && until <= Date.now() + 7_200_000, String(until));
    const at = await call('POST', `/api/v1/alerts/${id}/silence`, { until: '2099-01-01T00:00:00Z' });
    assert.equal((at.body as { silenced_until: number }).silenced_until, Date.UTC(2099, 0, 1));
    for (const body of [{ until: '2001-01-01T00:00:00Z' }, {}, { for: 'soon' }]) assert.equal((await call('POST', `/api/v1/alerts/${id}/silence`, body)).status, 400, JSON.stringify(body));
    const lifted = await call('DELETE', `/api/v1/alerts/${id}/silence`);
    assert.equal((lifted.body as { silenced_until?: number }).silenced_until, undefined);
    assert.equal((await call('POST', '/api/v1/alerts/nope1234/silence', { for: '1h' })).status, 404);
  });

  test('test notifications: a channel must be valid; a rule without channels or unknown is refused', async () => {
    assert.deepEqual([(await call('POST', '/api/v1/alerts/test', {})).status], [400]);
    const bad = await call('POST', '/api/v1/alerts/test', { channel: { type: 'webhook', url: 'nope' } });
    assert.deepEqual([bad.status, (bad.body as ErrorBody).error.field], [400, 'channel.url']);
    const { id } = (await call('POST', '/api/v1/alerts', { name: 'no channels', condition: { type: 'deadman', silent_for_s: 600 } })).body as { id: string };
    assert.deepEqual([(await call('POST', `/api/v1/alerts/${id}/test`)).status], [400]);
    assert.equal((await call('POST', '/api/v1/alerts/nope1234/test')).status, 404);
    const down = await call('POST', '/api/v1/alerts/test', { channel: { type: 'webhook', url: 'http://127.0.0.1:9/hook' } });
    const [result] = (down.body as { results: { ok: boolean; error: string }[] }).results;
    assert.equal(result?.ok, false);
    assert.match(result?.error ?? '', /ECONNREFUSED|fetch failed/);
  });
});
