import type Database from 'better-sqlite3';
import { concatColumns, planIngest, type IngestPlan, type RollupDelta } from '../plan.js';
import type { IngestItem, IngestStatus } from '../store.js';
import type { SqliteBlocks } from './sqlite-blocks.js';
import type { HeadEntry } from '../head.js';
import { coarseDeltas, coarseOf } from '../tiers.js';
import { RAW_MERGE, SqliteCoarse } from './sqlite-coarse.js';

const keyOf = (e: { source: string; id: string }): string => `${e.source}\u0000${e.id}`;

/**
 * Prepared statements and the transaction that writes a batch of accepted events: one transaction
 * per batch (one or several POSTs), one upsert per node, series and rollup bucket it touches (see
 * planIngest) and the coarse rollups of the 30 minutes it touches kept (see SqliteCoarse.update), and one head log row for all its raw readings (see SqliteBlocks); the readings join
 * their series' in-memory heads once the transaction has committed.
 * Duplicates are detected by the `events` primary key (source, id) inside the same transaction,
 * so concurrent or repeated deliveries store each event once.
 */
export class SqliteIngest {
  private readonly insertEvent;
  private readonly upsertSeries;
  private readonly upsertRawRollup;
  private readonly upsertEdgeRollup;
  private readonly insertAnomaly;
  private readonly insertHealth;
  private readonly upsertNode;
  private readonly explain;
  private readonly coarse;
  private readonly txn: (items: IngestItem[]) => { statuses: IngestStatus[]; heads: HeadEntry[] };

