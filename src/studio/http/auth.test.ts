import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import type { HttpError } from './http-error.js';
import { FailedAuth, parseTokens, requireScopes, scopeFor } from './auth.js';

function app(spec: string) {
  const a = new Hono();
  a.onError((err, c) => c.json((err as HttpError).toJSON(), (err as HttpError).status as 401));
  a.use('*', requireScopes(parseTokens(spec, [])));
  a.post('/events', (c) => c.text('ok'));
  a.post('/query', (c) => c.text('ok'));
  a.delete('/api/v1/alerts/x', (c) => c.text('ok'));
  a.get('/healthz', (c) => c.text('ok'));
  return a;
}
const call = (a: Hono, method: string, path: string, token?: string) =>
  a.request(path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

test('scopes: ingest tokens ingest, read tokens read, admin does all, probes are open', async () => {
  const a = app('edge-token-1:ingest,team-token-1:read,ops-token-1:admin');
  assert.equal((await call(a, 'POST', '/events', 'edge-token-1')).status, 200);
  assert.equal((await call(a, 'POST', '/query', 'edge-token-1')).status, 403);
  assert.equal((await call(a, 'POST', '/query', 'team-token-1')).status, 200);
  assert.equal((await call(a, 'DELETE', '/api/v1/alerts/x', 'team-token-1')).status, 403);
  assert.equal((await call(a, 'DELETE', '/api/v1/alerts/x', 'ops-token-1')).status, 200);
  assert.equal((await call(a, 'POST', '/events')).status, 401);
  assert.equal((await call(a, 'POST', '/events', 'wrong-token')).status, 401);
  assert.equal((await call(a, 'GET', '/healthz')).status, 200);
});

test('token spec parsing warns about bad entries', () => {
  const warnings: string[] = [];
  const grants = parseTokens('short:read,good-token-9:read+fly', warnings);
  assert.equal(grants.length, 1);
  assert.deepEqual(grants[0]!.scopes, ['read']);
  assert.equal(warnings.length, 2);
  assert.equal(scopeFor('GET', '/api/v1/readings'), 'read');
});

test('the dashboard\'s session cookie carries the same scopes as the bearer token; the page and its login are open', async () => {
  const a = app('team-token-1:read,ops-token-1:admin');
  a.get('/api/v1/alerts', (c) => c.text('ok'));
  a.get('/', (c) => c.text('page'));
  a.get('/ui/app.js', (c) => c.text('js'));
  a.post('/api/v1/session', (c) => c.text('login'));
  const withCookie = (method: string, path: string, token: string) => a.request(path, { method, headers: { cookie: `homelab_token=${token}` } });
  assert.equal((await withCookie('GET', '/api/v1/alerts', 'team-token-1')).status, 200);
  assert.equal((await withCookie('DELETE', '/api/v1/alerts/x', 'team-token-1')).status, 403, 'a read token sees, never edits');
  assert.equal((await withCookie('DELETE', '/api/v1/alerts/x', 'ops-token-1')).status, 200);
  assert.equal((await withCookie('GET', '/api/v1/alerts', 'not-a-token')).status, 401);
  assert.equal((await call(a, 'GET', '/api/v1/alerts')).status, 401);
  const both = await a.request('/api/v1/alerts/x', { method: 'DELETE', headers: { cookie: 'homelab_token=ops-token-1', authorization: 'Bearer team-token-1' } });
  assert.equal(both.status, 403, 'an explicit bearer token wins over the cookie');
  const malformed = await a.request('/api/v1/alerts', { headers: { authorization: 'Basic abc' } });
  assert.equal(malformed.status, 401);
  for (const [m, p] of [['GET', '/'], ['GET', '/ui/app.js'], ['POST', '/api/v1/session']] as const) assert.equal((await call(a, m, p)).status, 200, `${m} ${p}`);
});

test('failed authentication is limited per client address, before any token is checked, and counted', async () => {
  const failures: string[] = [];
  const limited: string[] = [];
  const a = new Hono();
  a.onError((err, c) => c.json((err as HttpError).toJSON(), (err as HttpError).status as 401));
  a.use('*', requireScopes(parseTokens('team-token-1:read', []), new FailedAuth({ perSecond: 0.001, burst: 5, onFailure: (r) => failures.push(r), onLimited: (ip) => limited.push(ip) })));
  a.get('/api/v1/nodes', (c) => c.text('ok'));
  const from = (address: string, token?: string) => a.request('/api/v1/nodes', { headers: token ? { authorization: `Bearer ${token}` } : {} }, { incoming: { socket: { remoteAddress: address } } });
  const statuses: number[] = [];
  // A different wrong token each time: a limiter keyed on the token would let all of these through.
  for (let i = 0; i < 8; i++) statuses.push((await from('10.1.1.1', `guess-${i}-xxxxxxxx`)).status);
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
  const refused = await from('10.1.1.1', 'team-token-1');
  assert.equal(refused.status, 429, 'the right token from a limited address waits too: guessing must not tell');
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  assert.match(((await refused.json()) as { error: { message: string } }).error.message, /too many failed authentications from 10\.1\.1\.1/);
  assert.equal((await from('10.2.2.2', 'team-token-1')).status, 200, 'another address is not affected');
  assert.equal((await from('10.2.2.2')).status, 401);
  assert.deepEqual([failures.filter((f) => f === 'unknown').length, failures.filter((f) => f === 'missing').length, limited.length], [5, 1, 4]);
});
