import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Outbox } from './outbox.js';

const wire = (id: string, size = 10) => ({ id, json: JSON.stringify({ id, pad: 'x'.repeat(size) }) });
const tmp = () => join(mkdtempSync(join(tmpdir(), 'outbox-')), 'outbox.db');

test('critical first, then oldest first within a priority; ids kept once', () => {
  const o = new Outbox({ path: tmp(), maxBytes: 1e9, maxEvents: 1e6 });
  o.open();
  o.enqueue(wire('n1'), 'normal');
  o.enqueue(wire('w1'), 'warning');
  o.enqueue(wire('c1'), 'critical');
  o.enqueue(wire('n2'), 'normal');
  o.enqueue(wire('c2'), 'critical');
  o.enqueue(wire('c1'), 'critical');
  assert.deepEqual(o.nextBatch(10, 1e9).map((e) => e.id), ['c1', 'c2', 'w1', 'n1', 'n2']);
  assert.equal(o.depth(), 5);
  o.close();
});

test('retry keeps the same id and delays it; delivered and rejected leave', () => {
  const o = new Outbox({ path: tmp(), maxBytes: 1e9, maxEvents: 1e6 });
  o.open();
  ['a', 'b', 'c'].forEach((id) => o.enqueue(wire(id), 'normal'));
  const now = Date.now();
  o.markRetry(['a'], 60_000, now);
  assert.deepEqual(o.nextBatch(10, 1e9, now).map((e) => e.id), ['b', 'c']);
  const later = o.nextBatch(10, 1e9, now + 61_000);
  assert.deepEqual(later.map((e) => [e.id, e.attempts]), [['a', 1], ['b', 0], ['c', 0]]);
  o.markDelivered(['b']);
  o.markRejected([{ id: 'c', reason: 'data.value: expected number' }]);
  assert.equal(o.depth(), 1);
  assert.equal(o.stats().deadLetters, 1);
  o.close();
});

test('at the bound normal goes first, critical last, and every drop is counted (also across restarts)', () => {
  const path = tmp();
  const size = Buffer.byteLength(wire('x0').json);
  const o = new Outbox({ path, maxBytes: size * 4, maxEvents: 100 });
  o.open();
  o.enqueue(wire('c0'), 'critical');
  o.enqueue(wire('n0'), 'normal');
  o.enqueue(wire('w0'), 'warning');
  o.enqueue(wire('n1'), 'normal');
  o.enqueue(wire('c1'), 'critical'); // evicts n0
  o.enqueue(wire('c2'), 'critical'); // evicts n1
  o.enqueue(wire('n2'), 'normal'); // less urgent than everything held: itself dropped
  o.enqueue(wire('c3'), 'critical'); // evicts w0
  assert.deepEqual(o.nextBatch(10, 1e9).map((e) => e.id), ['c0', 'c1', 'c2', 'c3']);
  assert.deepEqual(o.stats().dropped, { normal: 3, warning: 1, critical: 0 });
  o.close();
  const again = new Outbox({ path, maxBytes: size * 4, maxEvents: 100 });
  again.open();
  assert.equal(again.depth(), 4);
  assert.deepEqual(again.stats().dropped, { normal: 3, warning: 1, critical: 0 });
  again.close();
});

test('kill -9 while enqueueing loses nothing that enqueue() returned for', async () => {
  const path = tmp();
  const script = `
    import { Outbox } from ${JSON.stringify(new URL('./outbox.ts', import.meta.url).pathname)};
    const o = new Outbox({ path: ${JSON.stringify(path)}, maxBytes: 1e9, maxEvents: 1e7 });
    o.open();
    for (let i = 0; ; i++) { o.enqueue({ id: 'e' + i, json: JSON.stringify({ id: 'e' + i }) }, i % 3 ? 'normal' : 'critical'); process.stdout.write(i + '\\n'); }
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acknowledged = -1;
  let buffer = '';
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      if (lines.length) acknowledged = Number(lines[lines.length - 1]);
      if (acknowledged >= 300) { child.kill('SIGKILL'); resolve(); }
    });
  });
  await new Promise((r) => child.once('exit', r));
  const o = new Outbox({ path, maxBytes: 1e9, maxEvents: 1e7 });
  o.open();
  const ids = new Set(o.nextBatch(1e6, 1e12).map((e) => e.id));
  for (let i = 0; i <= acknowledged; i++) assert.ok(ids.has(`e${i}`), `e${i} was acknowledged but is missing`);
  assert.ok(o.depth() >= acknowledged + 1);
  o.close();
});
