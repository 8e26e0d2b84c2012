import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { StudioServer } from '../server.js';
import { STUDIO_FILES } from './sqlite-backup.js';
import { backupPostgres, restorePostgres } from './postgres-backup.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { ReadingSchema } from '../../core/schemas.js';
import { sealArtifact } from '../../core/model-artifact.js';
import { PostgresModelRepository } from '../models/postgres-model-repository.js';
import { PostgresHeldReadings } from '../clock-hold/postgres-held-readings.js';
import { CommandQueue } from '../commands/command-queue.js';
import { PostgresCommandStore } from '../commands/postgres-command-store.js';

const bin = fileURLToPath(new URL('../../../bin/homelab.mjs', import.meta.url));
const run = promisify(execFile);
const homelab = (args: string[]) => run(process.execPath, [bin, ...args], { env: { ...process.env, HOMELAB_DEBUG: '' }, timeout: 120_000 });

/** Every table of a SQLite file: its rows as sorted JSON lines (blobs as hex), so two files compare by content. */
function contents(path: string): Record<string, string[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT * FROM "${t}"`).all() as object[]).map((r) => JSON.stringify(r, (_k, v: unknown) => { const b = v as { type?: string; data?: number[] } | null; return b && b.type === 'Buffer' && Array.isArray(b.data) ? Buffer.from(b.data).toString('hex') : v; })).sort()]));
  } finally {
    db.close();
  }
}

/** A sealed model artifact (what a training or an upload stores). */
const sampleArtifact = (now: number) => sealArtifact({
  id: 'detector-baseline-temperature-v1', name: 'detector-baseline-temperature', version: 1, model_type: 'detector_baseline', target: 'temperature', created_at: now,
  trained_on: { from: now - 86_400_000, to: now }, params: { holdout: 0.2 }, metrics: { series: 1 },
  series: [{ node: 'pi-bk', sensor: 's0', kind: 'temperature', unit: '°C', location: 'lab', window: { from: now - 86_400_000, to: now }, points: 288, sample_interval_ms: 5000, baseline: { level: 21.5 }, metrics: {} }],
});

const event = (i: number, now: number) => ({
  specversion: '1.0', id: `bk-${i}`, source: '/edge/pi-bk', type: 'io.homelab.edge.reading',
  data: { readings: Array.from({ length: 50 }, (_, k) => ({ node: 'pi-bk', sensor: `s${k % 5}`, kind: 'temperature', unit: '°C', location: 'lab', value: i + k / 100, ts: now - 3_600_000 + i * 50 + k })) },
});

test('homelab backup while the studio ingests, homelab restore into a fresh directory: consistent, and a quiet backup gives back every table', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'backup-'));
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data') });
  await studio.start();
  try {
    const post = (body: unknown) => fetch(`${studio.url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(body) });
    const now = Date.now();
    // An alert rule with a channel, and some data, before the backup starts.
    const rule = await fetch(`${studio.url}/api/v1/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'hot lab', severity: 'warning', filter: { location: 'lab' }, condition: { type: 'threshold', op: '>', value: 30 }, channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }] }) });
    assert.equal(rule.status, 201);
    let i = 0;
    for (; i < 20; i++) assert.equal((await post(event(i, now))).status, 202);
    const ackedBefore = i * 50;
    // Ingest goes on while the backup runs in another process.
    let ingesting = true;
    const ingest = (async () => { while (ingesting) { assert.equal((await post(event(i, now))).status, 202); i++; } })();
    const live = join(dir, 'live.tar.gz');
    const out = await homelab(['backup', '--data-dir', join(dir, 'data'), '--out', live]);
    ingesting = false;
    await ingest;
    assert.match(out.stdout, /backup written to .*live\.tar\.gz/);
    const afterLive = i * 50;
    await homelab(['restore', live, '--data-dir', join(dir, 'restored-live')]);
    const liveCopy = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'restored-live') });
    await liveCopy.start();
    try {
      const got = await liveCopy.store.readings({ node: 'pi-bk', from: 0, to: now + 86_400_000, limit: 1e6 });
      assert.ok(got.length >= ackedBefore, `every reading acknowledged before the backup began is in it (${got.length} ≥ ${ackedBefore})`);
      assert.ok(got.length <= afterLive && got.length % 50 === 0, `whole events only, none made up (${got.length} of ${afterLive})`);
      const all = new Set((await studio.store.readings({ node: 'pi-bk', from: 0, to: now + 86_400_000, limit: 1e6 })).map((r) => `${r.sensor}@${r.ts}=${r.value}`));
      assert.ok(got.every((r) => all.has(`${r.sensor}@${r.ts}=${r.value}`)), 'every restored reading is one the studio stored');
      assert.equal((await liveCopy.store.counts()).events, got.length / 50, 'events and readings from one snapshot');
      assert.equal((await (await fetch(`${liveCopy.url}/api/v1/alerts`)).json() as { rules: { name: string }[] }).rules[0]?.name, 'hot lab');
    } finally {
      await liveCopy.stop();
    }

    // A trained model, a node's deployment and commands waiting for an offline node: in the backup too.
    await studio.models!.upload(sampleArtifact(now));
    await studio.models!.record({ node: 'pi-bk', model_id: 'detector-baseline-temperature-v1', version: 1, state: 'shadow', ts: now });
    const waiting = await studio.commands!.send('pi-away', 'ping', {}, { ttlMs: 3_600_000 });
    // Quiet: the idle flush done, a backup, a restore, and every table of every file compared.
    await studio.store.flush?.();
    const quiet = join(dir, 'quiet.tar.gz');
    await homelab(['backup', '--data-dir', join(dir, 'data'), '--out', quiet]);
    await homelab(['restore', quiet, '--data-dir', join(dir, 'restored')]);
    for (const f of STUDIO_FILES) {
      const [a, b] = [contents(join(dir, 'data', f)), contents(join(dir, 'restored', f))];
      assert.ok(Object.keys(a).length > 0, `${f} has tables`);
      assert.deepEqual(b, a, `${f}: every table the same`);
    }
    const restored = { models: contents(join(dir, 'restored', 'models.db')), commands: contents(join(dir, 'restored', 'commands.db')) };
    assert.equal(restored.models.models?.length, 1, 'the model is in the restored models.db');
    assert.equal(restored.models.model_deployments?.length, 1, 'and the node\'s deployment');
    assert.ok(restored.commands.commands?.some((r) => r.includes(waiting.id) && r.includes('"state":"queued"')), 'the command waiting for pi-away is in the restored commands.db, still queued');
    // Restoring over data, or from a file that is not a backup, is one line and exit 2.
    const over = await homelab(['restore', quiet, '--data-dir', join(dir, 'restored')]).catch((e: { code: number; stderr: string }) => e);
    assert.equal((over as { code: number }).code, 2);
    assert.match((over as { stderr: string }).stderr, /already holds studio data .* --force/);
    writeFileSync(join(dir, 'junk'), 'not a backup');
    const junk = await homelab(['restore', join(dir, 'junk'), '--data-dir', join(dir, 'x')]).catch((e: { code: number; stderr: string }) => e);
    assert.equal((junk as { code: number }).code, 2);
    assert.match((junk as { stderr: string }).stderr, /not a homelab backup/);
  } finally {
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: a logical backup while ingesting restores into a fresh schema with every table the same', { timeout: 120_000 }, async (t) => {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try { await probe.connect(); } catch (err) {
    const why = `PostgreSQL not reachable at ${url} (${(err as Error).message})`;
    if (process.env.CI === 'true') assert.fail(why);
    t.skip(why);
    return;
  }
  const tag = `${process.pid}_${Date.now() % 1e8}`;
  const [src, dst] = [`bk_src_${tag}`, `bk_dst_${tag}`];
  const dir = mkdtempSync(join(tmpdir(), 'pg-backup-'));
  const store = new PostgresStore(url, { schema: src });
  try {
    await store.open();
    const now = Date.now();
    const batch = (i: number) => [{ event: { source: '/edge/pi-pg', id: `pg-${i}`, type: 'io.homelab.edge.reading', time: now }, readings: event(i, now).data.readings.map((r) => ReadingSchema.parse(r)) }];
    for (let i = 0; i < 10; i++) await store.ingest(batch(i));
    // The studio's models live in the same schema on PostgreSQL: they go into the backup with the rest.
    const models = new PostgresModelRepository(url, src);
    await models.open();
    await models.insert(sampleArtifact(now));
    await models.setDeployment({ node: 'pi-pg', model_id: 'detector-baseline-temperature-v1', version: 1, state: 'active', reason: null, updated_at: now, command_id: 'cmd_x' });
    await models.close();
    // Every part's tables exist in a studio's schema (the clock hold's too, even empty): the restore makes them all.
    const held = new PostgresHeldReadings(url, src);
    await held.open();
    await held.close();
    // Commands waiting for an offline node, and one answered: in the backup, and back after a restore.
    const commands = new CommandQueue({ store: new PostgresCommandStore(url, src) });
    await commands.open();
    const waiting = await commands.send('pi-away', 'ping', { n: 1 }, { ttlMs: 3_600_000 });
    const answered = await commands.send('pi-pg', 'ping', {}, { ttlMs: 3_600_000 });
    await commands.next('pi-pg', [], 0);
    await commands.complete('pi-pg', answered.id, { ok: true, result: { pong: true } }, 13);
    await commands.close();
    let ingesting = true;
    let n = 10;
    const ingest = (async () => { while (ingesting) await store.ingest(batch(n++)); })();
    const file = join(dir, 'pg.tar.gz');
    const manifest = await backupPostgres(url, src, file);
    ingesting = false;
    await ingest;
    assert.ok((manifest.tables[src]!.events ?? 0) >= 10);
    await restorePostgres(file, url, dst, false);
    // The restored schema equals the snapshot: the manifest's counts, and for the quiet copy below every row.
    await store.flush?.();
    const quiet = join(dir, 'quiet.tar.gz');
    await backupPostgres(url, src, quiet);
    await restorePostgres(quiet, url, dst, true);
    const tables = (await probe.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'", [src])).rows.map((r) => r.table_name);
    assert.ok(tables.length >= 5);
    assert.ok(tables.includes('models') && tables.includes('model_deployments'), `models and deployments in the schema (${tables.join(', ')})`);
    const restoredModels = new PostgresModelRepository(url, dst);
    await restoredModels.open();
    try {
      assert.equal((await restoredModels.get('detector-baseline-temperature-v1'))?.checksum, sampleArtifact(now).checksum, 'the model restored whole');
      assert.equal((await restoredModels.deployments())[0]?.state, 'active');
    } finally {
      await restoredModels.close();
    }
    for (const table of tables) {
      const rows = async (s: string) => (await probe.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${s}"."${table}" t`)).rows.map((r) => r.j).sort();
      assert.deepEqual(await rows(dst), await rows(src), `${table}: every row the same`);
    }
    assert.ok(tables.includes('commands') && tables.includes('command_channels'), `the command queue in the schema (${tables.join(', ')})`);
    const restoredCommands = new CommandQueue({ store: new PostgresCommandStore(url, dst) });
    await restoredCommands.open();
    try {
      assert.equal((await restoredCommands.get(waiting.id))?.state, 'queued', 'the command for pi-away still waits after the restore');
      assert.deepEqual((await restoredCommands.get(answered.id))?.result, { pong: true });
      assert.deepEqual((await restoredCommands.next('pi-away', [], 0)).map((c) => c.id), [waiting.id], 'and the node gets it when it polls');
    } finally {
      await restoredCommands.close();
    }
    await assert.rejects(restorePostgres(quiet, url, dst, false), /already holds studio data/);
  } finally {
    await store.close().catch(() => undefined);
    for (const s of [src, dst]) await probe.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    await probe.end();
    rmSync(dir, { recursive: true, force: true });
  }
});
