import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { toHttpError } from '../http/http-error.js';
import { parseTokens, requireScopes } from '../http/auth.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createStudioBus } from '../studio-events.js';
import { dashboardRoutes } from './routes.js';
import { waitFor } from '../../../test/e2e/helpers.js';

const store = new SqliteStore(':memory:');
const bus = createStudioBus();
const T0 = Date.now() - 3_600_000;

/** The dashboard routes behind the studio's auth and error mapping, as app.ts mounts them. */
function appWith(tokens: string) {
  const grants = parseTokens(tokens, []);
  const app = new Hono();
  app.onError((err, c) => { const e = toHttpError(err); return c.json(e.toJSON(), e.status as 400); });
  app.use('*', requireScopes(grants));
  app.route('/', dashboardRoutes({ store, tokens: grants, bus }));
  return app;
}

before(async () => {
  await store.open();
  await store.ingest([{ event: { source: '/edge/pi-1', id: 'r', type: 'io.homelab.edge.reading', time: T0 }, readings: Array.from({ length: 60 }, (_, i) => ({ node: 'pi-1', sensor: 't', kind: 'temperature', unit: '°C', location: 'a', ts: T0 + i * 60_000, value: 20 + i / 10 })) }]);
});
after(() => store.close());

describe('the page and its files', () => {
  const app = appWith('');

  test('GET / is the page with a same-origin-only policy, gzipped when asked, 304 when unchanged', async () => {
    const res = await app.request('/', { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    const html = gunzipSync(Buffer.from(await res.arrayBuffer())).toString();
    assert.match(html, /<script type="module" src="\/ui\/app.js">/);
    const again = await app.request('/', { headers: { 'if-none-match': res.headers.get('etag')! } });
    assert.equal(again.status, 304);
  });

  test('every file the page loads is served: the HTML\'s and every module import, uPlot included', async () => {
    const html = await (await app.request('/')).text();
    const queue = [...html.matchAll(/(?:src|href)="(\/ui\/[^"]+)"/g)].map((m) => m[1]!);
    const seen = new Set<string>();
    while (queue.length) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await app.request(path);
      assert.equal(res.status, 200, path);
      const body = await res.text();
      if (!path.endsWith('.js') || path.includes('/vendor/')) continue;
      for (const m of body.matchAll(/^\s*import\s[^'"]*['"](\.[^'"]+)['"]/gm)) queue.push(new URL(m[1]!, `http://x${path}`).pathname);
      const origins = [...body.matchAll(/https?:\/\/[a-z0-9-]+\.[a-z0-9.-]+/gi)].map((m) => m[0]).filter((u) => u !== 'http://www.w3.org');
      assert.deepEqual(origins, [], `${path} names no other origin`);
    }
    assert.ok(seen.has('/ui/vendor/uPlot.iife.min.js') && seen.has('/ui/views/alerts.js') && seen.has('/ui/lib/chart.js'), [...seen].join(' '));
  });

  test('no path leaves the folder; unknown files and types are 404', async () => {
    for (const p of ['/ui/../../../package.json', '/ui/%2e%2e/%2e%2e/server.ts', '/ui/vendor/uPlot.esm.js', '/ui/nope.js', '/ui/routes.ts', '/ui/vendor/../../assets.ts']) {
      assert.equal((await app.request(p)).status, 404, p);
    }
  });
});

describe('/api/v1/series and /api/v1/sensors', () => {
  const app = appWith('');
  const get = async (q: string) => { const r = await app.request(`/api/v1/series?${q}`); return { status: r.status, body: (await r.json()) as Record<string, unknown> & { error?: { field?: string } } }; };

  test('answers columns per series at the asked width', async () => {
    const { status, body } = await get(`node=pi-1&from=${T0}&to=${T0 + 3_600_000}&width=30`);
    assert.equal(status, 200);
    const [s] = body.series as { points: { ts: number[]; count: number[] }; source: string }[];
    assert.equal(s!.points.ts.length, 30);
    assert.equal(s!.points.count.reduce((a, b) => a + b), 60);
    assert.equal(body.step_ms, 120_000);
  });

  test('bad parameters are a 400 naming the field', async () => {
    for (const [q, field] of [['width=0', 'width'], ['width=4001', 'width'], ['width=abc', 'width'], ['range=forever', 'range'], [`from=${T0}&to=${T0 - 1}`, 'from'], ['limit=-1', 'limit'], ['from=yesterday', 'from']] as const) {
      const r = await get(q);
      assert.deepEqual([r.status, r.body.error?.field], [400, field], q);
    }
  });

  test('sensors: every series with its latest value, filtered', async () => {
    const all = (await (await app.request('/api/v1/sensors')).json()) as { count: number; sensors: { lastValue: number }[] };
    assert.equal(all.count, 1);
    assert.equal(all.sensors[0]!.lastValue, 25.9);
    assert.equal(((await (await app.request('/api/v1/sensors?location=b')).json()) as { count: number }).count, 0);
  });
});

describe('/api/v1/session', () => {
  test('without tokens: open, all scopes, no cookie', async () => {
    const app = appWith('');
    assert.deepEqual(await (await app.request('/api/v1/session')).json(), { auth: 'none', authenticated: true, scopes: ['ingest', 'read', 'admin'] });
  });

  test('with tokens: a login sets an httpOnly SameSite=Strict cookie the API accepts; bad ones are refused', async () => {
    const app = appWith('read-token-1:read');
    assert.deepEqual(await (await app.request('/api/v1/session')).json(), { auth: 'token', authenticated: false, scopes: [] });
    const post = (body: string, headers: Record<string, string> = {}) => app.request('/api/v1/session', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    assert.equal((await post('{nope')).status, 400);
    assert.equal((await post('{"token": 5}')).status, 400);
    assert.equal((await post('{"token": "wrong-token"}')).status, 401);
    const ok = await post('{"token": "read-token-1"}');
    assert.equal(ok.status, 200);
    const cookie = ok.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^homelab_token=read-token-1;/);
    for (const attr of ['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=2592000']) assert.ok(cookie.includes(attr), `${attr} in ${cookie}`);
    assert.ok(!cookie.includes('Secure'), 'plain HTTP on loopback: a Secure cookie would never come back');
    assert.match((await post('{"token": "read-token-1"}', { 'x-forwarded-proto': 'https' })).headers.get('set-cookie') ?? '', /Secure/);
    const jar = { cookie: 'homelab_token=read-token-1' };
    assert.deepEqual(await (await app.request('/api/v1/session', { headers: jar })).json(), { auth: 'token', authenticated: true, scopes: ['read'] });
    assert.equal((await app.request('/api/v1/sensors', { headers: jar })).status, 200);
    assert.equal((await app.request('/api/v1/sensors')).status, 401);
    const out = await app.request('/api/v1/session', { method: 'DELETE', headers: jar });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /homelab_token=;.*Max-Age=0/);
  });
});

describe('/api/v1/stream', () => {
  test('hello, then what the bus publishes; the hub lets go when the client leaves', async () => {
    const app = appWith('');
    const listening = bus.count('stored'); // the sensor metrics of each app listen too
    const abort = new AbortController();
    const res = await app.request('/api/v1/stream', { signal: abort.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (re: RegExp) => { while (!re.test(text)) { const { value, done } = await reader.read(); if (done) throw new Error(`stream ended: ${text}`); text += value; } };
    await until(/event: hello/);
    assert.equal(bus.count('stored'), listening + 1, 'subscribed while a client is connected');
    bus.emit('stored', [{ event: { source: '/edge/pi-9', id: 'x', type: 'io.homelab.edge.reading', time: 0 }, readings: [{ node: 'pi-9', sensor: 's', kind: 'humidity', unit: '%', ts: 5, value: 41 }] }]);
    bus.emit('alert', { rule: { id: 'r1', name: 'dry', severity: 'warning' }, alert: { rule_id: 'r1', fingerprint: 'pi-9/s', state: 'firing', summary: 'low', value: 41, labels: {}, started_at: 5, resolved_at: null, last_notified_at: 5, updated_at: 5 } });
    await until(/event: readings\ndata: .*"value":41/);
    await until(/event: alert\ndata: .*"state":"firing"/);
    abort.abort();
    await reader.cancel().catch(() => {});
    await waitFor(() => bus.count('stored') === listening, 5000, 'the hub to unsubscribe');
  });
});
