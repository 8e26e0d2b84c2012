import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ReadingSchema } from '../../../core/schemas.js';
import { EventType } from '../../../core/event-types.js';
import type { IngestItem } from '../store.js';
import { storeContract } from '../store-contract.js';
import { blocksContract } from '../blocks-contract.js';
import { PostgresStore } from './postgres-store.js';
import { storeModelProperty } from '../store-model.js';
import { tiersProperty } from '../tiers-property.js';

// Runs against a real server: trust auth on the local default, or TEST_DATABASE_URL.
const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The URL without its password, for messages. */
const shownUrl = URL.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Each test file run gets its own schemas, dropped at the end, so runs never see each other's rows. */
const schemas: string[] = [];
const freshSchema = (): string => {
  const name = `test_${randomBytes(6).toString('hex')}`;
  schemas.push(name);
  return name;
};

const unreachable = await reachable();
if (unreachable !== undefined) {
  const reason = `PostgreSQL not reachable at ${shownUrl}: ${unreachable}`;
  if (process.env.CI === 'true') {
    test('postgres store (CI requires a reachable PostgreSQL)', () => assert.fail(reason));
  } else {
    test('postgres store', { skip: reason }, () => undefined);
  }
} else {
  after(async () => {
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    for (const name of schemas) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await client.end();
  });

  storeContract('postgres', async () => new PostgresStore(URL, { schema: freshSchema(), poolSize: 4 }));
  blocksContract('postgres', async () => new PostgresStore(URL, { schema: freshSchema(), poolSize: 4 }));
  const modelSchemas = new Map<number, string>();
  const modelStore = (run: number) => new PostgresStore(URL, { schema: modelSchemas.get(run) ?? modelSchemas.set(run, freshSchema()).get(run)!, poolSize: 4 });
  storeModelProperty('postgres', modelStore, { runs: 12, concurrent: false });
  tiersProperty('postgres', async () => {
    const schema = freshSchema();
    let tiered = new PostgresStore(URL, { schema, poolSize: 2 });
    await tiered.open();
    const reference = new PostgresStore(URL, { schema, poolSize: 2, tiers: false });
    await reference.open();
    return {
      tiered, reference,
      // What a schema of an older version is: no coarse tier. The next open builds it from the 5-minute rows.
      rebuild: async () => {
        await tiered.close();
        const client = new pg.Client({ connectionString: URL });
        await client.connect();
        await client.query(`DROP TABLE "${schema}".rollups_30m`);
        await client.end();
        tiered = new PostgresStore(URL, { schema, poolSize: 2 });
        await tiered.open();
        return tiered;
      },
      done: async () => { await tiered.close(); await reference.close(); },
    };
  }, { runs: 15 });

  describe('PostgresStore with several replicas', () => {
    const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
    const event = (n: number): IngestItem => ({
      event: { source: '/edge/pi-node-1', id: `race-${n}`, type: EventType.Reading, time: T0 },
      readings: Array.from({ length: 5 }, (_, i) => ReadingSchema.parse({
        node: 'pi-node-1', sensor: `s${n % 7}`, kind: 'temperature', value: n + i, unit: '°C', ts: T0 + n * 1000 + i,
      })),
    });
    const chunks = <T>(xs: T[], size: number): T[][] =>
      Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

    test('two replicas delivering the same events concurrently store each once', async () => {
      const schema = freshSchema();
      const a = new PostgresStore(URL, { schema, poolSize: 4 });
      const b = new PostgresStore(URL, { schema, poolSize: 4 });
      // Opening together also exercises concurrent schema creation.
      await Promise.all([a.open(), b.open()]);
      try {
        const items = Array.from({ length: 200 }, (_, n) => event(n));
        // Same events, opposite order and different batch splits, all batches in flight at once:
        // overlapping transactions on the same ids, series and rollup buckets.
        const results = await Promise.all([
          ...chunks(items, 25).map(async (batch) => ({ batch, statuses: await a.ingest(batch) })),
          ...chunks([...items].reverse(), 10).map(async (batch) => ({ batch, statuses: await b.ingest(batch) })),
        ]);
        const stored = new Map<string, number>();
        for (const { batch, statuses } of results) {
          batch.forEach((item, i) => {
            if (statuses[i] === 'stored') stored.set(item.event.id, (stored.get(item.event.id) ?? 0) + 1);
          });
        }
        assert.equal(stored.size, items.length, 'every event stored by one replica');
        assert.ok([...stored.values()].every((n) => n === 1), 'no event stored twice');
        const counts = await a.counts();
        assert.equal(counts.events, 200);
        assert.equal(counts.readings, 200 * 5, 'readings not doubled');
        const stats = await b.stats({ node: 'pi-node-1', from: T0, to: T0 + 3_600_000 });
        assert.equal(stats.reduce((sum, s) => sum + s.count, 0), 200 * 5, 'rollups not doubled');
        const [latest] = await b.latest({ sensor: 's3' });
        assert.equal(latest?.lastTs, T0 + 199 * 1000 + 4, 'latest is the newest reading of series s3 (n = 199)');
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    test('rejects a schema name that is not a plain identifier, before connecting', async () => {
      const store = new PostgresStore(URL, { schema: 'x"; DROP TABLE y; --' });
      await assert.rejects(store.open(), /invalid PostgreSQL schema name/);
    });
  });
}
