import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createStudio } from '../../app/studio-app.js';
import type { StudioServer } from '../server.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

interface ErrorBody { error: { status: number; reason: string; message: string; field?: string } }

describe('/api/v1/goals: scopes, 4xx with reasons, CRUD and check-ins', () => {
  let studio: StudioServer;
  const READ = 'reader-secret-1';
  const ADMIN = 'admin-secret-1';
  const call = async (method: string, path: string, body?: unknown, token = ADMIN) => {
    const res = await fetch(`${studio.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    return { status: res.status, body: res.status === 204 ? undefined : (await res.json()) as Record<string, unknown> };
  };
  const now = Date.now();
  const measure = { type: 'time_share', scope: { location: 'lab' }, kind: 'temperature', op: '<', threshold: 25, target_pct: 95 };

  before(async () => {
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), tokens: `${READ}:read,${ADMIN}:admin,edge-secret-1:ingest` }, { GOALS_CHECK_INTERVAL: '0s' });
    await studio.start();
    const readings = Array.from({ length: 24 }, (_, i) => ({ node: 'pi-1', sensor: 't', kind: 'temperature', value: i % 6 === 0 ? 26 : 21, unit: '°C', ts: now - (24 - i) * 5 * 60_000, location: 'lab' }));
    const res = await fetch(`${studio.url}/events`, { method: 'POST', headers: { authorization: 'Bearer edge-secret-1', 'content-type': 'application/cloudevents+json' }, body: JSON.stringify({ specversion: '1.0', id: 'r1', source: '/t', type: 'io.homelab.edge.reading', data: { readings } }) });
    assert.equal(res.status, 202);
  });
  after(() => studio.stop());

  test('admin creates (201, numeric attainment from the readings); read lists and shows but may not create, edit or delete (403)', async () => {
    const created = await call('POST', '/api/v1/goals', { title: 'lab cool', deadline: now + 86_400_000, measure });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body!.id as string;
    assert.equal(created.body!.attainment, Math.round((20 / 24) * 100 * 1000) / 1000, '4 of 24 slots at 26 °C');
    assert.equal((await call('GET', '/api/v1/goals', undefined, READ)).status, 200);
    assert.equal(((await call('GET', `/api/v1/goals/${id}`, undefined, READ)).body as { id: string }).id, id);
    for (const [m, p, b] of [['POST', '/api/v1/goals', { title: 'x', deadline: now + 1e6 }], ['PATCH', `/api/v1/goals/${id}`, { title: 'y' }], ['DELETE', `/api/v1/goals/${id}`, undefined], ['POST', `/api/v1/goals/${id}/check-ins`, { note: 'n' }]] as const) {
      assert.equal((await call(m, p, b, READ)).status, 403, `${m} ${p}`);
    }
    const listed = (await call('GET', '/api/v1/goals?status=breached', undefined, READ)).body as { goals: { id: string }[] };
    assert.ok(Array.isArray(listed.goals));
  });

  test('bad input: 400 naming the field (bad JSON, unknown place, bad target, unknown field), 404 for an unknown goal, counted in /metrics', async () => {
    const cases: [string, string, unknown, number, string | undefined, RegExp][] = [
      ['POST', '/api/v1/goals', '{"title":', 400, '(body)', /JSON/],
      ['POST', '/api/v1/goals', '', 400, '(body)', /JSON object/],
      ['POST', '/api/v1/goals', { title: 'x', deadline: now + 1e6, measure: { ...measure, scope: { location: 'attic' } } }, 400, 'measure.scope.location', /no data for place "attic"/],
      ['POST', '/api/v1/goals', { title: 'x', deadline: now + 1e6, measure: { ...measure, target_pct: 0 } }, 400, 'measure.target_pct', /./],
      ['POST', '/api/v1/goals', { title: 'x', deadline: 'next tuesday' }, 400, 'deadline', /RFC 3339/],
      ['POST', '/api/v1/goals', { title: 'x', deadline: now + 1e6, colour: 'red' }, 400, '(body)', /colour/],
      ['GET', '/api/v1/goals?status=great', undefined, 400, 'status', /on_track/],
      ['GET', '/api/v1/goals/g-nope', undefined, 404, 'id', /no goal g-nope/],
      ['PATCH', '/api/v1/goals/g-nope', { title: 'y' }, 404, 'id', /no goal/],
      ['DELETE', '/api/v1/goals/g-nope', undefined, 404, 'id', /no goal/],
      ['POST', '/api/v1/goals/g-nope/check-ins', { note: 'x' }, 404, 'id', /no goal/],
    ];
    for (const [m, p, b, status, field, text] of cases) {
      const r = await call(m, p, b);
      const e = (r.body as unknown as ErrorBody).error;
      assert.equal(r.status, status, `${m} ${p} ${JSON.stringify(b)}: ${JSON.stringify(r.body)}`);
      assert.equal(e.field, field, `${m} ${p}`);
      assert.match(e.message, text);
    }
    const metrics = await (await fetch(`${studio.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    assert.match(metrics, /homelab_goal_rejections_total\{reason="invalid"\} [1-9]/);
    assert.match(metrics, /homelab_goal_rejections_total\{reason="not_found"\} [1-9]/);
  });

  test('PATCH edits (merge patch) and keeps check-ins; check-ins on a tracked goal move it; DELETE once then 404', async () => {
    const g = (await call('POST', '/api/v1/goals', { title: 'ship it', owner: 'ana', deadline: now + 10 * 86_400_000, key_results: [{ title: 'panel' }, { title: 'docs', target: 4 }] })).body as { id: string; kind: string; attainment: number };
    assert.equal(g.kind, 'tracked');
    assert.equal(g.attainment, 0);
    const c = await call('POST', `/api/v1/goals/${g.id}/check-ins`, { key_result: 'kr2', value: 2, note: 'half the docs', by: 'ana' });
    assert.equal(c.status, 201);
    assert.equal(c.body!.attainment, 25);
    const bad = await call('POST', `/api/v1/goals/${g.id}/check-ins`, { value: 3 });
    assert.equal(bad.status, 400);
    const p = await call('PATCH', `/api/v1/goals/${g.id}`, { title: 'ship it now', owner: null });
    assert.equal(p.status, 200);
    assert.equal(p.body!.title, 'ship it now');
    assert.equal(p.body!.owner, undefined);
    assert.equal((p.body!.check_ins as unknown[]).length, 1);
    assert.equal((await call('PATCH', `/api/v1/goals/${g.id}`, { check_ins: [] })).status, 400);
    assert.equal((await call('DELETE', `/api/v1/goals/${g.id}`)).status, 204);
    assert.equal((await call('DELETE', `/api/v1/goals/${g.id}`)).status, 404);
  });
});
