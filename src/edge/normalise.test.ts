import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Normaliser } from './normalise.js';
import { ReadingSchema } from '../core/schemas.js';

test('identity node:boot:seq counts per node; output passes the wire schema', () => {
  const n = new Normaliser('b1', () => 'synced');
  const s = { node: 'pi-node-1', sensor: 't', kind: 'temperature', value: 21.4, unit: '°C', ts: 1795411000000.4, location: 'warehouse-a' };
  const a = n.normalise(s);
  const b = n.normalise(s);
  const c = n.normalise({ ...s, node: 'pi-node-2' });
  assert.deepEqual([a.id, b.id, c.id], ['pi-node-1:b1:0', 'pi-node-1:b1:1', 'pi-node-2:b1:0']);
  assert.equal(a.ts, 1795411000000);
  assert.deepEqual(ReadingSchema.parse(a), a);
});

test('bad samples are refused naming the field, and do not use up a sequence number', () => {
  const n = new Normaliser('b1', () => 'unsynced');
  const s = { node: 'pi-node-1', sensor: 't', kind: 'temperature', value: 1, unit: '', ts: 1795411000000 };
  assert.throws(() => n.normalise({ ...s, value: Number.NaN }), /value must be a finite number/);
  assert.throws(() => n.normalise({ ...s, node: ' ' }), /node must be a non-empty string/);
  assert.throws(() => n.normalise({ ...s, ts: -5 }), /ts must be epoch milliseconds/);
  assert.equal(n.normalise(s).seq, 0);
  assert.equal(n.normalise(s).clock, 'unsynced');
});
