import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyOpen } from './lazy-open.js';
import { Unavailable } from '../core/errors.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a failing open answers 503 with the reason while it retries, then opens', async () => {
  let calls = 0;
  const logs: string[] = [];
  const opener = new LazyOpen(async () => { if (++calls < 3) throw new Error(`connection refused #${calls}`); }, { minDelayMs: 20, log: (m) => logs.push(m) });
  await opener.begin();
  assert.equal(opener.status.state, 'retrying');
  await assert.rejects(opener.whenOpen(), (err: Error) => err instanceof Unavailable && err.reason === 'unavailable' && /connection refused #1/.test(err.message));
  while ((opener.status.state as string) !== 'open') await tick(5);
  await opener.whenOpen();
  assert.equal(calls, 3);
  assert.equal(opener.status.attempts, 3);
  assert.equal(opener.status.reason, undefined);
  assert.match(logs[1]!, /retrying in/);
  await opener.stop();
});

test('requests during the open wait for it instead of failing', async () => {
  let release!: () => void;
  const opener = new LazyOpen(() => new Promise<void>((r) => { release = r; }));
  void opener.begin();
  let done = false;
  const waiting = opener.whenOpen().then(() => { done = true; });
  await tick(20);
  assert.equal(done, false);
  assert.equal(opener.status.state, 'opening');
  release();
  await waiting;
  assert.equal(done, true);
});

test('stop cancels retries: no attempt after stop, and requests are refused', async () => {
  let calls = 0;
  const opener = new LazyOpen(async () => { calls++; throw new Error('down'); }, { minDelayMs: 10, log: () => {} });
  await opener.begin();
  await opener.stop();
  await tick(50);
  assert.equal(calls, 1);
  await assert.rejects(opener.whenOpen(), /not started or is stopping/);
});
