import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEdgeMetrics, type EdgeSnapshot } from './metrics.js';

const snapshot = (extra: Partial<EdgeSnapshot> = {}): EdgeSnapshot => ({
  readingsIn: 5, bySeverity: { normal: 4, critical: 1 }, malformed: { mqtt: 2 }, outboxDepth: 3, outboxOldestAgeMs: 1500, outboxBytes: 900,
  drops: {}, delivered: 7, rejected: 0, retries: 1, bytesSent: 1200, rawBytes: 24000, localReadings: 5, localBytes: 4096, ...extra,
});

test('source message counts are exported per source and outcome', async () => {
  const text = await createEdgeMetrics(() => snapshot({ sourceMessages: { mqtt: { read: 40, retained: 3, skipped: 6 } } })).registry.metrics();
  assert.match(text, /^# TYPE homelab_edge_source_messages_total counter$/m);
  assert.match(text, /^homelab_edge_source_messages_total\{source="mqtt",outcome="read"\} 40$/m);
  assert.match(text, /^homelab_edge_source_messages_total\{source="mqtt",outcome="skipped"\} 6$/m);
  assert.match(text, /^homelab_edge_outbox_oldest_age_seconds 1.5$/m);
  assert.match(text, /^homelab_edge_malformed_total\{source="mqtt"\} 2$/m);
});

test('no source counters: the family is declared without samples', async () => {
  const text = await createEdgeMetrics(() => snapshot()).registry.metrics();
  assert.match(text, /^# HELP homelab_edge_source_messages_total /m);
  assert.doesNotMatch(text, /^homelab_edge_source_messages_total\{/m);
});
