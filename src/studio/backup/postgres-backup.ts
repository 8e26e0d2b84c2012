import pg from 'pg';
import { PostgresGoalRepository } from '../goals/postgres-goal-repository.js';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { packArchive, unpackArchive } from './archive.js';
import type { BackupManifest } from './sqlite-backup.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { PostgresAlertRepository } from '../alerts/postgres-repository.js';
import { PostgresGraphRepository } from '../graph/postgres-graph-repository.js';
import { PostgresAgentState } from '../agent-state/postgres-agent-state.js';
import { PostgresCrmRepository } from '../crm/postgres-crm-repository.js';
import { PostgresModelRepository } from '../models/postgres-model-repository.js';
import { PostgresHeldReadings } from '../clock-hold/postgres-held-readings.js';
import { PostgresCommandStore } from '../commands/postgres-command-store.js';

/** Rows per INSERT on restore (one JSON array parameter each). */
const RESTORE_CHUNK = 5000;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

async function tablesOf(client: pg.PoolClient | pg.Client, schema: string): Promise<string[]> {
  const r = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name", [schema]);
  return r.rows.map((x) => x.table_name);
}

/**
 * A logical export of the studio's PostgreSQL schema (store, alerts, graph) while it runs: every
 * table read in one REPEATABLE READ, READ ONLY transaction (one snapshot), as one NDJSON file of
 * `row_to_json` rows per table (bytea as hex, numbers exact), plus the identity sequences'
 * positions, in the same archive format as the SQLite backup. Holds a table's rows in memory while
 * it is written: sized for a homelab's studio; for larger ones use `pg_dump`.
 * @example
 * await backupPostgres('postgres://127.0.0.1/test', 'bruno', 'pg-backup.tar.gz');
 */
export async function backupPostgres(url: string, schema: string, out: string): Promise<BackupManifest & { sequences?: Record<string, string> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesOf(client, schema);
    if (!tables.length) throw new Error(`no studio tables in PostgreSQL schema ${schema}: nothing to back up`);
    const files: { name: string; data: Buffer }[] = [];
    const counts: Record<string, number> = {};
    for (const t of tables) {
      const rows = await client.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${ident(schema)}.${ident(t)} t`);
      counts[t] = rows.rows.length;
      files.push({ name: `pg.${t}.ndjson`, data: Buffer.from(rows.rows.map((r) => r.j).join('\n')) });
    }
    const seq = await client.query<{ sequencename: string; last_value: string | null }>('SELECT sequencename, last_value::text FROM pg_sequences WHERE schemaname = $1', [schema]);
    await client.query('COMMIT');
    const manifest = { format: 'homelab-studio-backup' as const, version: 1 as const, engine: 'postgres' as const, created_at: new Date().toISOString(), tables: { [schema]: counts }, sequences: Object.fromEntries(seq.rows.filter((s) => s.last_value !== null).map((s) => [s.sequencename, s.last_value!])) };
    writeFileSync(`${out}.partial`, packArchive([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) }, ...files]));
    renameSync(`${out}.partial`, out);
    return manifest;
  } finally {
    await client.end();
  }
}

/**
 * Restores a {@link backupPostgres} export into a schema: creates the studio's tables (the
 * store's, alerts', graph's, agents', goals', CRM's, models', held readings' and command queue's own migrations), refuses a schema that holds rows unless `force`
 * (then empties it), inserts every table's rows through `json_populate_recordset` in one
 * transaction, sets the sequences back, and checks each table's count against the manifest.
 * @example
 * await restorePostgres('pg-backup.tar.gz', 'postgres://127.0.0.1/test', 'bruno_restored', false);
 */
export async function restorePostgres(file: string, url: string, schema: string, force: boolean): Promise<BackupManifest> {
  const entries = new Map(unpackArchive(readFileSync(file)).map((e) => [e.name, e.data]));
  const manifest = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? '{}') as BackupManifest & { sequences?: Record<string, string> };
  if (manifest.engine !== 'postgres') throw new Error(`${file} is not a PostgreSQL backup`);
  const counts = Object.values(manifest.tables)[0] ?? {};
  // The schema as the studio makes it: each part's own migrations.
  const store = new PostgresStore(url, { schema });
  await store.open();
  await store.close();
  for (const repo of [new PostgresAlertRepository(url, schema), new PostgresGraphRepository(url, schema), new PostgresAgentState(url, schema), new PostgresGoalRepository(url, schema), new PostgresCrmRepository(url, schema), new PostgresModelRepository(url, schema), new PostgresHeldReadings(url, schema), new PostgresCommandStore(url, schema)]) {
    await repo.open();
    await repo.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const present = await tablesOf(client, schema);
    const tables = Object.keys(counts).filter((t) => present.includes(t));
    const missing = Object.keys(counts).filter((t) => !present.includes(t));
    if (missing.length) throw new Error(`the backup has tables this studio version does not make: ${missing.join(', ')}`);
    for (const t of tables) {
      const has = Number((await client.query(`SELECT count(*) AS n FROM ${ident(schema)}.${ident(t)}`)).rows[0].n);
      if (has && !force) throw new Error(`PostgreSQL schema ${schema} already holds studio data (${t}: ${has} rows): restore into an empty schema (DATABASE_SCHEMA), or add --force to replace it`);
    }
    if (force) await client.query(`TRUNCATE ${tables.map((t) => `${ident(schema)}.${ident(t)}`).join(', ')}`);
    for (const t of tables) {
      const text = entries.get(`pg.${t}.ndjson`)?.toString('utf8') ?? '';
      const rows = text ? text.split('\n') : [];
      for (let i = 0; i < rows.length; i += RESTORE_CHUNK) {
        await client.query(`INSERT INTO ${ident(schema)}.${ident(t)} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${ident(schema)}.${ident(t)}, $1::json)`, [`[${rows.slice(i, i + RESTORE_CHUNK).join(',')}]`]);
      }
      const n = Number((await client.query(`SELECT count(*) AS n FROM ${ident(schema)}.${ident(t)}`)).rows[0].n);
      if (n !== counts[t]) throw new Error(`restore of ${t}: ${n} rows, the backup has ${counts[t]}`);
    }
    for (const [name, value] of Object.entries(manifest.sequences ?? {})) {
      await client.query('SELECT setval($1::regclass, $2::bigint)', [`${ident(schema)}.${ident(name)}`, value]);
    }
    await client.query('COMMIT');
    return manifest;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
