import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import type { IngestItem, IngestStatus } from '../store.js';
import { planIngest, type IngestPlan, type RollupDelta } from './batch.js';

/** Readings per INSERT statement: bounds the size of one bound array and one protocol message. */
const READINGS_PER_STATEMENT = 20_000;
/** Whole-transaction attempts on deadlock / serialization failure (should not happen, see lock order). */
const ATTEMPTS = 4;
const RETRYABLE = new Set(['40P01', '40001']);

const int = (xs: readonly number[]): number[] => xs.map((x) => Math.round(x));
/**
 * A named statement: pg prepares it once per connection, so these wide `unnest` statements are
 * parsed and planned once instead of on every batch. The name is derived from the text (which
 * includes the schema), so stores on different schemas never collide.
 */
const named = (text: string): Pick<QueryConfig, 'name' | 'text'> =>
  ({ name: `homelab_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text });
const keyOf = (e: { source: string; id: string }): string => `${e.source}\u0000${e.id}`;

/** SQL of the rollup upserts; `merge` is the SET list, shared shape for raw and edge. */
const rollupSql = (s: string, origin: 'raw' | 'edge', merge: string): string => `
  INSERT INTO ${s}.rollups AS cur (series_id, bucket, origin, count, sum, min, min_ts, max, max_ts, last, last_ts)
  SELECT t.sid, t.bucket, '${origin}', t.count, t.sum, t.min, t.min_ts, t.max, t.max_ts, t.last, t.last_ts
  FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::float8[], $5::float8[], $6::bigint[], $7::float8[],
    $8::bigint[], $9::float8[], $10::bigint[]) AS t(sid, bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
  ORDER BY t.sid, t.bucket
  ON CONFLICT (series_id, bucket) DO UPDATE SET ${merge}`;

/**
 * Writes batches of accepted events to PostgreSQL: one transaction per batch, one multi-row
 * `unnest` statement per table.
 *
 * Dedupe under concurrency: the batch's events are inserted first with `ON CONFLICT DO NOTHING
 * RETURNING`, and only the events that statement returns get their readings written, in the same
 * transaction. When two replicas race on one event id, the second insert waits on the first's
 * uncommitted row; if the first commits, the second sees the conflict and writes nothing; if it rolls
 * back, the second inserts. So an event's readings are written by exactly one transaction.
 *
 * Deadlocks: every transaction locks rows in one global order — events, nodes, series, rollups
 * tables in that order, each statement's rows sorted by key — so two batches overlapping in any
 * order wait on each other instead of deadlocking. A retry on 40P01/40001 remains as a safety net.
 *
 * Anomaly order: a batch with anomalies takes a transaction advisory lock (last, after the row
 * locks above) before inserting them and keeps it to commit. Their ids are thereby drawn in commit
 * order, which is what lets `anomaliesAfter` readers keep a cursor: a committed id never has a lower
 * one still to commit. Anomalies are rare, so serialising just that tail of such batches costs little.
 * @example
 * const writer = new PostgresIngest(pool, '"bruno"');
 * await writer.run([{ event, readings }]); // ['stored']
 */
export class PostgresIngest {
  private readonly sql;
  /** Advisory lock (see the class comment) that orders anomaly ids by commit; one per schema. */
  private readonly anomalySeqLock: string;

  constructor(private readonly pool: Pool, s: string) {
    this.anomalySeqLock = `homelab-studio-anomaly-seq:${s}`;
    this.sql = {
      events: named(`
        INSERT INTO ${s}.events (source, id, type, time, received, subject)
        SELECT t.source, t.id, t.type, t.time, $6, t.subject
        FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS t(source, id, type, time, subject)
        ORDER BY t.source, t.id
        ON CONFLICT (source, id) DO NOTHING
        RETURNING source, id`),
      nodes: named(`
        INSERT INTO ${s}.nodes AS cur (node, location, first_seen, last_seen, health, health_ts)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::jsonb[], $6::bigint[])
          AS t(node, location, first_seen, last_seen, health, health_ts)
        ORDER BY t.node
        ON CONFLICT (node) DO UPDATE SET
          location = coalesce(excluded.location, cur.location),
          health = CASE WHEN excluded.health_ts >= coalesce(cur.health_ts, 0) THEN excluded.health ELSE cur.health END,
          health_ts = greatest(cur.health_ts, excluded.health_ts),
          last_seen = greatest(cur.last_seen, excluded.last_seen),
          first_seen = least(cur.first_seen, excluded.first_seen)`),
      series: named(`
        INSERT INTO ${s}.series AS cur (node, sensor, kind, unit, location, first_seen, last_ts, last_value)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::float8[])
          AS t(node, sensor, kind, unit, location, first_seen, last_ts, last_value)
        ORDER BY t.node, t.sensor
        ON CONFLICT (node, sensor) DO UPDATE SET
          kind = excluded.kind, unit = excluded.unit,
          location = coalesce(excluded.location, cur.location),
          last_value = CASE WHEN excluded.last_ts >= cur.last_ts THEN excluded.last_value ELSE cur.last_value END,
          last_ts = greatest(cur.last_ts, excluded.last_ts),
          first_seen = least(cur.first_seen, excluded.first_seen)
        RETURNING id, node, sensor`),
      readings: named(`
        INSERT INTO ${s}.readings (series_id, ts, value, severity, score, rid)
        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::text[], $5::float8[], $6::text[])`),
      // Raw readings only add to raw buckets: once an edge aggregate covers a bucket it is complete.
      rawRollups: named(rollupSql(s, 'raw', `
          count = cur.count + excluded.count, sum = cur.sum + excluded.sum,
          min_ts = CASE WHEN excluded.min < cur.min THEN excluded.min_ts ELSE cur.min_ts END,
          min = least(cur.min, excluded.min),
          max_ts = CASE WHEN excluded.max > cur.max THEN excluded.max_ts ELSE cur.max_ts END,
          max = greatest(cur.max, excluded.max),
          last = CASE WHEN excluded.last_ts >= cur.last_ts THEN excluded.last ELSE cur.last END,
          last_ts = greatest(cur.last_ts, excluded.last_ts)
        WHERE cur.origin = 'raw'`)),
      // An edge aggregate replaces a raw bucket and merges into an edge one.
      edgeRollups: named(rollupSql(s, 'edge', `
          count = CASE WHEN cur.origin = 'edge' THEN cur.count + excluded.count ELSE excluded.count END,
          sum = CASE WHEN cur.origin = 'edge' THEN cur.sum + excluded.sum ELSE excluded.sum END,
          min_ts = CASE WHEN cur.origin = 'edge' AND cur.min <= excluded.min THEN cur.min_ts ELSE excluded.min_ts END,
          min = CASE WHEN cur.origin = 'edge' THEN least(cur.min, excluded.min) ELSE excluded.min END,
          max_ts = CASE WHEN cur.origin = 'edge' AND cur.max >= excluded.max THEN cur.max_ts ELSE excluded.max_ts END,
          max = CASE WHEN cur.origin = 'edge' THEN greatest(cur.max, excluded.max) ELSE excluded.max END,
          last = CASE WHEN cur.origin = 'edge' AND cur.last_ts > excluded.last_ts THEN cur.last ELSE excluded.last END,
          last_ts = CASE WHEN cur.origin = 'edge' THEN greatest(cur.last_ts, excluded.last_ts) ELSE excluded.last_ts END,
          origin = 'edge'`)),
      anomalies: named(`
        INSERT INTO ${s}.anomalies (event_id, node, sensor, kind, unit, location, ts, value, score, severity, reason, reading_id, explanation)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
          $8::float8[], $9::float8[], $10::text[], $11::text[], $12::text[], $13::text[])`),
      explain: named(`UPDATE ${s}.anomalies SET explanation = $1 WHERE event_id = $2`),
      health: named(`
        INSERT INTO ${s}.health (node, ts, cpu_pct, mem_pct, temp_c, disk_pct, top)
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::jsonb[])`),
    } as const;
  }

  /** Stores the batch in one transaction; answers per item 'stored' or 'duplicate'. */
  async run(items: IngestItem[]): Promise<IngestStatus[]> {
    if (items.length === 0) return [];
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const statuses = await this.write(client, items);
        await client.query('COMMIT');
        return statuses;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => { broken = e; });
        const code = (err as { code?: string }).code;
        if (attempt < ATTEMPTS && code !== undefined && RETRYABLE.has(code)) {
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
          continue;
        }
        throw err;
      } finally {
        // A connection that could not even roll back is dropped rather than returned to the pool.
        client.release(broken);
      }
    }
  }

  private async write(client: PoolClient, items: IngestItem[]): Promise<IngestStatus[]> {
    // The first occurrence of a source+id in the batch is the candidate; later ones are duplicates.
    const first = new Map<string, number>();
    items.forEach((item, i) => { if (!first.has(keyOf(item.event))) first.set(keyOf(item.event), i); });
    const unique = [...first.values()].map((i) => items[i]!.event);
    const inserted = await client.query<{ source: string; id: string }>({ ...this.sql.events, values: [
      unique.map((e) => e.source), unique.map((e) => e.id), unique.map((e) => e.type),
      int(unique.map((e) => e.time)), unique.map((e) => e.subject ?? null), Date.now(),
    ] });
    const isNew = new Set(inserted.rows.map(keyOf));
    const statuses = items.map((item, i): IngestStatus => {
      const key = keyOf(item.event);
      return isNew.has(key) && first.get(key) === i ? 'stored' : 'duplicate';
    });
    const fresh = items.filter((_, i) => statuses[i] === 'stored');
    if (fresh.length > 0) await this.writePlan(client, planIngest(fresh));
    // After the plan: an explanation may arrive in the same batch as its anomaly.
    for (const item of fresh) if (item.explanation) await client.query({ ...this.sql.explain, values: [item.explanation.text, item.explanation.anomaly_id] });
    return statuses;
  }

  private async writePlan(client: PoolClient, plan: IngestPlan): Promise<void> {
    const { nodes, series, readings: r } = plan;
    if (nodes.length > 0) {
      await client.query({ ...this.sql.nodes, values: [
        nodes.map((n) => n.node), nodes.map((n) => n.location), int(nodes.map((n) => n.firstSeen)),
        int(nodes.map((n) => n.lastSeen)), nodes.map((n) => (n.health ? JSON.stringify(n.health) : null)),
        nodes.map((n) => (n.healthTs === null ? null : Math.round(n.healthTs))),
      ] });
    }
    const ids: number[] = [];
    if (series.length > 0) {
      const res = await client.query<{ id: number; node: string; sensor: string }>({ ...this.sql.series, values: [
        series.map((x) => x.node), series.map((x) => x.sensor), series.map((x) => x.kind), series.map((x) => x.unit),
        series.map((x) => x.location), int(series.map((x) => x.firstSeen)), int(series.map((x) => x.lastTs)),
        series.map((x) => x.lastValue),
      ] });
      const byKey = new Map(res.rows.map((row) => [`${row.node}\u0000${row.sensor}`, row.id]));
      for (const x of series) {
        const id = byKey.get(`${x.node}\u0000${x.sensor}`);
        if (id === undefined) throw new Error(`series upsert returned no id for ${x.node}/${x.sensor}`);
        ids.push(id);
      }
    }
    const sid = (slot: number): number => ids[slot]!;
    for (let at = 0; at < r.slot.length; at += READINGS_PER_STATEMENT) {
      const end = at + READINGS_PER_STATEMENT;
      await client.query({ ...this.sql.readings, values: [
        r.slot.slice(at, end).map(sid), int(r.ts.slice(at, end)), r.value.slice(at, end),
        r.severity.slice(at, end), r.score.slice(at, end), r.rid.slice(at, end),
      ] });
    }
    // Raw before edge: an edge aggregate then replaces raw data of its bucket from this very batch,
    // which is what SQLite's in-order upserts end with whichever order the two arrived in.
    if (plan.rawRollups.length > 0) await client.query({ ...this.sql.rawRollups, values: rollupParams(plan.rawRollups, sid) });
    if (plan.edgeRollups.length > 0) await client.query({ ...this.sql.edgeRollups, values: rollupParams(plan.edgeRollups, sid) });
    const an = plan.anomalies;
    if (an.length > 0) {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.anomalySeqLock]);
      const col = <T>(f: (a: (typeof an)[number]['anomaly']) => T): T[] => an.map((x) => f(x.anomaly));
      await client.query({ ...this.sql.anomalies, values: [
        an.map((x) => x.eventId), col((a) => a.node), col((a) => a.sensor), col((a) => a.kind), col((a) => a.unit),
        col((a) => a.location ?? null), int(col((a) => a.ts)), col((a) => a.value), col((a) => a.score),
        col((a) => a.severity), col((a) => a.reason), col((a) => a.reading_id ?? null), col((a) => a.explanation ?? null),
      ] });
    }
    const h = plan.health;
    if (h.length > 0) {
      await client.query({ ...this.sql.health, values: [
        h.map((x) => x.node), int(h.map((x) => x.ts)), h.map((x) => x.cpu_pct), h.map((x) => x.mem_pct),
        h.map((x) => x.temp_c ?? null), h.map((x) => x.disk_pct), h.map((x) => JSON.stringify(x.top)),
      ] });
    }
  }
}

function rollupParams(rows: RollupDelta[], sid: (slot: number) => number): unknown[] {
  return [
    rows.map((x) => sid(x.slot)), rows.map((x) => x.bucket), rows.map((x) => x.count), rows.map((x) => x.sum),
    rows.map((x) => x.min), int(rows.map((x) => x.minTs)), rows.map((x) => x.max), int(rows.map((x) => x.maxTs)),
    rows.map((x) => x.last), int(rows.map((x) => x.lastTs)),
  ];
}
