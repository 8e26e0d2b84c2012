import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { ReadingSchema } from '../../../core/schemas.js';
import { Bruno } from '../bruno.js';
import { ungroundedInAnswer } from '../grounding.js';

const NOW = new Date(2026, 10, 23, 15, 30).getTime();
const PLACES: [string, string][] = [['warehouse-a', 'warehouse a'], ['cold-room', 'the cold room'], ['office', 'the office']];
const FRAMES = ['are the {p} sensors still reporting?', 'is {p} still sending data?', 'are the sensors in {p} alive', 'is {p} still online?'];

test('"are the <place> sensors still reporting?" is yes or no from that place\'s sensors, naming the silent ones (property)', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }), { minLength: 3, maxLength: 3 }), fc.nat(), fc.constantFrom(...FRAMES), async (silent, p, frame) => {
    const store = new SqliteStore(':memory:');
    await store.open();
    try {
      const readings = PLACES.flatMap(([location], i) => ['temperature', 'humidity'].map((kind, k) => ReadingSchema.parse({ node: `pi-node-${i + 1}`, sensor: `s-${kind}`, kind, unit: kind === 'humidity' ? '%' : '°C', value: 20, location, ts: silent[i]![k] ? NOW - 2 * 3_600_000 : NOW - 60_000 })));
      await store.ingest([{ event: { source: '/t', id: 'r', type: 'io.homelab.edge.reading', time: NOW }, readings }]);
      const i = p % PLACES.length;
      const q = frame.replace('{p}', PLACES[i]![1]);
      const a = await new Bruno(store, undefined, () => NOW).ask(q);
      assert.equal(a.intent, 'liveness', `${q}: ${a.response}`);
      const quiet = silent[i]!.filter(Boolean).length;
      assert.match(a.response, quiet === 0 ? /^Yes — all 2 sensors/ : quiet === 2 ? /^No — 0 of 2/ : /^Not all — 1 of 2/, `${q}: ${a.response}`);
      for (const [k, kind] of ['temperature', 'humidity'].entries()) assert.equal(a.response.includes(`pi-node-${i + 1}/s-${kind}`), silent[i]![k]!, `${q}: ${a.response}`);
      for (const [other] of PLACES.filter((_, j) => j !== i)) assert.ok(!a.response.includes(other), `${q} names ${other}: ${a.response}`);
      assert.deepEqual(ungroundedInAnswer(a.response, a.data, NOW), [], a.response);
    } finally {
      await store.close();
    }
  }), { numRuns: 40 });
});

const QUIET = ['has any location gone quiet?', 'which place stopped reporting', 'which rooms went silent?', 'have any sites gone dark?'];

test('"has any location gone quiet?" names the silent places with their nodes and last contact, a place partly silent apart (property)', async () => {
  // Three places with two nodes each; each node silent or not.
  await fc.assert(fc.asyncProperty(fc.array(fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }), { minLength: 3, maxLength: 3 }), fc.constantFrom(...QUIET), async (silent, q) => {
    const store = new SqliteStore(':memory:');
    await store.open();
    try {
      const readings = PLACES.flatMap(([location], i) => [0, 1].map((k) => ReadingSchema.parse({ node: `pi-${i}${k}`, sensor: 's-temperature', kind: 'temperature', unit: '°C', value: 20, location, ts: silent[i]![k] ? NOW - 2 * 3_600_000 : NOW - 60_000 })));
      await store.ingest([{ event: { source: '/t', id: 'r', type: 'io.homelab.edge.reading', time: NOW }, readings }]);
      const a = await new Bruno(store, undefined, () => NOW).ask(q);
      assert.equal(a.intent, 'liveness', `${q}: ${a.response}`);
      const head = a.response.split('\n')[0]!;
      const all = PLACES.filter((_, i) => silent[i]!.every(Boolean)).map(([l]) => l);
      assert.match(head, all.length ? new RegExp(`\\b${all.length} of 3 locations stopped reporting`) : /No location has stopped reporting/, `${q}: ${a.response}`);
      for (const [i, [location]] of PLACES.entries()) {
        const off = silent[i]!.filter(Boolean).length;
        // A silent or partly silent place is named with each of its silent nodes; a place all heard from is not named.
        assert.equal(a.response.includes(location), off > 0, `${q}: ${location} (${off} silent): ${a.response}`);
        for (const k of [0, 1]) assert.equal(a.response.includes(`pi-${i}${k}`), silent[i]![k]!, `${q}: pi-${i}${k}: ${a.response}`);
      }
      if (all.length) assert.match(head, /last heard from at \d{2}:\d{2}/, a.response);
      assert.deepEqual(ungroundedInAnswer(a.response, a.data, NOW), [], a.response);
    } finally {
      await store.close();
    }
  }), { numRuns: 40 });
});
