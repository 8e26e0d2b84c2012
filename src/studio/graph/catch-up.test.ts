import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import type { IngestItem, StudioStore } from '../store/store.js';
import { ARRIVAL_CURSOR, SEQ_CURSOR } from './catch-up.js';
import type { GraphRepository } from './graph-repository.js';
import { SqliteGraphRepository } from './graph-repository.js';
import { PostgresGraphRepository } from './postgres-graph-repository.js';
import { KnowledgeGraph } from './knowledge-graph.js';
import { anomalyItem, dropSchema, HOUR, MIN, PG_URL, pgSkipReason, randomSchema, T0 } from './graph-test-fixtures.js';

const NOW = T0 + 2 * HOUR;
const DAY = 24 * HOUR;

/** One engine's storage: a real store and graph repositories over the same database, made afresh per test. */
interface Storage {
  store: StudioStore;
  /** A new repository instance on the same storage (a restarted studio). */
  repo(): GraphRepository;
  /** Whether two repositories may write at once (PostgreSQL replicas); one process owns a SQLite file. */
  replicas: boolean;
  /** Drops the anomaly-key table, as a graph written before it existed would lack it. */
  forgetKeys(): Promise<void>;
  cleanup(): Promise<void>;
}

/** The same anomaly as it came from a non-edge source (a bridge): its graph id is not the one a replay would guess. */
const bridged = (item: IngestItem): IngestItem => ({ ...item, event: { ...item.event, source: '/custom/bridge' } });

/** Stores events the way the ingestor does, but with no graph listening: a crash before the graph saw them. */
const storeOnly = async (s: Storage, ...items: IngestItem[]) => assert.ok((await s.store.ingest(items)).every((x) => x === 'stored'));

