import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AnomalySchema, ReadingSchema } from '../../../core/schemas.js';
import { EventType } from '../../../core/event-types.js';
import { storeContract } from '../store-contract.js';
import { blocksContract } from '../blocks-contract.js';
import { SqliteStore } from './sqlite-store.js';
import { storeModelProperty } from '../store-model.js';
import { tiersProperty } from '../tiers-property.js';

storeContract('sqlite (in memory)', async () => new SqliteStore(':memory:'));
blocksContract('sqlite (in memory)', async () => new SqliteStore(':memory:'));

const modelDir = mkdtempSync(join(tmpdir(), 'sqlite-model-'));
after(() => rmSync(modelDir, { recursive: true, force: true }));
storeModelProperty('sqlite (file)', (run) => new SqliteStore(join(modelDir, `m${run}.db`)), { runs: 40, crash: (s) => (s as SqliteStore).abandon() });

test('a file whose anomalies table predates AUTOINCREMENT is migrated: rows and ids kept, ids never reused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  const file = join(dir, 'studio.db');
  const T0 = Date.UTC(2026, 0, 10);
  try {
    // The table as earlier versions created it: a plain rowid, reused once the newest row is deleted.
    const old = new Database(file);
    old.exec(`CREATE TABLE anomalies (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, node TEXT NOT NULL, sensor TEXT NOT NULL,
      kind TEXT NOT NULL, unit TEXT NOT NULL, location TEXT, ts INTEGER NOT NULL, value REAL NOT NULL, score REAL NOT NULL,
      severity TEXT NOT NULL, reason TEXT NOT NULL, reading_id TEXT, explanation TEXT);
      CREATE INDEX anomalies_ts ON anomalies(ts);
      INSERT INTO anomalies (id, event_id, node, sensor, kind, unit, location, ts, value, score, severity, reason)
      VALUES (7, 'old-1', 'pi-node-1', 't1', 'temperature', '°C', 'warehouse-a', ${T0}, 30, 0.9, 'warning', 'spike'),
             (9, 'old-2', 'pi-node-1', 't1', 'temperature', '°C', NULL, ${T0 - 40 * 86_400_000}, 31, 0.9, 'critical', 'spike');`);
    old.close();

    const store = new SqliteStore(file);
    await store.open();
    const rows = await store.anomaliesAfter(0, 10);
    assert.deepEqual(rows.map((r) => [r.seq, r.anomaly.eventId, r.anomaly.location]), [[7, 'old-1', 'warehouse-a'], [9, 'old-2', undefined]]);
    assert.equal((await store.anomalies({ from: T0, to: T0 + 1 })).length, 1, 'the time index still answers');
    await store.enforceRetention({ now: T0, rawMs: 30 * 86_400_000, rollupMs: 365 * 86_400_000 }); // deletes id 9, the newest
    await store.ingest([{ event: { source: '/edge/pi-node-1', id: 'new-1', type: EventType.Anomaly, time: T0 },
      anomalies: [AnomalySchema.parse({ node: 'pi-node-1', sensor: 't1', kind: 'temperature', value: 32, unit: '°C', ts: T0, score: 0.9, severity: 'warning' })] }]);
    assert.deepEqual((await store.anomaliesAfter(7, 10)).map((r) => [r.seq, r.anomaly.eventId]), [[10, 'new-1']]);
    await store.close();

    await store.open(); // a second open finds the table migrated and leaves it alone
    assert.deepEqual((await store.anomaliesAfter(0, 10)).map((r) => r.seq), [7, 10]);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file written with a row per reading is moved into blocks on open: values, severity, score kept; the old table dropped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  const file = join(dir, 'studio.db');
  const T0 = Date.UTC(2026, 0, 10);
  try {
    const old = new Database(file);
    old.exec(`CREATE TABLE series (id INTEGER PRIMARY KEY, node TEXT NOT NULL, sensor TEXT NOT NULL, kind TEXT NOT NULL, unit TEXT NOT NULL,
        location TEXT, first_seen INTEGER NOT NULL, last_ts INTEGER NOT NULL, last_value REAL NOT NULL, UNIQUE (node, sensor));
      CREATE TABLE readings (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, severity TEXT, score REAL, rid TEXT);
      INSERT INTO series VALUES (1, 'pi-node-1', 't1', 'temperature', '°C', 'lab', ${T0}, ${T0 + 2 * 86_400_000}, 22.5);`);
    const insert = old.prepare('INSERT INTO readings VALUES (1, ?, ?, ?, ?, ?)');
    for (let i = 0; i < 3000; i++) insert.run(T0 + i * 60_000, 20 + (i % 50) / 10, i === 7 ? 'critical' : null, i === 7 ? 0.97 : null, i === 8 ? 'pi-node-1:b:8' : null);
    old.close();

    const store = new SqliteStore(file);
    await store.open();
    const rows = await store.readings({ sensor: 't1', from: 0, to: T0 + 3 * 86_400_000, limit: 10_000 });
    assert.equal(rows.length, 3000);
    assert.deepEqual(rows.slice(6, 9).map((r) => [r.ts, r.value, r.severity, r.score]),
      [[T0 + 6 * 60_000, 20.6, null, null], [T0 + 7 * 60_000, 20.7, 'critical', 0.97], [T0 + 8 * 60_000, 20.8, null, null]]);
    assert.equal((await store.counts()).readings, 3000);
    await store.close();
    const db = new Database(file, { readonly: true });
    assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'readings'").pluck().get(), 0);
    assert.ok((db.prepare('SELECT count(*) FROM blocks').pluck().get() as number) >= 3, 'one block per day at least');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after a burst the idle flush leaves about a byte per reading on disk, WAL folded in', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  const file = join(dir, 'studio.db');
  try {
    const store = new SqliteStore(file);
    await store.open();
    const T0 = Date.UTC(2026, 0, 10);
    const N = 100_000;
    for (let p = 0; p < N / 1000; p++) {
      const readings = Array.from({ length: 1000 }, (_, i) => {
        const k = p * 1000 + i;
        return ReadingSchema.parse({ node: `pi-node-${k % 10}`, sensor: `s${(k >> 4) % 5}`, kind: 'temperature', unit: '°C', location: 'warehouse-a',
          value: Number((20 + Math.sin(k / 500) * 3 + (k % 7) / 10).toFixed(2)), ts: T0 + Math.floor(k / 50) * 1000 });
      });
      await store.ingest([{ event: { source: '/bench', id: `p${p}`, type: EventType.Reading, time: T0 }, readings }]);
    }
    await new Promise((r) => setTimeout(r, 1500)); // quiet: the store flushes by itself
    const bytes = ['', '-wal', '-shm'].reduce((sum, ext) => sum + (existsSync(file + ext) ? statSync(file + ext).size : 0), 0);
    assert.ok(bytes / N < 3, `${(bytes / N).toFixed(2)} bytes per reading`);
    assert.equal(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0, 0, 'WAL truncated');
    assert.equal((await store.counts()).readings, N);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const tierDir = mkdtempSync(join(tmpdir(), 'sqlite-tiers-'));
after(() => rmSync(tierDir, { recursive: true, force: true }));
tiersProperty('sqlite (file)', async (run) => {
  const file = join(tierDir, `t${run}.db`);
  let tiered = new SqliteStore(file);
  await tiered.open();
  const reference = new SqliteStore(file, { tiers: false });
  await reference.open();
  return {
    tiered, reference,
    // What an older file is: no coarse tier. The next open builds it from the 5-minute rows.
    rebuild: async () => {
      await tiered.close();
      const raw = new Database(file);
      raw.exec('DROP TABLE rollups_30m');
      raw.close();
      tiered = new SqliteStore(file);
      await tiered.open();
      return tiered;
    },
    done: async () => { await tiered.close(); await reference.close(); },
  };
}, { runs: 30 });
