import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus } from './event-bus.js';

test('listeners get their topic only, in subscription order, and unsubscribe', () => {
  const bus = new EventBus<{ a: number; b: string }>();
  const seen: string[] = [];
  const off = bus.on('a', (n) => seen.push(`1:${n}`));
  bus.on('a', (n) => seen.push(`2:${n}`));
  bus.on('b', (s) => seen.push(`b:${s}`));
  bus.emit('a', 1);
  off();
  bus.emit('a', 2);
  assert.deepEqual(seen, ['1:1', '2:1', '2:2']);
  assert.equal(bus.count('a'), 1);
});

test('a throwing listener is reported and does not stop the others or the publisher', () => {
  const errors: string[] = [];
  const bus = new EventBus<{ a: number }>((topic, err) => errors.push(`${topic}:${(err as Error).message}`));
  let after = 0;
  bus.on('a', () => { throw new Error('boom'); });
  bus.on('a', (n) => { after += n; });
  assert.doesNotThrow(() => bus.emit('a', 5));
  assert.equal(after, 5);
  assert.deepEqual(errors, ['a:boom']);
});

test('a listener that unsubscribes itself while being called does not skip the next one', () => {
  const bus = new EventBus<{ a: number }>();
  const seen: number[] = [];
  const off = bus.on('a', () => { off(); seen.push(1); });
  bus.on('a', () => seen.push(2));
  bus.emit('a', 0);
  bus.emit('a', 0);
  assert.deepEqual(seen, [1, 2, 2]);
});
