import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AnomalySchema, ReadingSchema } from '../../../core/schemas.js';
import { EventType } from '../../../core/event-types.js';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { Bruno } from '../bruno.js';

const NOW = new Date(2026, 10, 23, 15, 7, 0).getTime();
const H = 3_600_000;
const SHAPES = ['why did {p} spike?', 'what caused the spike in {p}', 'why was {p} so warm?', 'what was behind the temperature spike in {p}?', 'explain the spike in {p}', 'why did the temperature in {p} jump'];

test('a why/cause question about a spike with no window finds a stored critical spike days old, and says which range it searched (property)', async () => {
  const store = new SqliteStore(':memory:');
  await store.open();
  try {
    const readings = Array.from({ length: 24 * 4 }, (_, i) => ReadingSchema.parse({ node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-b', ts: NOW - 4 * 24 * H + i * H, value: 20 }));
    await store.ingest([{ event: { source: '/edge/pi-node-2', id: 'r', type: EventType.Reading, time: NOW }, readings }]);
    await fc.assert(fc.asyncProperty(fc.constantFrom(...SHAPES), fc.integer({ min: 26, max: 160 }), fc.integer({ min: 1, max: 999 }), async (shape, hoursAgo, id) => {
      const at = NOW - hoursAgo * H;
      await store.ingest([{ event: { source: '/edge/pi-node-2', id: `a${id}-${hoursAgo}`, type: EventType.Anomaly, time: at }, anomalies: [AnomalySchema.parse({ node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', value: 28.4, unit: '°C', ts: at, location: 'warehouse-b', score: 0.97, severity: 'critical', reason: 'spike' })] }]);
      const a = await new Bruno({ store, clock: () => NOW }).ask(shape.replace('{p}', 'warehouse b'));
      assert.match(a.response, /28\.4°C, critical/, `${shape}: ${a.response}`);
      assert.match(a.response, /the last 7 days/, 'the answer says how far back it looked');
    }), { numRuns: 30 });
  } finally { await store.close(); }
});
