import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { AnomalySchema } from '../../core/schemas.js';
import { KnowledgeGraph } from './knowledge-graph.js';
import { SqliteGraphRepository, type GraphRepository } from './graph-repository.js';
import { PostgresGraphRepository } from './postgres-graph-repository.js';
import type { IngestItem } from '../store/store.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgUp = await (async () => { const c = new pg.Client(PG_URL); try { await c.connect(); await c.end(); return true; } catch { return false; } })();
const pgSkip = pgUp || process.env.CI === 'true' ? false : `PostgreSQL not reachable at ${PG_URL}`;
const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 20, 14, 23);
const anomaly = (id: string, location: string, kind: string, value: number, ts: number): IngestItem => ({
  event: { source: '/edge/pi-node-2', id, type: 'io.homelab.edge.anomaly', time: ts },
  anomalies: [AnomalySchema.parse({ node: 'pi-node-2', sensor: `dht22-${kind}`, kind, value, unit: '', ts, location, score: 0.9, severity: 'critical', reason: 'level-shift' })],
});

/** The knowledge graph's behaviour on each repository engine. */
function contract(name: string, skip: string | false, make: () => GraphRepository, cleanup: () => Promise<void> = async () => {}) {
  describe(`knowledge graph on ${name}`, { skip }, () => {
    let graph: KnowledgeGraph;
    before(async () => { graph = new KnowledgeGraph(make()); await graph.start(); });
    after(async () => { await graph.stop(); await cleanup(); });

    test('incident grouping, annotation, and a similar later incident linked to the root cause', async () => {
      await graph.onData([anomaly('a1', 'warehouse-b', 'temperature', 28, T0), anomaly('a2', 'warehouse-b', 'humidity', 34, T0 + 60_000)]);
      await graph.onData([anomaly('a3', 'warehouse-b', 'temperature', 30.3, T0 + 10 * 60_000)]);
      const [first] = await graph.repo.entities({ type: 'incident' });
      assert.equal(first?.props.count, 3);
      assert.deepEqual(first?.props.kinds, ['humidity', 'temperature']);
      await graph.annotate(first!.id, { root_cause: 'HVAC malfunction', resolution: 'relay replaced' }, T0 + H);
      await graph.onData([anomaly('b1', 'warehouse-b', 'temperature', 29, T0 + 30 * H), anomaly('c1', 'warehouse-c', 'pressure', 990, T0 + 31 * H)]);
      const incidents = await graph.repo.entities({ type: 'incident' });
      assert.equal(incidents.length, 3);
      const later = incidents.find((i) => i.props.place === 'warehouse-b' && i.id !== first!.id)!;
      const similar = await graph.similarIncidents(later.id);
      assert.equal(similar[0]?.root_cause, 'HVAC malfunction');
      assert.equal(similar[0]?.resolution, 'relay replaced');
      const other = incidents.find((i) => i.props.place === 'warehouse-c')!;
      assert.equal((await graph.similarIncidents(other.id)).length, 0);
      const n = await graph.neighbourhood('node:pi-node-2', 1);
      assert.ok(n.neighbours.some((e) => e.id === 'location:warehouse-b'));
    });
  });
}

contract('sqlite', false, () => new SqliteGraphRepository(':memory:'));
const schema = `test_graph_${process.pid}_${Date.now()}`;
contract('postgres', pgSkip, () => new PostgresGraphRepository(PG_URL, schema), async () => {
  const c = new pg.Client(PG_URL);
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
});
