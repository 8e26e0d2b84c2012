import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../../studio/store/sqlite/sqlite-store.js';
import { SimulatorSource } from '../../edge/sources/simulator.js';
import { ReadingSchema, HealthSchema, AnomalySchema } from '../../core/schemas.js';
import type { IngestItem } from '../../studio/store/store.js';
import { Bruno } from './bruno.js';

const NOW = new Date(2026, 10, 23, 15, 30, 0).getTime();
const H = 3_600_000;

/** Simulated warehouse day, stored as the studio would receive it. */
async function seededStore(): Promise<SqliteStore> {
  const store = new SqliteStore(':memory:');
  await store.open();
  const sim = new SimulatorSource({ intervalMs: 60_000, healthIntervalMs: 60_000, seed: 7 });
  const items: IngestItem[] = [];
  for (let ts = NOW - 24 * H; ts <= NOW; ts += 60_000) {
    items.push({ event: { source: '/sim', id: `r${ts}`, type: 'io.homelab.edge.reading', time: ts }, readings: sim.sampleAt(ts).map((s) => ReadingSchema.parse(s)) });
  }
  const health = (node: string, cpu: number, mem: number, temp: number, top: string) => ({
    event: { source: '/sim', id: `h-${node}`, type: 'io.homelab.edge.health', time: NOW },
    health: HealthSchema.parse({ node, ts: NOW - 30_000, cpu_pct: cpu, mem_pct: mem, temp_c: temp, disk_pct: 40, top: [{ name: top, cpu_pct: cpu * 0.7, mem_pct: 30 }], location: `warehouse-${node.slice(-1) === '1' ? 'a' : node.slice(-1) === '2' ? 'b' : 'c'}` }),
  });
  items.push(health('pi-node-1', 35, 45, 42, 'mosquitto'), health('pi-node-2', 28, 38, 39, 'zigbee2mqtt'), health('pi-node-3', 82, 91, 68, 'video-processor'));
  items.push({
    event: { source: '/sim', id: 'a1', type: 'io.homelab.edge.anomaly', time: NOW - 2 * H },
    anomalies: [AnomalySchema.parse({ node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', value: 28.4, unit: '°C', ts: NOW - 2 * H, location: 'warehouse-b', score: 0.98, severity: 'critical', reason: 'spike' })],
  });
  await store.ingest(items);
  return store;
}

describe('bruno answers from the data of the request', () => {
  let store: SqliteStore;
  let bruno: Bruno;
  before(async () => {
    store = await seededStore();
    bruno = new Bruno(store, undefined, () => NOW);
  });
  after(async () => store.close());

  test('current warehouse temperature = mean of the latest temperature readings of warehouse sensors', async () => {
    const answer = await bruno.ask("What's the temperature in the warehouse?");
    assert.equal(answer.intent, 'current');
    const latest = (await store.latest({ kind: 'temperature' })).filter((s) => s.location?.startsWith('warehouse'));
    const expected = latest.reduce((a, s) => a + s.lastValue, 0) / latest.length;
    assert.equal(latest.length, 3);
    assert.ok(answer.response.includes(`${(Math.round(expected * 10) / 10).toFixed(1)}°C`), answer.response);
    const kind = (answer.data.kinds as { value: number; sensors: number }[])[0]!;
    assert.equal(kind.value, Math.round(expected * 10) / 10);
    assert.equal(kind.sensors, 3);
  });

  test('°F when asked: the same reading converted, the data still in °C', async () => {
    const answer = await bruno.ask('What is the temperature in warehouse a in fahrenheit?');
    const [s] = await store.latest({ kind: 'temperature', location: 'warehouse-a' });
    const f = Math.round((s!.lastValue * 9 / 5 + 32) * 10) / 10;
    assert.match(answer.response, new RegExp(`${f.toFixed(1)}°F`));
    assert.equal((answer.data.kinds as { unit: string }[])[0]!.unit, '°C');
  });

  test('one location: its own value', async () => {
    const answer = await bruno.ask('humidity in warehouse b?');
    const [s] = await store.latest({ kind: 'humidity', location: 'warehouse-b' });
    assert.ok(answer.response.includes(`${(Math.round(s!.lastValue * 10) / 10).toFixed(1)}%`), answer.response);
  });

  test('range: average, min and max over the stated window', async () => {
    const answer = await bruno.ask('Show me temperature readings from warehouse sensors in the last 24 hours');
    assert.equal(answer.intent, 'statistics');
    assert.match(answer.response, /the last 24 hours/);
    const rows = (await store.readings({ kind: 'temperature', from: NOW - 24 * H, to: NOW, limit: 100_000 }));
    const values = rows.map((r) => r.value);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const kind = (answer.data.kinds as { min: number; max: number; count: number }[])[0]!;
    assert.equal(kind.min, min);
    assert.equal(kind.max, max);
    assert.ok(Math.abs(kind.count - rows.length) <= 3 * 5, 'window edges may add one rollup bucket per sensor');
  });

  test('unhealthy nodes and the list of all nodes', async () => {
    const unhealthy = await bruno.ask('Are there any unhealthy Pi nodes?');
    assert.match(unhealthy.response, /pi-node-3/);
    assert.doesNotMatch(unhealthy.response, /pi-node-1/);
    assert.match(unhealthy.response, /CPU 82%, Memory 91%/);
    const list = await bruno.ask('List all Pi nodes and their health status');
    assert.match(list.response, /Pi nodes: 2 healthy, 1 unhealthy/);
  });

  test('why: the top process and a recommendation grounded in it', async () => {
    const why = await bruno.ask('Why is pi-node-3 under high load?');
    assert.equal(why.intent, 'why');
    assert.match(why.response, /video-processor/);
    assert.match(why.response, /Recommendation/);
  });

  test('anomalies in the window, and "none" said plainly', async () => {
    const some = await bruno.ask('show me sensor anomalies');
    assert.match(some.response, /1 anomaly/);
    assert.match(some.response, /28\.4°C/);
    const none = await bruno.ask('any anomalies in the last hour?');
    assert.match(none.response, /No anomalies/);
  });

  test('extremes: the coldest reading today with its time and place', async () => {
    const answer = await bruno.ask('When was the warehouse coldest today?');
    assert.equal(answer.intent, 'extreme');
    const midnight = new Date(NOW); midnight.setHours(0, 0, 0, 0);
    const rows = await store.readings({ kind: 'temperature', from: midnight.getTime(), to: NOW, limit: 100_000 });
    const coldest = rows.reduce((a, r) => (r.value < a.value ? r : a));
    const extreme = answer.data.extreme as { value: number; ts: number; node: string };
    assert.equal(extreme.value, coldest.value);
    assert.equal(rows.find((r) => r.ts === extreme.ts && r.node === extreme.node)?.value, coldest.value);
    assert.match(answer.response, new RegExp(`${coldest.value.toFixed(1)}°C`));
  });

  test('rank: per-location averages, the warmest first', async () => {
    const answer = await bruno.ask('Which location is warmest today?');
    assert.equal(answer.intent, 'rank');
    const places = (answer.data.rankings as { places: { place: string; value: number }[] }[])[0]!.places;
    assert.equal(places.length, 3);
    assert.ok(places[0]!.value >= places[1]!.value && places[1]!.value >= places[2]!.value);
    assert.equal(places[0]!.place, 'warehouse-b', 'the simulator runs warehouse-b warmest');
  });

  test('trend: direction from the fitted slope', async () => {
    const answer = await bruno.ask('is the temperature in warehouse a rising over the last 6 hours?');
    assert.equal(answer.intent, 'trend');
    const t = (answer.data.trends as { direction: string; slope_per_hour: number }[])[0]!;
    assert.ok(['rising', 'falling', 'steady'].includes(t.direction));
    assert.equal(t.direction === 'rising', t.slope_per_hour >= 0.05);
  });

  test('conversation follow-ups carry the place and intent over', async () => {
    const first = await bruno.ask("What's the temperature in warehouse b?", 'c1');
    assert.equal(first.intent, 'current');
    const second = await bruno.ask('and humidity?', 'c1');
    assert.equal(second.intent, 'current');
    const [h] = await store.latest({ kind: 'humidity', location: 'warehouse-b' });
    assert.match(second.response, new RegExp(`humidity in warehouse-b is ${(Math.round(h!.lastValue * 10) / 10).toFixed(1)}%`));
    const third = await bruno.ask('what about yesterday?', 'c1');
    assert.equal(third.intent, 'statistics');
    assert.match(third.response, /yesterday/);
    const unrelated = await bruno.ask('and humidity?', 'other-conversation');
    assert.equal((unrelated.data.place as string), 'all locations');
  });

  test('export: the count of readings and a download link with the filters', async () => {
    const answer = await bruno.ask('export humidity from warehouse b for the last 24 hours as csv');
    assert.equal(answer.intent, 'export');
    const rows = await store.readings({ kind: 'humidity', location: 'warehouse-b', from: NOW - 24 * H, to: NOW, limit: 100_000 });
    assert.equal(answer.data.count, rows.length);
    assert.match(String(answer.data.url), /format=csv&.*kind=humidity&location=warehouse-b/);
  });

  test('a question it cannot place gets an honest answer, not a guess', async () => {
    const answer = await bruno.ask('what is the meaning of life');
    assert.equal(answer.intent, 'help');
    assert.match(answer.response, /not sure/);
    assert.match(answer.response, /pi-node-1/);
  });

  test('no data is said plainly', async () => {
    const empty = new SqliteStore(':memory:');
    await empty.open();
    const answer = await new Bruno(empty, undefined, () => NOW).ask("What's the temperature in the warehouse?");
    assert.match(answer.response, /no temperature data/i);
    assert.doesNotMatch(answer.response, /\d/);
    await empty.close();
  });
});

describe('anomalies the studio sees in what it stores', () => {
  test('a 28 °C spike in a 20 °C series that the edge never flagged is found; the quiet series is not', async () => {
    const store = new SqliteStore(':memory:');
    await store.open();
    const readings = [];
    for (let ts = NOW - 10 * H; ts < NOW; ts += 60_000) {
      const jitter = Math.sin(ts / 7e5) * 0.15;
      readings.push(ReadingSchema.parse({ node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-b', ts, value: ts === NOW - 3 * H ? 28 : 20 + jitter }));
      readings.push(ReadingSchema.parse({ node: 'pi-node-1', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-a', ts, value: 21 + jitter }));
    }
    await store.ingest([{ event: { source: '/t', id: 'spike', type: 'io.homelab.edge.reading', time: NOW }, readings }]);
    const bruno = new Bruno(store, undefined, () => NOW);
    const b = await bruno.ask('any anomalies in warehouse b today?');
    assert.equal(b.intent, 'anomalies');
    assert.match(b.response, /spiked to 28\.0°C/);
    assert.equal((b.data.studio_anomalies as { value: number; ts: number }[])[0]!.value, 28);
    const a = await bruno.ask('any anomalies in warehouse a today?');
    assert.match(a.response, /No anomalies/);
    await store.close();
  });
});
