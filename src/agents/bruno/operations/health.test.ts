import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { HealthSchema } from '../../../core/schemas.js';
import { DEFAULT_HEALTH_LIMITS } from '../../../studio/health/node-health.js';
import { Bruno } from '../bruno.js';
import { ungroundedInAnswer } from '../grounding.js';

const NOW = new Date(2026, 10, 23, 15, 30).getTime();
const node = fc.record({ cpu: fc.integer({ min: 1, max: 99 }), mem: fc.integer({ min: 1, max: 99 }), disk: fc.integer({ min: 1, max: 99 }), soc: fc.integer({ min: 35, max: 89 }), offline: fc.boolean(),
  top: fc.uniqueArray(fc.constantFrom('plex', 'mosquitto', 'k3s-agent', 'zigbee2mqtt', 'grafana'), { minLength: 1, maxLength: 3 }), shares: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 3, maxLength: 3 }) });
const FLEET_OK = ['are all the pis healthy?', 'is the fleet ok', 'everything ok with the pis?', 'are the nodes fine?', 'is everything alright with the fleet'];
const LOW: { q: string[]; key: 'disk' | 'mem' | 'soc'; limit: number }[] = [
  { q: ['which nodes are running out of disk', 'is any node low on disk?', 'any pi almost out of disk space?', 'are the pis running low on storage'], key: 'disk', limit: DEFAULT_HEALTH_LIMITS.diskPct },
  { q: ['are any pis running low on memory', 'which node is running out of ram'], key: 'mem', limit: DEFAULT_HEALTH_LIMITS.memPct },
  { q: ['is any pi running hot', 'are any of the nodes overheating?'], key: 'soc', limit: DEFAULT_HEALTH_LIMITS.socTempC },
];

type Node = { cpu: number; mem: number; disk: number; soc: number; offline: boolean; top: string[]; shares: number[] };
async function withFleet(fleet: Node[], run: (b: Bruno) => Promise<void>): Promise<void> {
  const store = new SqliteStore(':memory:');
  await store.open();
  try {
    await store.ingest(fleet.map((v, i) => ({ event: { source: '/t', id: `h${i}`, type: 'io.homelab.edge.health', time: NOW }, health: HealthSchema.parse({
      node: `pi-node-${i + 1}`, location: `room-${i + 1}`, ts: v.offline ? NOW - 3 * 3_600_000 : NOW - 30_000, cpu_pct: v.cpu, mem_pct: v.mem, disk_pct: v.disk, temp_c: v.soc,
      top: v.top.map((name, k) => ({ name, cpu_pct: v.shares[k]!, mem_pct: 5 })) }) })));
    const bruno = new Bruno(store, undefined, () => NOW);
    // every answer is grounded: each number it states is in its data
    await run({ ask: async (q: string) => { const a = await bruno.ask(q); assert.deepEqual(ungroundedInAnswer(a.response, a.data, NOW), [], `${q}: ${a.response}`); return a; } } as Bruno);
  } finally {
    await store.close();
  }
}

test('fleet health in broad words, healthy vs online counts, "running out of …" and "what is using CPU on X" (property)', async () => {
  await fc.assert(fc.asyncProperty(fc.array(node, { minLength: 2, maxLength: 5 }), fc.nat(), fc.nat(), async (fleet, a, b) => {
    await withFleet(fleet, async (bruno) => {
      const limits = DEFAULT_HEALTH_LIMITS;
      const healthy = fleet.filter((v) => !v.offline && v.cpu <= limits.cpuPct && v.mem <= limits.memPct && v.disk <= limits.diskPct && v.soc <= limits.socTempC).length;
      const online = fleet.filter((v) => !v.offline).length;
      // a yes or no about every node
      const ok = await bruno.ask(FLEET_OK[a % FLEET_OK.length]!);
      assert.equal(ok.intent, 'health', ok.response);
      assert.match(ok.response, healthy === fleet.length ? /^Yes — all / : new RegExp(`^No — ${fleet.length - healthy} of ${fleet.length} Pi nodes need attention \\(${healthy} healthy, ${online} online\\)`), ok.response);
      // healthy and online are counted apart
      const counted = await bruno.ask(['how many nodes are healthy', 'how many healthy pis do we have'][b % 2]!);
      assert.match(counted.response, new RegExp(`^${healthy} of ${fleet.length} nodes (is|are) healthy[^;]*; ${online} online`), counted.response);
      // over one vital's limit
      const low = LOW[a % LOW.length]!;
      const q = low.q[b % low.q.length]!;
      const answer = await bruno.ask(q);
      const over = fleet.map((v, i) => ({ v, name: `pi-node-${i + 1}` })).filter(({ v }) => v[low.key] > low.limit);
      assert.equal(answer.intent, 'health', `${q}: ${answer.response}`);
      if (over.length) {
        assert.match(answer.response, new RegExp(`^Yes — ${over.length} of ${fleet.length}`), `${q}: ${answer.response}`);
        for (const { name } of over) assert.ok(answer.response.includes(`${name} (`), `${q}: ${name} missing: ${answer.response}`);
      } else assert.match(answer.response, /^No — no Pi node/, `${q}: ${answer.response}`);
      for (const [i, v] of fleet.entries()) if (v[low.key] <= low.limit) assert.ok(!answer.response.includes(`- pi-node-${i + 1} (`), `${q}: pi-node-${i + 1} is under the limit: ${answer.response}`);
      // the top process with its share
      const k = b % fleet.length;
      const top = fleet[k]!.top.map((name, j) => ({ name, cpu: fleet[k]!.shares[j]! })).sort((x, y) => y.cpu - x.cpu)[0]!;
      const proc = await bruno.ask([`what's using CPU on pi-node-${k + 1}`, `what is eating cpu on pi ${k + 1}?`, `which process is hogging pi-node-${k + 1}`][a % 3]!);
      assert.match(proc.response, new RegExp(`pi-node-${k + 1}[^]*? are ${top.name} \\(CPU ${top.cpu}%`), proc.response);
    });
  }), { numRuns: 50 });
});