function catchUpSuite(name: string, skip: string | false, make: () => Promise<Storage>) {
  describe(`KnowledgeGraph catch-up: ${name}`, { skip }, () => {
    let s: Storage;
    const graphs: KnowledgeGraph[] = [];
    /** A studio start: a new graph over the storage, caught up from the store. */
    const start = async (settle = true) => {
      const g = new KnowledgeGraph(s.repo(), () => NOW, { log: () => undefined });
      graphs.push(g);
      await g.start(s.store);
      if (settle) await g.settled();
      return g;
    };
    /** The persisted cursor, read through a repository of its own (a graph may be running). */
    const cursor = async (name = SEQ_CURSOR) => {
      const repo = s.repo();
      await repo.open();
      try { return await repo.cursor(name); } finally { await repo.close(); }
    };
    /** The sequence number of the newest stored anomaly. */
    const lastSeq = async () => (await s.store.anomaliesAfter(0, 10_000)).at(-1)?.seq ?? 0;
    const stopAll = async () => { for (const g of graphs.splice(0)) await g.stop(); };
    const summary = async (g: KnowledgeGraph) => Promise.all((await g.incidents()).map(async (i) => {
      const d = (await g.incident(i.id))!;
      return `${i.props.place} count=${i.props.count as number} anomalies=${d.anomalies.length} history=${d.history.map((h) => h.event).join(',')}`;
    })).then((x) => x.sort());

    beforeEach(async () => { s = await make(); });
    afterEach(async () => { await stopAll(); await s.cleanup(); });

    test('anomalies stored while no graph ran become incidents on start; starting again adds nothing', async () => {
      await storeOnly(s,
        anomalyItem('a1', { kind: 'temperature', value: 28.1, ts: T0 }),
        anomalyItem('a2', { kind: 'humidity', value: 34.2, ts: T0 + MIN }),
        anomalyItem('a3', { kind: 'temperature', value: 30.3, ts: T0 + 8 * MIN }),
        anomalyItem('c1', { node: 'pi-node-3', location: 'warehouse-c', kind: 'pressure', value: 990, ts: T0 + 3 * MIN }));
      const expected = [
        'warehouse-b count=3 anomalies=3 history=opened,anomaly_added,anomaly_added',
        'warehouse-c count=1 anomalies=1 history=opened',
      ];
      const first = await start();
      assert.deepEqual(await summary(first), expected);
      await stopAll();
      const second = await start();
      assert.deepEqual(await summary(second), expected, 'the same anomalies replayed again change nothing');
      assert.deepEqual(await second.catchUp(s.store), { after: await lastSeq(), through: await lastSeq(), scanned: 0, replayed: 0 }, 'the cursor stands after all four');
    });

    test('after a crash only what the graph missed is replayed, including an anomaly seen live under another source', async () => {
      const g = await start();
      const live = bridged(anomalyItem('x1', { kind: 'temperature', value: 28.1, ts: T0 }));
      await s.store.ingest([live]);
      await g.onData([live]);
      await storeOnly(s, anomalyItem('x2', { kind: 'humidity', value: 33, ts: T0 + 2 * MIN }));
      await stopAll();
      const after = await start();
      assert.deepEqual(await summary(after), ['warehouse-b count=2 anomalies=2 history=opened,anomaly_added']);
      assert.ok(await after.repo.entity('anomaly:/custom/bridge:x1'));
      assert.equal(await after.repo.entity('anomaly:/edge/pi-node-2:x1'), undefined, 'x1 was not placed a second time under the guessed source');
      assert.ok(await after.repo.entity('anomaly:/edge/pi-node-2:x2'), 'a replayed anomaly gets the id the edge source would have given it');
    });

    test('the same anomaly processed twice (or by two replicas at once) joins its incident once', async () => {
      const g = await start();
      const other = s.replicas ? await start() : g;
      const item = anomalyItem('d1', { kind: 'temperature', value: 28.1, ts: T0 });
      await g.onData([item]);
      await g.onData([item]);
      const next = anomalyItem('d2', { kind: 'humidity', value: 33, ts: T0 + MIN });
      await Promise.all([g.onData([next]), other.onData([next]), g.onData([bridged(next)])]);
      assert.deepEqual(await summary(g), ['warehouse-b count=2 anomalies=2 history=opened,anomaly_added']);
    });

    test('a backlog 30 days old (event time) stored while no graph ran is recovered; the cursor persists, so the next start scans only what came after', async () => {
      await start();
      await stopAll();
      const seqBefore = await lastSeq();
      await storeOnly(s,
        anomalyItem('old-1', { kind: 'temperature', value: 29, ts: NOW - 30 * DAY }),
        anomalyItem('old-2', { kind: 'humidity', value: 31, ts: NOW - 30 * DAY + 2 * MIN }),
        anomalyItem('old-3', { node: 'pi-node-3', location: 'warehouse-c', kind: 'pressure', value: 990, ts: NOW - 40 * DAY }));
      const g = await start();
      const expected = [
        'warehouse-b count=2 anomalies=2 history=opened,anomaly_added',
        'warehouse-c count=1 anomalies=1 history=opened',
      ];
      assert.deepEqual(await summary(g), expected);
      assert.equal(await cursor(), await lastSeq(), 'the cursor is the last replayed seq');
      assert.ok((await cursor())! > seqBefore);
      await stopAll();

      const again = await start();
      assert.deepEqual(await summary(again), expected, 'a second start adds nothing');
      await stopAll();
      await storeOnly(s, anomalyItem('old-4', { kind: 'temperature', value: 30, ts: NOW - 30 * DAY + 4 * MIN }));
      const third = new KnowledgeGraph(s.repo(), () => NOW, { log: () => undefined });
      graphs.push(third);
      await third.repo.open();
      assert.deepEqual(await third.catchUp(s.store), { after: await lastSeq() - 1, through: await lastSeq(), scanned: 1, replayed: 1 }, 'only the anomaly stored since is scanned');
      assert.deepEqual(await summary(third), ['warehouse-b count=3 anomalies=3 history=opened,anomaly_added,anomaly_added', expected[1]]);
    });

    test('the cursor passes only anomalies in incidents: one the live path never applied holds it and is replayed on the next start', async () => {
      const g = await start();
      const live1 = anomalyItem('l1', { kind: 'temperature', value: 28, ts: T0 });
      await s.store.ingest([live1]);
      await g.onData([live1]);
      assert.equal(await cursor(), await lastSeq(), 'a live batch moves the cursor over what it applied');
      const held = await lastSeq();
      // Stored, but its batch never reached the graph (a crash in between, or a batch that failed).
      await storeOnly(s, anomalyItem('lost', { kind: 'humidity', value: 33, ts: T0 + MIN }));
      const live2 = anomalyItem('l2', { kind: 'temperature', value: 29, ts: T0 + 2 * MIN });
      await s.store.ingest([live2]);
      await g.onData([live2]);
      await stopAll(); // stop moves the cursor as far as it may
      assert.equal(await cursor(), held, 'held before the anomaly the graph does not have');
      const after = await start();
      assert.deepEqual(await summary(after), ['warehouse-b count=3 anomalies=3 history=opened,anomaly_added,anomaly_added']);
      assert.equal(await cursor(), await lastSeq());
    });

    test('live batches queued while catch-up runs land once, and the cursor ends after both', async () => {
      await storeOnly(s, anomalyItem('b1', { kind: 'temperature', value: 28, ts: NOW - 30 * DAY }));
      const g = await start(false); // catch-up queued, not awaited
      const live = [anomalyItem('v1', { kind: 'humidity', value: 35, ts: NOW - 30 * DAY + MIN }), anomalyItem('b1', { kind: 'temperature', value: 28, ts: NOW - 30 * DAY })];
      await s.store.ingest(live); // b1 again: a duplicate, stored once
      await Promise.all([g.onData(live), g.settled()]);
      await g.stop();
      graphs.splice(0);
      assert.equal(await cursor(), await lastSeq());
      const again = await start();
      assert.deepEqual(await summary(again), ['warehouse-b count=2 anomalies=2 history=opened,anomaly_added']);
    });

    test('a graph whose cursor is an old arrival time is caught up from the start of the store once, then by seq', async () => {
      await storeOnly(s, anomalyItem('o1', { kind: 'temperature', value: 28, ts: NOW - 30 * DAY }));
      const repo = s.repo();
      await repo.open();
      await repo.advanceCursor(ARRIVAL_CURSOR, NOW); // what an earlier version left: a 30-day-old backlog is beyond its look-back
      await repo.close();
      const g = new KnowledgeGraph(s.repo(), () => NOW, { log: () => undefined });
      graphs.push(g);
      await g.repo.open();
      assert.deepEqual(await g.catchUp(s.store), { after: 0, through: await lastSeq(), scanned: 1, replayed: 1 });
      assert.deepEqual(await summary(g), ['warehouse-b count=1 anomalies=1 history=opened']);
      assert.equal(await cursor(), await lastSeq());
    });

    test('a graph built before anomaly keys existed is migrated: its anomalies are not counted again', async () => {
      await start();
      const g = graphs[0]!;
      const items = [anomalyItem('m1', { kind: 'temperature', value: 28.1, ts: T0 }), anomalyItem('m2', { kind: 'humidity', value: 34, ts: T0 + MIN })].map(bridged);
      await storeOnly(s, ...items);
      await g.onData(items);
      await stopAll();
      await s.forgetKeys();
      const again = await start();
      assert.deepEqual(await summary(again), ['warehouse-b count=2 anomalies=2 history=opened,anomaly_added']);
    });
  });
}

catchUpSuite('sqlite files', false, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graph-catch-up-'));
  const store = new SqliteStore(join(dir, 'studio.db'));
  await store.open();
  return {
    store,
    replicas: false,
    repo: () => new SqliteGraphRepository(join(dir, 'graph.db')),
    forgetKeys: async () => { const db = new Database(join(dir, 'graph.db')); db.exec('DROP TABLE graph_anomaly_keys'); db.close(); },
    cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); },
  };
});

const pgSkip = await pgSkipReason();
if (pgSkip) console.warn(`[graph] skipping the PostgreSQL catch-up suite: ${pgSkip}`);
catchUpSuite('postgres', pgSkip, async () => {
  const schema = randomSchema('test_graph_catch_up');
  const store = new PostgresStore(PG_URL, { schema });
  await store.open();
  const pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
  return {
    store,
    replicas: true,
    repo: () => new PostgresGraphRepository(pool, schema),
    forgetKeys: async () => { await pool.query(`DROP TABLE "${schema}".graph_anomaly_keys`); },
    cleanup: async () => { await store.close(); await pool.end(); await dropSchema(schema); },
  };
});
