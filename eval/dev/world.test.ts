import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HOUR, MIN } from './generator.js';
import { devItems } from './questions/index.js';
import { latest, localAt, select, stats, valueAt } from './truth.js';
import { buildDevWorld, type DevWorld } from './world.js';

/** The development set's truth is computed from the generator: these check the generator did what the world claims, and that the store holds the same. */
describe('eval/dev world', () => {
  let w: DevWorld;
  before(async () => { w = await buildDevWorld(); });
  after(async () => { await w.store.close(); });
  const hourlyMeans = (f: Parameters<typeof stats>[1], from: number, hours: number) =>
    Array.from({ length: hours }, (_, i) => stats(w.series, f, from + i * HOUR, from + (i + 1) * HOUR).mean);

  test('the planted spikes are where the world says and stand out of their series', () => {
    const { coldSpike, humiditySpike, pressureSpike } = w.planted;
    assert.equal(valueAt(w.series, { location: 'cold-room', kind: 'temperature' }, coldSpike.at), 12.5);
    const cold = stats(w.series, { location: 'cold-room', kind: 'temperature' }, w.start, w.now);
    assert.equal(cold.maxTs, coldSpike.at);
    const around = stats(w.series, { location: 'cold-room', kind: 'temperature' }, coldSpike.at - HOUR, coldSpike.at);
    assert.ok(around.max < 5, `the hour before the spike stays near 4 °C (max ${around.max})`);
    const humid = stats(w.series, { location: 'warehouse-a', kind: 'humidity' }, w.start, w.now);
    assert.equal(humid.max, humiditySpike.value);
    assert.equal(humid.maxTs, humiditySpike.at);
    assert.equal(stats(w.series, { location: 'warehouse-a', kind: 'pressure' }, w.start, w.now).maxTs, pressureSpike.at);
  });

  test('the HVAC failure shifts warehouse-b up in temperature and down in humidity, and nowhere else', () => {
    const { from, to, rampMin } = w.planted.hvac;
    const during = (kind: string, location = 'warehouse-b', dayBack = 0) =>
      stats(w.series, { location, kind }, from + rampMin * MIN - dayBack * 24 * HOUR, to - dayBack * 24 * HOUR).mean;
    assert.ok(during('temperature') - during('temperature', 'warehouse-b', 1) > 6);
    assert.ok(during('humidity', 'warehouse-b', 1) - during('humidity') > 10);
    assert.ok(Math.abs(during('temperature', 'warehouse-a') - during('temperature', 'warehouse-a', 1)) < 1);
    assert.equal(stats(w.series, { location: 'warehouse-b', kind: 'temperature' }, w.start, w.now).maxTs >= from, true);
  });

  test('trends go the way the questions say: warehouse-a humidity falls, cold-room humidity rises, the rack warms, warehouse-b pressure is flat', () => {
    const six = hourlyMeans({ location: 'warehouse-a', kind: 'humidity' }, w.now - 6 * HOUR, 6);
    assert.ok(six.every((m, i) => i === 0 || m < six[i - 1]!), six.join(' '));
    const rising = hourlyMeans({ location: 'cold-room', kind: 'humidity' }, w.now - 6 * HOUR, 6);
    assert.ok(rising.every((m, i) => i === 0 || m > rising[i - 1]!), rising.join(' '));
    const rack = hourlyMeans({ location: 'server-rack', kind: 'temperature' }, w.now - 2 * HOUR, 2);
    assert.ok(rack[1]! - rack[0]! > 2);
    const before = stats(w.series, { location: 'server-rack', kind: 'temperature' }, w.now - 26 * HOUR, w.now - 2 * HOUR);
    assert.ok(before.max - before.min < 0.15, 'flat before the transcoder started');
    const flat = stats(w.series, { location: 'warehouse-b', kind: 'pressure' }, w.now - 24 * HOUR, w.now);
    assert.ok(flat.max - flat.min < 0.25);
  });

  test('the office node stopped at 06:05 and every other node reported in the last minute', () => {
    assert.equal(w.planted.officeStop, localAt(w.now, 0, 6, 5));
    for (const s of select(w.series, { node: 'pi-node-4' })) assert.equal(s.samples.at(-1)!.ts, w.planted.officeStop);
    for (const l of latest(w.series, {})) if (l.spec.node !== 'pi-node-4') assert.equal(l.ts, w.now - MIN);
  });

  test('the store holds exactly the generated truth: statistics, latest values, nodes, health and anomalies', async () => {
    const windows = [[w.start, w.now], [localAt(w.now, -1, 0), localAt(w.now, 0, 0)], [localAt(w.now, -1, 14), w.now], [w.now - 3 * HOUR, w.now]] as const;
    for (const s of w.series) {
      for (const [from, to] of windows) {
        if (!s.samples.some((p) => p.ts >= from && p.ts < to)) continue;
        const truth = stats(w.series, { node: s.spec.node, sensor: s.spec.sensor }, from, to);
        const [got] = await w.store.stats({ node: s.spec.node, sensor: s.spec.sensor, from, to });
        assert.ok(got, `${s.spec.node}/${s.spec.sensor}`);
        assert.equal(got.count, truth.count);
        assert.ok(Math.abs(got.mean - truth.mean) < 1e-9);
        assert.deepEqual([got.min, got.minTs, got.max, got.maxTs], [truth.min, truth.minTs, truth.max, truth.maxTs]);
      }
      const [l] = await w.store.latest({ node: s.spec.node, sensor: s.spec.sensor });
      assert.deepEqual([l!.lastTs, l!.lastValue], [s.samples.at(-1)!.ts, s.samples.at(-1)!.value]);
    }
    const nodes = await w.store.nodes();
    for (const n of w.nodes) {
      const row = nodes.find((r) => r.node === n.node)!;
      assert.equal(row.lastSeen, n.lastSeen, n.node);
      const h = w.health[n.node]!;
      assert.deepEqual([row.health!.cpu_pct, row.health!.mem_pct, row.health!.temp_c, row.health!.disk_pct, row.health!.top[0]!.name], [h.cpu, h.mem, h.soc, h.disk, h.top[0]!.name]);
    }
    const anomalies = await w.store.anomalies({ from: w.start, to: w.now });
    assert.equal(anomalies.length, w.flagged.length);
    for (const a of w.flagged) assert.equal(a.value, valueAt(w.series, { node: a.node, sensor: a.sensor }, a.ts));
  });

  test('the items build (every one discriminates), with at least 25 categories of at least 6 phrasings', () => {
    const items = devItems(w);
    const per = new Map<string, number>();
    for (const i of items) per.set(i.category, (per.get(i.category) ?? 0) + 1);
    assert.ok(per.size >= 25, `${per.size} categories`);
    for (const [c, n] of per) assert.ok(n >= 6, `${c}: ${n}`);
    assert.equal(new Set(items.map((i) => i.question)).size, items.length, 'no question twice');
  });
});
