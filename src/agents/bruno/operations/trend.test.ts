import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { ReadingSchema } from '../../../core/schemas.js';
import { Bruno } from '../bruno.js';
import { ungroundedInAnswer } from '../grounding.js';
import { steadiness } from './trend.js';

const NOW = new Date(2026, 10, 23, 15, 30).getTime();

test('steady needs a slow rate and a small change over the whole window (property)', () => {
  fc.assert(fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 24 * 31, noNaN: true }), fc.constantFrom(0.05, 0.2, 0.5), (perHour, hours, below) => {
    const d = steadiness(perHour, hours, below);
    if (Math.abs(perHour) >= below) assert.notEqual(d, 'steady', 'a fast rate is never steady');
    if (Math.abs(perHour) * hours >= 3 * below) assert.notEqual(d, 'steady', `${perHour}/h over ${hours} h moves ${perHour * hours}`);
    if (Math.abs(perHour) < below && hours <= 3) assert.equal(d, 'steady', 'within the default window the rate alone decides');
    if (d !== 'steady') assert.equal(d, perHour > 0 ? 'rising' : 'falling');
  }));
});

test('a week-long slide under the hourly rate is falling, not "Yes — steady", and a flat week with daily swings is steady', async () => {
  const store = new SqliteStore(':memory:');
  await store.open();
  try {
    const days = 7;
    const n = days * 24 * 6; // every 10 minutes
    const readings = (location: string, node: string, value: (i: number) => number) => Array.from({ length: n }, (_, i) => ReadingSchema.parse({
      node, sensor: 'rh', kind: 'humidity', unit: '%', location, value: value(i), ts: NOW - (n - i) * 600_000,
    }));
    // 52.8 % → 40.6 % over the week: 0.07 points an hour, under the steady rate of 0.2.
    const sliding = readings('cellar', 'pi-node-1', (i) => 52.8 - (12.2 * i) / (n - 1) + Math.sin((i / 144) * 2 * Math.PI));
    const flat = readings('attic', 'pi-node-2', (i) => 45 + 2 * Math.sin((i / 144) * 2 * Math.PI));
    await store.ingest([{ event: { source: '/t', id: 'a', type: 'io.homelab.edge.reading', time: NOW }, readings: [...sliding, ...flat] }]);
    const bruno = new Bruno(store, undefined, () => NOW);
    const slide = await bruno.ask('is the humidity in the cellar stable over the last 7 days?');
    assert.equal(slide.intent, 'trend', slide.response);
    assert.match(slide.response, /^No — /, slide.response);
    assert.match(slide.response, /falling/, slide.response);
    assert.deepEqual(ungroundedInAnswer(slide.response, slide.data, NOW), []);
    const still = await bruno.ask('is the humidity in the attic stable over the last 7 days?');
    assert.match(still.response, /^Yes — .*steady/, still.response);
  } finally {
    await store.close();
  }
});
