import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInput, NotFound } from '../../core/errors.js';
import { KnowledgeGraph } from './knowledge-graph.js';
import { SqliteGraphRepository, type GraphRepository } from './graph-repository.js';
import { PostgresGraphRepository } from './postgres-graph-repository.js';
import type { IncidentProps } from './incident.js';
import { aggregateItem, anomalyItem, dropSchema, healthItem, HOUR, MIN, PG_URL, pgSkipReason, randomSchema, T0 } from './graph-test-fixtures.js';

const DAY = 24 * HOUR;

/** The knowledge graph's behaviour from realistic event sequences, on each repository engine. */
function behaviour(name: string, skip: string | false, make: () => GraphRepository, teardown: () => Promise<void> = async () => {}) {
  describe(`knowledge graph on ${name}`, { skip }, () => {
    let now = T0;
    let graph: KnowledgeGraph;
    let hvac: string;
    before(async () => { graph = new KnowledgeGraph(make(), () => now); await graph.start(); });
    after(async () => { await graph.stop(); await teardown(); });

    test('normal data and health build nodes, locations, sensors with baselines, and processes', async () => {
      await graph.onData([
        aggregateItem('ag1', 'pi-node-2', 'warehouse-b', T0 - 10 * MIN, { temperature: 21.5, humidity: 45 }),
        aggregateItem('ag2', 'pi-node-3', 'warehouse-c', T0 - 10 * MIN, { temperature: 19, pressure: 1013 }),
        healthItem('h1', 'pi-node-2', 'warehouse-b', T0 - 5 * MIN, [{ name: 'sensor-collector', cpu_pct: 12.5, mem_pct: 3.1 }, { name: 'k3s-agent', cpu_pct: 6, mem_pct: 9.4 }]),
      ]);
      const n = await graph.neighbourhood('node:pi-node-2', 1);
      const around = n.neighbours.map((e) => e.id).sort();
      assert.deepEqual(around, ['location:warehouse-b', 'process:pi-node-2/k3s-agent', 'process:pi-node-2/sensor-collector', 'sensor:pi-node-2/dht22-humidity', 'sensor:pi-node-2/dht22-temperature']);
      const runs = n.relations.find((r) => r.type === 'runs' && r.to === 'process:pi-node-2/sensor-collector');
      assert.deepEqual([runs?.props.cpu_pct, runs?.props.mem_pct], [12.5, 3.1]);
      assert.equal((await graph.repo.entity('sensor:pi-node-2/dht22-temperature'))?.props.baseline, 21.5);
      const two = await graph.neighbourhood('location:warehouse-b', 2);
      assert.ok(two.neighbours.some((e) => e.id === 'sensor:pi-node-2/dht22-humidity'), 'depth 2 reaches the sensors through the node');
    });

    test('an HVAC failure (temperature up, humidity down within minutes) is one open incident', async () => {
      await graph.onData([anomalyItem('a1', { kind: 'temperature', value: 26.4, ts: T0, severity: 'warning' }), anomalyItem('a2', { kind: 'humidity', value: 34.2, ts: T0 + 3 * MIN })]);
      await graph.onData([anomalyItem('a3', { kind: 'temperature', value: 28.1, ts: T0 + 11 * MIN })]);
      now = T0 + 12 * MIN;
      const incidents = await graph.incidents({ location: 'warehouse-b' });
      assert.equal(incidents.length, 1);
      const inc = incidents[0]!;
      hvac = inc.id;
      const p = inc.props as unknown as IncidentProps;
      assert.equal(inc.status, 'open');
      assert.deepEqual([p.start, p.end, p.count, p.severity, p.location], [T0, T0 + 11 * MIN, 3, 'critical', 'warehouse-b']);
      assert.deepEqual(p.kinds, ['humidity', 'temperature']);
      assert.deepEqual(p.sensors, ['pi-node-2/dht22-humidity', 'pi-node-2/dht22-temperature']);
      assert.deepEqual(p.peak, { temperature: 28.1, humidity: 34.2 });
      assert.equal(p.changes.temperature?.direction, 'up');
      assert.equal(p.changes.humidity?.direction, 'down');
      assert.equal(Math.round(p.changes.temperature!.delta! * 10) / 10, 6.6);
      const detail = (await graph.incident(hvac))!;
      assert.deepEqual(detail.anomalies.map((a) => a.props.value), [26.4, 34.2, 28.1]);
      assert.deepEqual(detail.history.map((h) => h.event), ['opened', 'anomaly_added', 'anomaly_added']);
      assert.deepEqual((await graph.neighbourhood(hvac)).relations.filter((r) => r.type === 'at').map((r) => r.to), ['location:warehouse-b']);
      now = T0 + 40 * MIN;
      assert.equal((await graph.incidents({ status: 'closed' }))[0]?.id, hvac, 'closed after the quiet period');
    });

    test('annotating records the root cause as an entity shared by incidents', async () => {
      const r = await graph.annotate({ incident_id: hvac, root_cause: 'HVAC malfunction', resolution: 'replaced compressor relay', author: 'sre-bruno' }, T0 + 2 * HOUR);
      assert.equal(r.root_cause?.id, 'root_cause:hvac-malfunction');
      assert.equal(r.incident?.props.root_cause, 'HVAC malfunction');
      const detail = (await graph.incident(hvac))!;
      assert.deepEqual([detail.root_cause?.name, detail.root_cause?.resolution, detail.root_cause?.author], ['HVAC malfunction', 'replaced compressor relay', 'sre-bruno']);
      assert.equal(detail.history.at(-1)?.event, 'annotated');
      await assert.rejects(graph.annotate({ incident_id: 'incident:nope', root_cause: 'x' }), (e: Error) => e instanceof NotFound && e.field === 'incident_id');
      await assert.rejects(graph.annotate({ incident_id: hvac }), (e: Error) => e instanceof InvalidInput && e.field === 'root_cause');
      await assert.rejects(graph.annotate({ root_cause: 'x' }), (e: Error) => e instanceof InvalidInput);
    });

    test('a similar later incident at warehouse-b is linked to the HVAC one; other places and opposite moves are not', async () => {
      now = T0 + 2 * DAY;
      await graph.onData([aggregateItem('ag3', 'pi-node-2', 'warehouse-b', T0 + 2 * DAY - 20 * MIN, { temperature: 21.8, humidity: 46 })]);
      await graph.onData([anomalyItem('b1', { kind: 'temperature', value: 27.9, ts: T0 + 2 * DAY }), anomalyItem('b2', { kind: 'humidity', value: 36, ts: T0 + 2 * DAY + 4 * MIN })]);
      await graph.onData([anomalyItem('c1', { node: 'pi-node-3', location: 'warehouse-c', kind: 'temperature', value: 25.5, ts: T0 + 2 * DAY + HOUR })]);
      await graph.onData([anomalyItem('d1', { kind: 'temperature', value: 14.2, ts: T0 + 3 * DAY }), anomalyItem('d2', { kind: 'humidity', value: 58, ts: T0 + 3 * DAY + MIN })]);
      const [cold, other, later] = await graph.incidents({});
      assert.deepEqual([cold?.props.start, other?.props.place, later?.props.start], [T0 + 3 * DAY, 'warehouse-c', T0 + 2 * DAY]);

      const similar = await graph.similarIncidents(later!.id);
      assert.equal(similar.length, 1);
      assert.equal(similar[0]?.incident.id, hvac);
      assert.equal(similar[0]?.root_cause, 'HVAC malfunction');
      assert.equal(similar[0]?.resolution, 'replaced compressor relay');
      assert.ok(similar[0]!.score >= 0.9, `score ${similar[0]!.score}`);
      assert.ok(similar[0]?.why.includes('same place (warehouse-b)'));
      assert.match(similar[0]!.summary, /Last time this looked alike it was HVAC malfunction \(incident incident:warehouse-b-\d+, warehouse-b 2025-11-20 14:23 UTC; fixed by: replaced compressor relay\)/);
      const linked = (await graph.repo.relations(later!.id, 'similar_to')).map((r) => r.to);
      assert.deepEqual(linked, [hvac], 'linked when it opened');

      assert.deepEqual(await graph.similarIncidents(other!.id), [], 'one temperature rise elsewhere is not enough');
      assert.deepEqual(await graph.similarIncidents(cold!.id), [], 'temperature down and humidity up is not the HVAC failure');
      assert.deepEqual(await graph.similarIncidents(hvac), [], 'only earlier incidents count');
    });

    test('annotating an anomaly annotates its incident; a resolution alone completes the recorded cause', async () => {
      const [cold] = await graph.incidents({ location: 'warehouse-b' });
      const [anomaly] = (await graph.incident(cold!.id))!.anomalies;
      const r = await graph.annotate({ anomaly_id: anomaly!.id, root_cause: 'Loading dock door left open' }, T0 + 3 * DAY + HOUR);
      assert.equal(r.incident?.id, cold!.id);
      assert.equal((await graph.repo.relations(anomaly!.id, 'caused_by'))[0]?.to, 'root_cause:loading-dock-door-left-open');
      await graph.annotate({ incident_id: cold!.id.replace('incident:', ''), resolution: 'door sensor added' }, T0 + 3 * DAY + 2 * HOUR);
      const detail = (await graph.incident(cold!.id))!;
      assert.deepEqual([detail.root_cause?.name, detail.root_cause?.resolution], ['Loading dock door left open', 'door sensor added']);
      await assert.rejects(graph.annotate({ incident_id: hvac, anomaly_id: anomaly!.id, root_cause: 'x' }), (e: Error) => e instanceof InvalidInput && e.field === 'anomaly_id');
    });

    test('a batch that fails does not stop the ones after it', async () => {
      const broken = { event: { source: '/edge/x', id: 'bad', type: 'io.homelab.edge.anomaly', time: T0 }, anomalies: [null] } as never;
      await assert.rejects(graph.onData([broken]));
      await graph.onData([anomalyItem('e1', { node: 'pi-node-4', location: 'office', kind: 'temperature', value: 30, ts: T0 + 4 * DAY })]);
      assert.equal((await graph.incidents({ location: 'office' })).length, 1);
    });
  });
}

