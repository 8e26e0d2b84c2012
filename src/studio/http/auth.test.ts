import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import type { HomelabError } from '../../core/errors.js';
import { isLoopback, parseTokens, requireScopes, scopeFor } from './auth.js';

function app(spec: string) {
  const a = new Hono();
  a.onError((err, c) => c.json((err as HomelabError).toJSON(), (err as HomelabError).status as 401));
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
  assert.ok(isLoopback('127.0.0.1') && !isLoopback('0.0.0.0'));
});
