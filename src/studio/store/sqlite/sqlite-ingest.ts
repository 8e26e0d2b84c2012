import type Database from 'better-sqlite3';
import type { Reading } from '../../../core/schemas.js';
import { ROLLUP_MS, type IngestItem, type IngestStatus } from '../store.js';

/** A point that updates a series' latest value and, for raw readings, its rollup. */
interface SeriesTouch {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | null;
  ts: number;
  value: number;
  /** Earliest time in the batch (first_seen); defaults to `ts`. */
  first?: number;
}

const bucketOf = (ts: number): number => Math.floor(ts / ROLLUP_MS) * ROLLUP_MS;

/**
 * Prepared statements and the transaction that writes a batch of accepted events.
 * Duplicates are detected by the `events` primary key (source, id) inside the same transaction,
 * so concurrent or repeated deliveries store each event once.
 */
export class SqliteIngest {
  private readonly insertEvent;
  private readonly upsertSeries;
  private readonly insertReading;
  private readonly upsertRawRollup;
  private readonly upsertEdgeRollup;
  private readonly insertAnomaly;
  private readonly insertHealth;
  private readonly upsertNode;
  private readonly explain;
  readonly run: (items: IngestItem[]) => IngestStatus[];

  constructor(db: Database.Database) {
    this.insertEvent = db.prepare(
      'INSERT OR IGNORE INTO events (source, id, type, time, received, subject) VALUES (?, ?, ?, ?, ?, ?)');
    this.upsertSeries = db.prepare(`
      INSERT INTO series (node, sensor, kind, unit, location, first_seen, last_ts, last_value)
      VALUES (@node, @sensor, @kind, @unit, @location, @first, @ts, @value)
      ON CONFLICT (node, sensor) DO UPDATE SET
        kind = excluded.kind, unit = excluded.unit,
        location = coalesce(excluded.location, series.location),
        last_value = CASE WHEN excluded.last_ts >= series.last_ts THEN excluded.last_value ELSE series.last_value END,
        last_ts = max(series.last_ts, excluded.last_ts),
        first_seen = min(series.first_seen, excluded.first_seen)
      RETURNING id`);
    this.insertReading = db.prepare(
      'INSERT INTO readings (series_id, ts, value, severity, score, rid) VALUES (?, ?, ?, ?, ?, ?)');
    this.upsertRawRollup = db.prepare(`
      INSERT INTO rollups VALUES (@sid, @bucket, 'raw', @count, @sum, @min, @minTs, @max, @maxTs, @last, @lastTs)
      ON CONFLICT (series_id, bucket) DO UPDATE SET
        count = count + excluded.count, sum = sum + excluded.sum,
        min_ts = CASE WHEN excluded.min < min THEN excluded.min_ts ELSE min_ts END,
        min = min(min, excluded.min),
        max_ts = CASE WHEN excluded.max > max THEN excluded.max_ts ELSE max_ts END,
        max = max(max, excluded.max),
        last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END,
        last_ts = max(last_ts, excluded.last_ts)
      WHERE origin = 'raw'`);
    this.upsertEdgeRollup = db.prepare(`
      INSERT INTO rollups VALUES (@sid, @bucket, 'edge', @count, @sum, @min, @minTs, @max, @maxTs, @last, @lastTs)
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
      VALUES (@eventId, @node, @sensor, @kind, @unit, @location, @ts, @value, @score, @severity, @reason, @readingId, @explanation)`);
    this.insertHealth = db.prepare(
      'INSERT INTO health (node, ts, cpu_pct, mem_pct, temp_c, disk_pct, top) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.upsertNode = db.prepare(`
      INSERT INTO nodes (node, location, first_seen, last_seen, health, health_ts)
      VALUES (@node, @location, @ts, @ts, @health, CASE WHEN @health IS NULL THEN NULL ELSE @ts END)
      ON CONFLICT (node) DO UPDATE SET
        location = coalesce(excluded.location, nodes.location),
        health = CASE WHEN excluded.health_ts >= coalesce(nodes.health_ts, 0) THEN excluded.health ELSE nodes.health END,
        health_ts = max(coalesce(nodes.health_ts, 0), coalesce(excluded.health_ts, 0)),
        last_seen = max(nodes.last_seen, excluded.last_seen),
        first_seen = min(nodes.first_seen, excluded.first_seen)`);
    this.explain = db.prepare('UPDATE anomalies SET explanation = ? WHERE event_id = ?');
    this.run = db.transaction((items: IngestItem[]) => items.map((item) => this.one(item)));
  }

  private one(item: IngestItem): IngestStatus {
    const { event } = item;
    const fresh = this.insertEvent.run(event.source, event.id, event.type, event.time, Date.now(), event.subject ?? null);
    if (fresh.changes === 0) return 'duplicate';
    if (item.readings) this.readings(item.readings);
    for (const a of item.anomalies ?? []) {
      this.touch({ ...a, unit: a.unit, location: a.location ?? null });
      this.insertAnomaly.run({
        eventId: event.id, node: a.node, sensor: a.sensor, kind: a.kind, unit: a.unit, location: a.location ?? null,
        ts: a.ts, value: a.value, score: a.score, severity: a.severity, reason: a.reason,
        readingId: a.reading_id ?? null, explanation: a.explanation ?? null,
      });
    }
    if (item.health) {
      const h = item.health;
      this.insertHealth.run(h.node, h.ts, h.cpu_pct, h.mem_pct, h.temp_c ?? null, h.disk_pct, JSON.stringify(h.top));
      this.upsertNode.run({ node: h.node, location: h.location ?? null, ts: h.ts, health: JSON.stringify(h) });
    }
    if (item.aggregate) this.aggregate(item.aggregate);
    if (item.explanation) this.explain.run(item.explanation.text, item.explanation.anomaly_id);
    return 'stored';
  }

  /**
   * Raw readings: one series upsert per series and one rollup upsert per (series, bucket) per
   * batch, folded in memory first — a row per reading is then the only per-reading write.
   */
  private readings(readings: Reading[]): void {
    const latest = new Map<string, SeriesTouch>();
    for (const r of readings) {
      const key = `${r.node}\u0000${r.sensor}`;
      const cur = latest.get(key);
      const first = Math.min(cur?.first ?? r.ts, r.ts);
      if (!cur || r.ts >= cur.ts) latest.set(key, { node: r.node, sensor: r.sensor, kind: r.kind, unit: r.unit, location: r.location ?? cur?.location ?? null, ts: r.ts, value: r.value, first });
      else cur.first = first;
    }
    const ids = new Map<string, number>();
    for (const [key, touch] of latest) ids.set(key, this.touch(touch));
    const buckets = new Map<string, { sid: number; bucket: number; count: number; sum: number; min: number; minTs: number; max: number; maxTs: number; last: number; lastTs: number }>();
    for (const r of readings) {
      const sid = ids.get(`${r.node}\u0000${r.sensor}`)!;
      this.insertReading.run(sid, r.ts, r.value, r.severity ?? null, r.score ?? null, r.id ?? null);
      const bucket = bucketOf(r.ts);
      const bkey = `${sid}:${bucket}`;
      const b = buckets.get(bkey);
      if (!b) {
        buckets.set(bkey, { sid, bucket, count: 1, sum: r.value, min: r.value, minTs: r.ts, max: r.value, maxTs: r.ts, last: r.value, lastTs: r.ts });
        continue;
      }
      b.count++;
      b.sum += r.value;
      if (r.value < b.min || (r.value === b.min && r.ts < b.minTs)) { b.min = r.value; b.minTs = r.ts; }
      if (r.value > b.max || (r.value === b.max && r.ts < b.maxTs)) { b.max = r.value; b.maxTs = r.ts; }
      if (r.ts >= b.lastTs) { b.last = r.value; b.lastTs = r.ts; }
    }
    for (const b of buckets.values()) this.upsertRawRollup.run(b);
  }

  private aggregate(agg: NonNullable<IngestItem['aggregate']>): void {
    const bucket = bucketOf(agg.window_start);
    for (const s of agg.series) {
      const lastTs = s.last_ts ?? agg.window_end;
      const sid = this.touch({ node: agg.node, sensor: s.sensor, kind: s.kind, unit: s.unit, location: s.location ?? null, ts: lastTs, value: s.last });
      this.upsertEdgeRollup.run({
        sid, bucket, count: s.count, sum: s.mean * s.count, min: s.min, minTs: s.min_ts ?? agg.window_start,
        max: s.max, maxTs: s.max_ts ?? agg.window_start, last: s.last, lastTs,
      });
    }
  }

  /** Upserts the series and its node; returns the series id. */
  private touch(p: SeriesTouch): number {
    this.upsertNode.run({ node: p.node, location: p.location, ts: p.ts, health: null });
    return (this.upsertSeries.get({ ...p, first: p.first ?? p.ts }) as { id: number }).id;
  }
}
