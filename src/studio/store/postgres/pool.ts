import type pgTypes from 'pg';
import type { CustomTypesConfig, Pool, PoolClient } from 'pg';
import { migrateBucketIndexes, postgresSchemaSql, quoteSchema } from './schema.js';
import { migrateReadingsTable } from './pg-blocks.js';
import { logger } from '../../../core/logger.js';
import { migrateCoarseTier } from './pg-coarse.js';
import { ingestFunctionSql } from './ingest-fn.js';

const INT8_OID = 20;

/**
 * Type parsers for this store's pool only: bigint (epoch ms, ids, counts) comes back as a JS number,
 * since every value we store is far below 2^53. Set per pool, not globally with `pg.types`, so other
 * pg users in the process keep the default (string) behaviour.
 */
const typesFor = (pg: typeof pgTypes): CustomTypesConfig => ({
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text'),
} as CustomTypesConfig);

/**
 * Opens a pool and creates the schema and its tables if missing. Creation runs under a
 * transaction-scoped advisory lock keyed by the schema name, because concurrent `CREATE … IF NOT
 * EXISTS` from replicas starting together can still fail on PostgreSQL's catalog unique indexes.
 * @example
 * const pool = await openPool('postgres://localhost/homelab', 'bruno', '"bruno"', 10);
 */
export async function openPool(url: string, name: string, quoted: string, max: number): Promise<Pool> {
  return openPoolWithSchema(url, `homelab-studio-schema:${name}`, async (client) => {
    await client.query(postgresSchemaSql(quoted));
    await migrateReadingsTable(client, quoted);
    await migrateCoarseTier(client, quoted);
    await migrateBucketIndexes(client, quoted);
    await client.query(ingestFunctionSql(quoted));
  }, max);
}

/** Schema creation: DDL text, or a function for migrations that must look before they write. */
export type SchemaMigration = string | ((client: PoolClient) => Promise<void>);

/**
 * Runs `migration` in one transaction under a transaction-scoped advisory lock (`lockKey`), on a
 * connection borrowed from `pool`: replicas starting together would otherwise race on `CREATE …
 * IF NOT EXISTS` and fail on PostgreSQL's catalog unique indexes.
 * @example
 * await migrateUnderLock(pool, 'homelab-graph-ddl:"bruno"', 'CREATE TABLE IF NOT EXISTS …');
 */
export async function migrateUnderLock(pool: Pool, lockKey: string, migration: SchemaMigration): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
    if (typeof migration === 'string') await client.query(migration);
    else await migration(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * A pool whose tables are created idempotently under an advisory lock (`lockKey`), for every
 * PostgreSQL-backed part of the studio (store, alerts, graph). bigint comes back as a number.
 * @example
 * const pool = await openPoolWithSchema(url, 'homelab-alerts:"bruno"', 'CREATE TABLE IF NOT EXISTS …', 4);
 */
export async function openPoolWithSchema(url: string, lockKey: string, migration: SchemaMigration, max: number): Promise<Pool> {
  // pg is loaded on first use: a studio on SQLite never pays its start-up cost.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max, types: typesFor(pg) });
  // Without a listener, an idle connection dropped by the server (restart, failover) would be an
  // unhandled 'error' event and crash the process; the pool replaces the connection on next use.
  pool.on('error', (err) => logger('store:postgres').warn({ err }, 'idle connection error'));
  try {
    await migrateUnderLock(pool, lockKey, migration);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return pool;
}

/**
 * A PostgreSQL-backed repository's connection: given a URL it opens and owns a pool of `max`
 * connections (ended by `close`); given the studio's `pg.Pool` it shares it and never ends it.
 * Either way `open` runs the repository's migration once under its advisory lock, and `db` refuses
 * use before `open` (or after `close`) naming the repository.
 * @example
 * const conn = new SchemaPool(urlOrPool, 'PostgresGoalRepository', 'homelab-goals:"bruno"', 'CREATE TABLE IF NOT EXISTS …', 2);
 * await conn.open(); await conn.db.query('SELECT 1'); await conn.close();
 */
export class SchemaPool {
  private pool?: Pool;

  constructor(
    private readonly source: string | Pool,
    private readonly owner: string,
    private readonly lockKey: string,
    private readonly migration: SchemaMigration,
    private readonly max: number,
  ) {}

  async open(): Promise<void> {
    if (this.pool) return;
    if (typeof this.source === 'string') {
      this.pool = await openPoolWithSchema(this.source, this.lockKey, this.migration, this.max);
      return;
    }
    await migrateUnderLock(this.source, this.lockKey, this.migration); // a shared pool: the same migration under the same lock
    this.pool = this.source;
  }

  async close(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    if (typeof this.source === 'string') await p?.end();
  }

  get db(): Pool {
    if (!this.pool) throw new Error(`${this.owner} used before open()`);
    return this.pool;
  }
}

/**
 * Base of the studio's PostgreSQL-backed repositories (goals, CRM, agent state, alerts, models,
 * graph, held readings): the quoted schema `s` and a {@link SchemaPool} whose lock key and
 * migration `setup` derives from it, with `open`, `close` and a guarded `db`.
 * @example
 * class Notes extends SchemaRepository {
 *   constructor(source: string | Pool, schema = 'bruno') {
 *     super(source, 'Notes', schema, 2, (s) => ({ lockKey: `homelab-notes:${s}`, migration: `CREATE TABLE IF NOT EXISTS ${s}.notes (id text)` }));
 *   }
 * }
 */
export abstract class SchemaRepository {
  /** The schema, quoted for SQL. */
  protected readonly s: string;
  private readonly conn: SchemaPool;

  protected constructor(source: string | Pool, owner: string, schema: string, max: number, setup: (s: string) => { lockKey: string; migration: SchemaMigration }) {
    this.s = quoteSchema(schema);
    const { lockKey, migration } = setup(this.s);
    this.conn = new SchemaPool(source, owner, lockKey, migration, max);
  }

  open(): Promise<void> {
    return this.conn.open();
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  protected get db(): Pool {
    return this.conn.db;
  }
}
