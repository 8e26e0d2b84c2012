import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { atomsOf, indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';

const NOW = new Date(2026, 10, 24, 9, 20).getTime();
const PREFIX = ['xx', 'ab', 'qz', 'porch', 'attic', 'shed', 'lab', 'den'];
const HEAD = ['pi', 'node', 'rpi', 'hub'];
const letter = fc.constantFrom('a', 'b', 'c');
const digit = fc.integer({ min: 1, max: 9 });

/** Node names of the shapes homelabs use: xx7-pi-b, porch-pi-3b, pi-4, ab12, shed-node-2. */
const nodeName = fc.oneof(
  fc.tuple(fc.constantFrom(...PREFIX), digit, fc.constantFrom(...HEAD), letter).map(([p, d, h, l]) => `${p}${d}-${h}-${l}`),
  fc.tuple(fc.constantFrom(...PREFIX), fc.constantFrom(...HEAD), digit, letter).map(([p, h, d, l]) => `${p}-${h}-${d}${l}`),
  fc.tuple(fc.constantFrom(...HEAD), digit).map(([h, d]) => `${h}-${d}`),
  fc.tuple(fc.constantFrom(...PREFIX), fc.integer({ min: 1, max: 99 })).map(([p, d]) => `${p}${d}`),
  fc.tuple(fc.constantFrom(...PREFIX), fc.constantFrom(...HEAD), digit).map(([p, h, d]) => `${p}-${h}-${d}`),
);
const bare = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, '');
const catalogOf = (nodes: string[]): Catalog => {
  const locations = nodes.map((_, i) => ['garden', 'porch', 'garage', 'cellar', 'attic', 'kitchen', 'shed', 'loft'][i % 8]!);
  const series: SeriesInfo[] = nodes.map((node, i) => ({ node, sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: locations[i]!, firstSeen: 0, lastTs: NOW, lastValue: 1 }));
  return { nodes, locations: [...new Set(locations)], kinds: ['temperature'], series };
};

test('a node name one digit off a real one is an unknown node, never split into other names (property)', () => {
  const world = fc.uniqueArray(nodeName, { minLength: 3, maxLength: 8 });
  fc.assert(fc.property(world, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 9 }), fc.constantFrom('cpu on {n}', 'is {n} online?', 'memory of {n}', 'temperature at {n}', '{n} disk usage', 'when did {n} last report', 'why is {n} slow?'), (nodes, pick, at, bump, template) => {
    const index = indexCatalog(catalogOf(nodes));
    const node = nodes[pick % nodes.length]!;
    const digits = [...node].map((c, k) => (/\d/.test(c) ? k : -1)).filter((k) => k >= 0);
    const k = digits[at % digits.length]!;
    const near = node.slice(0, k) + String((Number(node[k]) + bump) % 10) + node.slice(k + 1);
    if (nodes.includes(near) || near.includes('-0') || /[a-z]0/.test(near)) return;
    // a short form another node really has ("xx2" for xx-pi-2, as "pi5" is pi-node-5) is not a near miss
    if (index.aliases.some((a) => a.atoms.join(' ') === atomsOf(near).join(' '))) return;
    const s = parseQuestion(template.replace('{n}', near), index, NOW).plan.scope;
    assert.deepEqual([...s.nodes, ...s.locations, ...s.sensors.map((x) => x.sensor)], [], `${near} among ${nodes.join(', ')} → ${JSON.stringify(s)}`);
    assert.ok(s.unknown.some((u) => bare(u.text) === bare(near)), `${near} among ${nodes.join(', ')} → ${JSON.stringify(s)}`);
    // the real name in the same sentence is that node
    assert.deepEqual(parseQuestion(template.replace('{n}', node), index, NOW).plan.scope.nodes, [node], node);
  }), { numRuns: 400 });
});
