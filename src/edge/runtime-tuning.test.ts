import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tuneHeapForSmallDevice } from './runtime-tuning.js';

test('heap tuning steps aside for EDGE_HEAP_TUNING=off and for a semi-space size the user chose', () => {
  assert.deepEqual(tuneHeapForSmallDevice({ EDGE_HEAP_TUNING: 'off' }, []).applied, false);
  assert.match(tuneHeapForSmallDevice({ NODE_OPTIONS: '--max-semi-space-size=2' }, []).reason, /NODE_OPTIONS/);
  assert.equal(tuneHeapForSmallDevice({}, ['--semi-space-growth-factor=2']).applied, false);
});

test('heap tuning applies by default', () => {
  assert.deepEqual(tuneHeapForSmallDevice({}, []), { applied: true, reason: 'young generation held at 1 MB, old generation sized for memory' });
});
