import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Hono } from 'hono';
import {
  Conflict, Forbidden, InsufficientData, InvalidInput, LimitExceeded, NotFound,
  Unavailable, UnsupportedMedia, type DomainError, type ErrorDetail,
} from '../../core/errors.js';
import { HttpError, httpErrorOf, toHttpError } from './http-error.js';

// Every domain error, its status on the wire and its default reason (README, "Errors").
const CASES: [string, (m: string, d?: ErrorDetail) => DomainError, number, string][] = [
  ['InvalidInput', (m, d) => new InvalidInput(m, d), 400, 'invalid'],
  ['NotFound', (m, d) => new NotFound(m, d), 404, 'not_found'],
  ['Conflict', (m, d) => new Conflict(m, d), 409, 'conflict'],
  ['Unavailable', (m, d) => new Unavailable(m, d), 503, 'unavailable'],
  ['LimitExceeded size', (m, d) => new LimitExceeded('size', m, d), 413, 'too_large'],
  ['LimitExceeded rate', (m, d) => new LimitExceeded('rate', m, d), 429, 'rate_limited'],
  ['LimitExceeded capacity', (m, d) => new LimitExceeded('capacity', m, d), 503, 'busy'],
  ['Forbidden', (m, d) => new Forbidden(m, d), 403, 'forbidden'],
  ['UnsupportedMedia', (m, d) => new UnsupportedMedia(m, d), 415, 'unsupported_media_type'],
  ['InsufficientData', (m, d) => new InsufficientData(m, d), 422, 'not_enough_data'],
];

test('each domain error maps to its status and the error body, its default reason, no field when none, the error kept as cause', () => {
  for (const [name, make, status, reason] of CASES) {
    const root = new Error('ECONNREFUSED');
    const err = make(`${name} happened`, { cause: root });
    assert.equal(err.cause, root, `${name} keeps its own cause`);
    assert.equal(err.name, name.split(' ')[0]);
    const e = httpErrorOf(err)!;
    assert.ok(e instanceof HttpError, name);
    assert.equal(e.status, status, name);
    assert.equal(e.cause, err, `${name}: the domain error is the HttpError's cause`);
    assert.deepEqual(e.toJSON(), { error: { status, reason, message: `${name} happened` } }, name);
    assert.equal('field' in e.toJSON().error, false, `${name}: no field key when there is none`);
  }
});

test('field and reason pass through unchanged for any text (property, fixed seed)', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: CASES.length - 1 }), fc.string(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (i, message, field, reason) => {
    const [, make, status] = CASES[i]!;
    const body = httpErrorOf(make(message, { field, reason }))!.toJSON();
    assert.deepEqual(body, { error: { status, reason, message, field } });
  }), { seed: Number(process.env.FUZZ_SEED ?? 20261202), numRuns: 300 });
});

test('an HttpError is answered as it is; a bug is not a domain error (undefined, or a 500 that keeps it as cause)', () => {
  const http = new HttpError(401, 'a bearer token is required', 'authorization', 'unauthorized');
  assert.equal(httpErrorOf(http), http);
  const bug = new TypeError('x is undefined');
  assert.equal(httpErrorOf(bug), undefined);
  assert.equal(httpErrorOf('a string'), undefined);
  const e = toHttpError(bug);
  assert.equal(e.status, 500);
  assert.equal(e.cause, bug);
  assert.deepEqual(e.toJSON(), { error: { status: 500, reason: 'internal', message: 'internal error; see the server log' } });
});

test('a route throwing a domain error is answered with its status and body by an onError that uses the mapping', async () => {
  const app = new Hono();
  app.onError((err, c) => { const e = toHttpError(err); return c.json(e.toJSON(), e.status as 400); });
  app.get('/x', () => { throw new NotFound('no incident incident:nope', { field: 'incident_id' }); });
  const res = await app.request('/x');
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: { status: 404, reason: 'not_found', message: 'no incident incident:nope', field: 'incident_id' } });
});
