import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Entity, GraphRepository } from './graph-repository.js';
import { SqliteGraphRepository } from './graph-repository.js';
import { PostgresGraphRepository } from './postgres-graph-repository.js';
import { dropSchema, PG_URL, pgSkipReason, randomSchema } from './graph-test-fixtures.js';

const e = (id: string, props: Record<string, unknown>, first: number, last = first, name = id.split(':')[1]!): Entity =>
  ({ id, type: id.split(':')[0] as Entity['type'], name, props, first_seen: first, last_seen: last });

/** What every GraphRepository engine must do; `reopen` gives a second instance on the same storage. */
function contract(name: string, skip: string | false, make: () => GraphRepository, teardown: () => Promise<void> = async () => {}) {
  describe(`GraphRepository contract: ${name}`, { skip }, () => {
    let repo: GraphRepository;
    before(async () => { repo = make(); await repo.open(); await repo.open(); /* idempotent */ });
    after(async () => { await repo.close(); await teardown(); });

    test('upserting an entity merges props key by key (nulls kept, nested objects replaced) and widens seen-times', async () => {
      await repo.upsertEntity(e('node:pi-node-1', { location: 'warehouse-a', health: { cpu: 30, mem: 40 } }, 2000));
      await repo.upsertEntity(e('node:pi-node-1', { health: { cpu: 35 }, temp_c: null }, 1000, 3000, 'Pi node 1'));
      assert.deepEqual(await repo.entity('node:pi-node-1'), e('node:pi-node-1', { location: 'warehouse-a', health: { cpu: 35 }, temp_c: null }, 1000, 3000, 'Pi node 1'));
      assert.equal(await repo.entity('node:nope'), undefined);
    });

    test('entities filter by type, name or id substring (any case), time overlap and place; newest first', async () => {
      await repo.upsertEntity(e('incident:wb-1', { place: 'warehouse-b' }, 10_000, 12_000, 'incident at warehouse-b'));
      await repo.upsertEntity(e('incident:wb-2', { place: 'warehouse-b' }, 50_000, 51_000, 'incident at warehouse-b'));
      await repo.upsertEntity(e('incident:wc-1', { place: 'warehouse-c' }, 20_000, 21_000, 'incident at warehouse-c'));
      const ids = (es: Entity[]) => es.map((x) => x.id);
      assert.deepEqual(ids(await repo.entities({ type: 'incident' })), ['incident:wb-2', 'incident:wc-1', 'incident:wb-1']);
      assert.deepEqual(ids(await repo.entities({ type: 'incident', place: 'warehouse-b' })), ['incident:wb-2', 'incident:wb-1']);
      assert.deepEqual(ids(await repo.entities({ q: 'WAREHOUSE-C' })), ['incident:wc-1']);
      assert.deepEqual(ids(await repo.entities({ q: 'wb-' })), ['incident:wb-2', 'incident:wb-1'], 'matches ids too');
      assert.deepEqual(ids(await repo.entities({ q: '%' })), [], 'no LIKE wildcards');
      assert.deepEqual(ids(await repo.entities({ type: 'incident', from: 11_000, to: 21_000 })), ['incident:wc-1', 'incident:wb-1']);
      assert.deepEqual(ids(await repo.entities({ type: 'incident', limit: 1 })), ['incident:wb-2']);
    });

    test('relations are keyed by type+from+to, found from either end, filtered by type', async () => {
      await repo.upsertRelation({ type: 'runs', from: 'node:pi-node-1', to: 'process:pi-node-1/ffmpeg', props: { cpu_pct: 80, mem_pct: 20 }, first_seen: 1000, last_seen: 1000 });
      await repo.upsertRelation({ type: 'runs', from: 'node:pi-node-1', to: 'process:pi-node-1/ffmpeg', props: { cpu_pct: 90 }, first_seen: 2000, last_seen: 2000 });
      await repo.upsertRelation({ type: 'located_in', from: 'node:pi-node-1', to: 'location:warehouse-a', props: {}, first_seen: 500, last_seen: 1500 });
      const rels = await repo.relations('node:pi-node-1');
      assert.deepEqual(rels.map((r) => r.type), ['runs', 'located_in']);
      assert.deepEqual(rels[0], { type: 'runs', from: 'node:pi-node-1', to: 'process:pi-node-1/ffmpeg', props: { cpu_pct: 90, mem_pct: 20 }, first_seen: 1000, last_seen: 2000 });
      assert.deepEqual((await repo.relations('location:warehouse-a')).map((r) => r.from), ['node:pi-node-1']);
      assert.deepEqual((await repo.relations('node:pi-node-1', 'located_in')).length, 1);
      assert.deepEqual((await repo.relationsOfType('runs')).map((r) => r.to), ['process:pi-node-1/ffmpeg']);
    });

    test('upsertAll merges as the same upserts one by one would, repeats of a key within the call included', async () => {
      assert.ok(repo.upsertAll, 'every engine has upsertAll');
      await repo.upsertEntity(e('sensor:pi-node-5/t', { kind: 'temperature', baseline: 20 }, 5000));
      await repo.upsertAll!([
        e('sensor:pi-node-5/t', { baseline: 21, baseline_ts: 6000 }, 6000),
        e('node:pi-node-5', { location: 'lab' }, 6000),
        e('sensor:pi-node-5/t', { baseline: 22, note: null }, 4000, 7000, 'T'),
      ], [
        { type: 'attached_to', from: 'sensor:pi-node-5/t', to: 'node:pi-node-5', props: { a: 1 }, first_seen: 6000, last_seen: 6000 },
        { type: 'attached_to', from: 'sensor:pi-node-5/t', to: 'node:pi-node-5', props: { b: 2 }, first_seen: 5000, last_seen: 7000 },
      ]);
      assert.deepEqual(await repo.entity('sensor:pi-node-5/t'), e('sensor:pi-node-5/t', { kind: 'temperature', baseline: 22, baseline_ts: 6000, note: null }, 4000, 7000, 'T'));
      assert.deepEqual(await repo.entity('node:pi-node-5'), e('node:pi-node-5', { location: 'lab' }, 6000));
      assert.deepEqual((await repo.relations('node:pi-node-5', 'attached_to'))[0], { type: 'attached_to', from: 'sensor:pi-node-5/t', to: 'node:pi-node-5', props: { a: 1, b: 2 }, first_seen: 5000, last_seen: 7000 });
      await repo.upsertAll!([], []);
    });

    test('history is append-only, oldest first, and the limit keeps the latest', async () => {
      for (const [ts, event] of [[3, 'c'], [1, 'a'], [2, 'b']] as const) await repo.appendHistory({ entity_id: 'incident:wb-1', ts, event, props: { n: ts } });
      assert.deepEqual((await repo.history('incident:wb-1')).map((h) => h.event), ['a', 'b', 'c']);
      assert.deepEqual(await repo.history('incident:wb-1', 2), [{ entity_id: 'incident:wb-1', ts: 2, event: 'b', props: { n: 2 } }, { entity_id: 'incident:wb-1', ts: 3, event: 'c', props: { n: 3 } }]);
    });

    test('anomaly keys: marked once (the first incident stays), answered in bulk; cursors only move forward', async () => {
      assert.deepEqual(await repo.attachedAnomalies([]), new Map());
      await repo.markAttached('pi-node-2/t@1', 'anomaly:/edge/pi-node-2:a1', 'incident:wb-1');
      await repo.markAttached('pi-node-2/t@1', 'anomaly:/edge/pi-node-2:a1', 'incident:other');
      await repo.markAttached('pi-node-2/h@2', 'anomaly:/edge/pi-node-2:a2', 'incident:wb-1');
      assert.deepEqual(await repo.attachedAnomalies(['pi-node-2/t@1', 'pi-node-2/h@2', 'nope@3']), new Map([['pi-node-2/t@1', 'incident:wb-1'], ['pi-node-2/h@2', 'incident:wb-1']]));
      assert.equal(await repo.cursor('test'), undefined);
      await repo.advanceCursor('test', 5000);
      await repo.advanceCursor('test', 4000);
      assert.equal(await repo.cursor('test'), 5000, 'a replica behind does not move it back');
      await repo.advanceCursor('test', 6000.4);
      assert.equal(await repo.cursor('test'), 6000);
    });

    test('withLock runs holders of one key one at a time, and passes results and errors through', async () => {
      const trace: string[] = [];
      const hold = (tag: string) => repo.withLock('incident:warehouse-b', async () => {
        trace.push(`${tag}+`);
        await new Promise((r) => setTimeout(r, 20));
        trace.push(`${tag}-`);
        return tag;
      });
      assert.deepEqual(await Promise.all([hold('a'), hold('b')]), ['a', 'b']);
      assert.deepEqual(trace, ['a+', 'a-', 'b+', 'b-']);
      await assert.rejects(repo.withLock('k', async () => { throw new Error('boom'); }), /boom/);
      assert.equal(await repo.withLock('k', async () => 42), 42, 'a failed holder releases the lock');
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'graph-repo-'));
contract('sqlite file', false, () => new SqliteGraphRepository(join(dir, 'graph.db')), async () => rmSync(dir, { recursive: true, force: true }));
const shared = new Database(':memory:');
contract('sqlite, shared Database', false, () => new SqliteGraphRepository(shared));

const pgSkip = await pgSkipReason();
const schema = randomSchema('test_graph_repo');
const pool = pgSkip ? undefined : new pg.Pool({ connectionString: PG_URL, max: 4 });
contract('postgres (pool)', pgSkip, () => new PostgresGraphRepository(pool!, schema), async () => { await pool?.end(); await dropSchema(schema); });

describe('SqliteGraphRepository storage', () => {
  test('what was written is there after closing and reopening the file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'graph-reopen-'));
    try {
      const a = new SqliteGraphRepository(join(d, 'studio.db'));
      await a.open();
      await a.upsertEntity(e('root_cause:hvac-malfunction', {}, 1, 1, 'HVAC malfunction'));
      await a.close();
      const b = new SqliteGraphRepository(join(d, 'studio.db'));
      await b.open();
      assert.equal((await b.entity('root_cause:hvac-malfunction'))?.name, 'HVAC malfunction');
      await b.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  test('a shared Database stays open for its owner; tables from the earlier unprefixed layout are carried over', async () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE entities (id TEXT PRIMARY KEY, type TEXT, name TEXT, props TEXT, first_seen INTEGER, last_seen INTEGER);
      CREATE TABLE relations (type TEXT, src TEXT, dst TEXT, props TEXT, first_seen INTEGER, last_seen INTEGER);
      INSERT INTO entities VALUES ('location:warehouse-b', 'location', 'warehouse-b', '{}', 1, 2);
      INSERT INTO relations VALUES ('located_in', 'node:pi-node-2', 'location:warehouse-b', '{}', 1, 2);`);
    const repo = new SqliteGraphRepository(db);
    await repo.open();
    assert.equal((await repo.entity('location:warehouse-b'))?.name, 'warehouse-b');
    assert.equal((await repo.relations('location:warehouse-b')).length, 1);
    await repo.close();
    assert.equal(db.open, true);
    db.close();
  });
});

describe('PostgresGraphRepository across replicas', { skip: pgSkip }, () => {
  test('two repositories on one schema share rows and the lock', async () => {
    const s = randomSchema('test_graph_replicas');
    const a = new PostgresGraphRepository(PG_URL, s);
    const b = new PostgresGraphRepository(PG_URL, s);
    try {
      await Promise.all([a.open(), b.open()]);
      await a.upsertEntity(e('node:pi-node-9', { location: 'lab' }, 1));
      assert.equal((await b.entity('node:pi-node-9'))?.props.location, 'lab');
      const trace: string[] = [];
      const hold = (r: GraphRepository, tag: string) => r.withLock('incident:lab', async () => {
        trace.push(`${tag}+`);
        await new Promise((res) => setTimeout(res, 50));
        trace.push(`${tag}-`);
      });
      await Promise.all([hold(a, 'a'), hold(b, 'b')]);
      assert.ok(trace.join() === 'a+,a-,b+,b-' || trace.join() === 'b+,b-,a+,a-', trace.join());
    } finally {
      await a.close();
      await b.close();
      await dropSchema(s);
    }
  });
});
