import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import type { HttpError } from './http-error.js';
import { rateLimit } from './rate-limit.js';

test('a client past its burst gets 429 with Retry-After; other clients and probes are unaffected', async () => {
  const limited: string[] = [];
  const app = new Hono();
  app.onError((err, c) => c.json((err as HttpError).toJSON(), (err as HttpError).status as 429));
  app.use('*', rateLimit({ perSecond: 1, burst: 3, onLimited: (k) => limited.push(k) }));
  app.post('/query', (c) => c.text('ok'));
  app.get('/healthz', (c) => c.text('ok'));
  const call = (token: string, path = '/query') => app.request(path, { method: path === '/query' ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}` } });
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await call('a')).status);
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  const res = await call('a');
  assert.ok(Number(res.headers.get('retry-after')) >= 1);
  assert.equal((await call('b')).status, 200);
  assert.equal((await call('a', '/healthz')).status, 200);
  assert.equal(limited.length, 3);
});
