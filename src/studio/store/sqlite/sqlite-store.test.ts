import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AnomalySchema } from '../../../core/schemas.js';
import { EventType } from '../../../core/event-types.js';
import { storeContract } from '../store-contract.js';
import { SqliteStore } from './sqlite-store.js';

storeContract('sqlite (in memory)', async () => new SqliteStore(':memory:'));

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