behaviour('sqlite', false, () => new SqliteGraphRepository(':memory:'));
const pgSkip = await pgSkipReason();
const schema = randomSchema('test_graph');
behaviour('postgres', pgSkip, () => new PostgresGraphRepository(PG_URL, schema), () => dropSchema(schema));

describe('knowledge graph replicas on one PostgreSQL schema', { skip: pgSkip }, () => {
  test('anomalies of one place arriving at two replicas at once make one incident', async () => {
    const s = randomSchema('test_graph_replicas');
    const a = new KnowledgeGraph(new PostgresGraphRepository(PG_URL, s), () => T0);
    const b = new KnowledgeGraph(new PostgresGraphRepository(PG_URL, s), () => T0);
    try {
      await a.start();
      await b.start();
      await Promise.all([
        a.onData([anomalyItem('r1', { kind: 'temperature', value: 28, ts: T0 })]),
        b.onData([anomalyItem('r2', { kind: 'humidity', value: 33, ts: T0 + MIN })]),
      ]);
      const incidents = await a.incidents({});
      assert.equal(incidents.length, 1);
      assert.equal(incidents[0]?.props.count, 2);
    } finally {
      await a.stop();
      await b.stop();
      await dropSchema(s);
    }
  });
});

describe('incident grouping window', () => {
  test('is configurable: with a 5-minute gap, anomalies 10 minutes apart are two incidents', async () => {
    const graph = new KnowledgeGraph(new SqliteGraphRepository(':memory:'), () => T0, { gapMs: 5 * MIN });
    await graph.start();
    await graph.onData([anomalyItem('g1', { kind: 'temperature', value: 28, ts: T0 }), anomalyItem('g2', { kind: 'temperature', value: 29, ts: T0 + 10 * MIN })]);
    assert.equal((await graph.incidents({})).length, 2);
    await graph.stop();
  });

  test('groups by event time: a backlog delivered out of order still forms one incident', async () => {
    const graph = new KnowledgeGraph(new SqliteGraphRepository(':memory:'), () => T0);
    await graph.start();
    await graph.onData([anomalyItem('o2', { kind: 'humidity', value: 33, ts: T0 + 12 * MIN }), anomalyItem('o1', { kind: 'temperature', value: 28, ts: T0 })]);
    await graph.onData([anomalyItem('o0', { kind: 'temperature', value: 27, ts: T0 - 6 * MIN })]);
    const incidents = await graph.incidents({});
    assert.deepEqual(incidents.map((i) => [i.props.start, i.props.end, i.props.count]), [[T0 - 6 * MIN, T0 + 12 * MIN, 3]]);
    await graph.stop();
  });
});
