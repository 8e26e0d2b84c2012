import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackAddress, resolveLoopback, type Lookup } from './loopback.js';

const fakeDns = (table: Record<string, string[]>): Lookup => async (host) => {
  const list = table[host];
  if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

test('loopback addresses are 127.0.0.0/8 and ::1, never a name that starts like one', () => {
  for (const a of ['127.0.0.1', '127.255.3.4', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) assert.equal(isLoopbackAddress(a), true, a);
  for (const a of ['127.0.0.1.nip.io', '128.0.0.1', '0.0.0.0', '::', '10.0.0.1', '::ffff:10.0.0.1', 'localhost', '1127.0.0.1', '']) assert.equal(isLoopbackAddress(a), false, a);
});

test('a host is loopback only when every address it resolves to is', async () => {
  const dns = fakeDns({ localhost: ['127.0.0.1', '::1'], '127.0.0.1.evil.example': ['203.0.113.7'], 'mixed.example': ['127.0.0.1', '192.0.2.1'], 'lo.example': ['127.0.0.2'] });
  assert.equal(await resolveLoopback('localhost', dns), '127.0.0.1');
  assert.equal(await resolveLoopback('lo.example', dns), '127.0.0.2');
  assert.equal(await resolveLoopback('127.0.0.1.evil.example', dns), undefined);
  assert.equal(await resolveLoopback('mixed.example', dns), undefined);
  assert.equal(await resolveLoopback('127.0.0.1.nip.io', dns), undefined, 'a name that does not resolve is not loopback');
  assert.equal(await resolveLoopback('0.0.0.0', dns), undefined);
  assert.equal(await resolveLoopback('127.1.2.3', dns), '127.1.2.3');
  assert.equal(await resolveLoopback('::1', dns), '::1');
});

test('the real resolver: localhost is loopback, an unresolvable name is not', async () => {
  assert.ok(await resolveLoopback('localhost'));
  assert.equal(await resolveLoopback('127.0.0.1.invalid'), undefined);
});