  constructor(db: Database.Database, private readonly blocks: SqliteBlocks) {
    this.insertEvent = db.prepare(
      'INSERT OR IGNORE INTO events (source, id, type, time, received, subject) VALUES (?, ?, ?, ?, ?, ?)');
    this.upsertSeries = db.prepare(`
      INSERT INTO series (node, sensor, kind, unit, location, first_seen, last_ts, last_value)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (node, sensor) DO UPDATE SET
        kind = excluded.kind, unit = excluded.unit,
        location = coalesce(excluded.location, series.location),
        last_value = CASE WHEN excluded.last_ts >= series.last_ts THEN excluded.last_value ELSE series.last_value END,
        last_ts = max(series.last_ts, excluded.last_ts),
        first_seen = min(series.first_seen, excluded.first_seen)
      RETURNING id`).pluck();
    this.upsertRawRollup = db.prepare(`
      INSERT INTO rollups VALUES (?, ?, 'raw', ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (series_id, bucket) DO UPDATE SET ${RAW_MERGE}
      WHERE origin = 'raw'`);
    this.upsertEdgeRollup = db.prepare(`
      INSERT INTO rollups VALUES (?, ?, 'edge', ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (series_id, bucket) DO UPDATE SET
        count = CASE WHEN origin = 'edge' THEN count + excluded.count ELSE excluded.count END,
        sum = CASE WHEN origin = 'edge' THEN sum + excluded.sum ELSE excluded.sum END,
        min_ts = CASE WHEN origin = 'edge' AND min <= excluded.min THEN min_ts ELSE excluded.min_ts END,
        min = CASE WHEN origin = 'edge' THEN min(min, excluded.min) ELSE excluded.min END,
        max_ts = CASE WHEN origin = 'edge' AND max >= excluded.max THEN max_ts ELSE excluded.max_ts END,
        max = CASE WHEN origin = 'edge' THEN max(max, excluded.max) ELSE excluded.max END,
        last = CASE WHEN origin = 'edge' AND last_ts > excluded.last_ts THEN last ELSE excluded.last END,
        last_ts = CASE WHEN origin = 'edge' THEN max(last_ts, excluded.last_ts) ELSE excluded.last_ts END,
        origin = 'edge'`);
    this.insertAnomaly = db.prepare(`
      INSERT INTO anomalies (event_id, node, sensor, kind, unit, location, ts, value, score, severity, reason, reading_id, explanation)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertHealth = db.prepare(
      'INSERT INTO health (node, ts, cpu_pct, mem_pct, temp_c, disk_pct, top) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.upsertNode = db.prepare(`
      INSERT INTO nodes (node, location, first_seen, last_seen, health, health_ts) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (node) DO UPDATE SET
        location = coalesce(excluded.location, nodes.location),
        health = CASE WHEN excluded.health_ts >= coalesce(nodes.health_ts, 0) THEN excluded.health ELSE nodes.health END,
        health_ts = max(coalesce(nodes.health_ts, 0), coalesce(excluded.health_ts, 0)),
        last_seen = max(nodes.last_seen, excluded.last_seen),
        first_seen = min(nodes.first_seen, excluded.first_seen)`);
    this.explain = db.prepare('UPDATE anomalies SET explanation = ? WHERE event_id = ?');
    this.coarse = new SqliteCoarse(db);
    this.txn = db.transaction((items: IngestItem[]) => this.batch(items));
  }

  /** Stores the batch in one transaction; answers per item 'stored' or 'duplicate'. */
  run(items: IngestItem[]): IngestStatus[] {
    const { statuses, heads } = this.txn(items);
    this.blocks.absorb(heads);
    return statuses;
  }

  private batch(items: IngestItem[]): { statuses: IngestStatus[]; heads: HeadEntry[] } {
    const now = Date.now();
    const seen = new Set<string>();
    const fresh: IngestItem[] = [];
    const statuses = items.map((item): IngestStatus => {
      const { event } = item;
      const key = keyOf(event);
      if (seen.has(key)) return 'duplicate';
      seen.add(key);
      if (this.insertEvent.run(event.source, event.id, event.type, event.time, now, event.subject ?? null).changes === 0) return 'duplicate';
      fresh.push(item);
      return 'stored';
    });
    const heads: HeadEntry[] = fresh.length ? this.write(planIngest(fresh)) : [];
    return { statuses, heads };
  }

  private write(plan: IngestPlan): HeadEntry[] {
    for (const n of plan.nodes) {
      this.upsertNode.run(n.node, n.location, n.firstSeen, n.lastSeen, n.health ? JSON.stringify(n.health) : null, n.healthTs);
    }
    const ids = plan.series.map((s) => this.upsertSeries.get(s.node, s.sensor, s.kind, s.unit, s.location, s.firstSeen, s.lastTs, s.lastValue) as number);
    const heads: HeadEntry[] = [];
    for (const [slot, parts] of plan.heads) heads.push({ seriesId: ids[slot]!, cols: concatColumns(parts) });
    this.blocks.log(heads);
    const rollup = (stmt: Database.Statement, d: RollupDelta) =>
      stmt.run(ids[d.slot], d.bucket, d.count, d.sum, d.min, d.minTs, d.max, d.maxTs, d.last, d.lastTs);
    let applied = 0;
    for (const d of plan.rawRollups) applied += rollup(this.upsertRawRollup, d).changes;
    for (const d of plan.edgeRollups) rollup(this.upsertEdgeRollup, d);
    // The coarse rows over every 5-minute bucket just written: merged or recomputed (see SqliteCoarse.update).
    const mergeable = plan.edgeRollups.length === 0 && applied === plan.rawRollups.length;
    this.coarse.update(mergeable ? coarseDeltas(plan.rawRollups, (slot) => ids[slot]!) : undefined, () => {
      const touched = new Map<string, readonly [number, number]>();
      for (const list of [plan.rawRollups, plan.edgeRollups]) {
        for (const d of list) {
          const key = [ids[d.slot]!, coarseOf(d.bucket)] as const;
          touched.set(`${key[0]}:${key[1]}`, key);
        }
      }
      return [...touched.values()];
    });
    for (const { eventId, anomaly: a } of plan.anomalies) {
      this.insertAnomaly.run(eventId, a.node, a.sensor, a.kind, a.unit, a.location ?? null, a.ts, a.value, a.score, a.severity, a.reason,
        a.reading_id ?? null, a.explanation ?? null);
    }
    for (const h of plan.health) this.insertHealth.run(h.node, h.ts, h.cpu_pct, h.mem_pct, h.temp_c ?? null, h.disk_pct, JSON.stringify(h.top));
    for (const e of plan.explanations) this.explain.run(e.text, e.anomaly_id);
    return heads;
  }
}
