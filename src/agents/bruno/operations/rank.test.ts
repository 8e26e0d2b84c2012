import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { HealthSchema } from '../../../core/schemas.js';
import { Bruno } from '../bruno.js';
import { ungroundedInAnswer } from '../grounding.js';

const NOW = new Date(2026, 10, 23, 15, 30).getTime();
type Vitals = { cpu: number; mem: number; disk: number; soc: number; offline: boolean };
const pick = (v: Vitals, k: 'cpu' | 'mem' | 'disk' | 'soc') => v[k];

/** Rarer ranking phrasings and the vital and end each names: complements ("most free disk") rank what is left. */
const ASKS: { q: string[]; key: 'cpu' | 'mem' | 'disk' | 'soc'; end: 'min' | 'max' }[] = [
  { q: ['which node has the most free disk', 'most free disk space?', 'which pi has the most disk left', 'which pi has the most storage available'], key: 'disk', end: 'min' },
  { q: ['which node has the least free disk', 'which pi has the least disk space left', 'least free storage'], key: 'disk', end: 'max' },
  { q: ['which pi uses the least memory', 'least memory used', 'which node has the most free memory', 'most ram available'], key: 'mem', end: 'min' },
  { q: ['which pi has the least free memory', 'least memory available'], key: 'mem', end: 'max' },
  { q: ['coolest pi', 'which pi is coolest', 'which node runs coolest', 'chilliest pi', 'which node is the coldest?'], key: 'soc', end: 'min' },
  { q: ['hottest pi', 'which node is the hottest', 'warmest nodes'], key: 'soc', end: 'max' },
  { q: ['least busy pi', 'which pi has the lowest cpu', 'bottom 2 nodes by cpu'], key: 'cpu', end: 'min' },
  { q: ['which node is busiest', 'busiest pi', 'top cpu node'], key: 'cpu', end: 'max' },
];

test('vitals ranked by a rarer cue or a complement name the right node; offline nodes keep their last value, marked offline (property)', async () => {
  const fleet = fc.uniqueArray(fc.integer({ min: 1, max: 98 }), { minLength: 4 * 4, maxLength: 4 * 4 })
    .chain((vals) => fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }).map((off) => Array.from({ length: 4 }, (_, i): Vitals => ({ cpu: vals[i]!, mem: vals[4 + i]!, disk: vals[8 + i]!, soc: 30 + vals[12 + i]! / 2, offline: off[i]! && i > 0 }))));
  await fc.assert(fc.asyncProperty(fleet, fc.nat(), fc.nat(), async (nodes, a, b) => {
    const ask = ASKS[a % ASKS.length]!;
    const q = ask.q[b % ask.q.length]!;
    const store = new SqliteStore(':memory:');
    await store.open();
    try {
      await store.ingest(nodes.map((v, i) => ({
        event: { source: '/t', id: `h${i}`, type: 'io.homelab.edge.health', time: NOW },
        health: HealthSchema.parse({ node: `pi-node-${i + 1}`, location: `room-${i + 1}`, ts: v.offline ? NOW - 3 * 3_600_000 : NOW - 30_000, cpu_pct: v.cpu, mem_pct: v.mem, disk_pct: v.disk, temp_c: v.soc, top: [] }),
      })));
      const answer = await new Bruno(store, undefined, () => NOW).ask(q);
      assert.equal(answer.intent, 'rank', `${q}: ${answer.response}`);
      assert.deepEqual(ungroundedInAnswer(answer.response, answer.data, NOW), [], `${q}: ${answer.response}`);
      const values = nodes.map((v) => pick(v, ask.key));
      const best = values.indexOf(ask.end === 'min' ? Math.min(...values) : Math.max(...values));
      const ranking = (answer.data.rankings as { places: { place: string; offline?: boolean }[] }[])[0]!;
      assert.equal(ranking.places[0]!.place, `pi-node-${best + 1}`, `${q}: ${answer.response}`);
      assert.match(answer.response, new RegExp(`: pi-node-${best + 1} at`), q);
      for (const [i, v] of nodes.entries()) {
        const row = ranking.places.find((p) => p.place === `pi-node-${i + 1}`);
        if (!row) continue; // beyond "bottom 2"
        assert.equal(!!row.offline, v.offline, `${q}: pi-node-${i + 1} offline ${v.offline}`);
        if (v.offline) assert.match(answer.response, new RegExp(`pi-node-${i + 1} [^,]*\\(offline`), `${q}: ${answer.response}`);
      }
      if (/free|left|available/.test(q)) assert.match(answer.response, /% free/, q);
    } finally {
      await store.close();
    }
  }), { numRuns: 60 });
});
