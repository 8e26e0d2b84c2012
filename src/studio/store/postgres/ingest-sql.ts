import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/**
 * A named statement: pg prepares it once per connection, so these wide `unnest` statements are
 * parsed and planned once instead of on every batch. The name is derived from the text (which
 * includes the schema), so stores on different schemas never collide.
 */
export const named = (text: string): Pick<QueryConfig, 'name' | 'text'> =>
  ({ name: `homelab_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text });

/**
 * How raw readings merge into an existing rollup row (`cur`, the upsert's `excluded`): counts and
 * sums added, an equal extreme keeps the earlier time, the newer-or-equal time gives the last value.
 * The same for 5-minute rows and, incrementally, for the coarse tier (see pg-coarse.ts).
 */
export const RAW_MERGE = `
        count = cur.count + excluded.count, sum = cur.sum + excluded.sum,
        min_ts = CASE WHEN excluded.min < cur.min OR (excluded.min = cur.min AND excluded.min_ts < cur.min_ts) THEN excluded.min_ts ELSE cur.min_ts END,
        min = least(cur.min, excluded.min),
        max_ts = CASE WHEN excluded.max > cur.max OR (excluded.max = cur.max AND excluded.max_ts < cur.max_ts) THEN excluded.max_ts ELSE cur.max_ts END,
        max = greatest(cur.max, excluded.max),
        last = CASE WHEN excluded.last_ts >= cur.last_ts THEN excluded.last ELSE cur.last END,
        last_ts = greatest(cur.last_ts, excluded.last_ts)`;

/** The rollup rows of a batch from its binary array parameters, inserted as they come. */
const rollupInsert = (s: string, origin: 'raw' | 'edge'): string => `
  INSERT INTO ${s}.rollups AS cur (series_id, bucket, origin, count, sum, min, min_ts, max, max_ts, last, last_ts)
  SELECT t.sid, t.bucket, '${origin}', t.count, t.sum, t.min, t.min_ts, t.max, t.max_ts, t.last, t.last_ts
  FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::float8[], $5::float8[], $6::bigint[], $7::float8[],
    $8::bigint[], $9::float8[], $10::bigint[]) AS t(sid, bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)`;

/** SQL of the rollup upserts; `merge` is the SET list, shared shape for raw and edge. */
const rollupSql = (s: string, origin: 'raw' | 'edge', merge: string): string => `${rollupInsert(s, origin)}
  ORDER BY t.sid, t.bucket
  ON CONFLICT (series_id, bucket) DO UPDATE SET ${merge}`;

/** Every statement the PostgreSQL ingest runs, for schema `s` (already quoted). */
export function ingestStatements(s: string) {
  return {
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
    // Adds this batch's head block to the series' head count, under the row lock the upsert takes.
    series: named(`
      INSERT INTO ${s}.series AS cur (node, sensor, kind, unit, location, first_seen, last_ts, last_value, head_blocks, head_readings)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::float8[],
        $9::int[], $10::int[]) AS t(node, sensor, kind, unit, location, first_seen, last_ts, last_value, head_blocks, head_readings)
      ORDER BY t.node, t.sensor
      ON CONFLICT (node, sensor) DO UPDATE SET
        kind = excluded.kind, unit = excluded.unit,
        location = coalesce(excluded.location, cur.location),
        last_value = CASE WHEN excluded.last_ts >= cur.last_ts THEN excluded.last_value ELSE cur.last_value END,
        last_ts = greatest(cur.last_ts, excluded.last_ts),
        first_seen = least(cur.first_seen, excluded.first_seen),
        head_blocks = cur.head_blocks + excluded.head_blocks,
        head_readings = cur.head_readings + excluded.head_readings
      RETURNING id, node, sensor, head_blocks, head_readings`),
    blocks: named(`
      INSERT INTO ${s}.blocks (series_id, level, t_min, t_max, count, data, ids)
      SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::bigint[], $4::bigint[], $5::int[], $6::bytea[], $7::bytea[])`),
    headOf: named(`
      SELECT id, series_id, level, t_min, data, ids FROM ${s}.blocks
      WHERE series_id = ANY($1::bigint[]) AND level < 2 AND level <= $2 ORDER BY series_id, id`),
    deleteBlocks: named(`DELETE FROM ${s}.blocks WHERE id = ANY($1::bigint[])`),
    recountHeads: named(`
      UPDATE ${s}.series AS cur SET
        head_blocks = (SELECT count(*) FROM ${s}.blocks b WHERE b.series_id = cur.id AND b.level < 2),
        head_readings = (SELECT coalesce(sum(b.count), 0) FROM ${s}.blocks b WHERE b.series_id = cur.id AND b.level < 2)
      WHERE cur.id = ANY($1::bigint[])`),
    lockSeries: named(`SELECT id FROM ${s}.series WHERE id = ANY($1::bigint[]) ORDER BY node, sensor FOR UPDATE`),
    /**
     * Each series' newest 5-minute bucket ($1 series ids), read once the series rows are locked: a
     * batch's bucket after it has no row yet, and no other transaction can make one meanwhile (every
     * rollup writer holds the series row lock), so such rows go in by `rawInsert`, not an upsert.
     */
    rollupTops: named(`
      SELECT k.sid, (SELECT r.bucket FROM ${s}.rollups r WHERE r.series_id = k.sid ORDER BY r.bucket DESC LIMIT 1) AS top
      FROM unnest($1::bigint[]) AS k(sid)`),
    /**
     * Raw buckets known to be new (see rollupTops): a plain insert. Half the server time of the
     * upsert (no arbiter probe, no speculative insertion and its confirmation record).
     */
    rawInsert: named(rollupInsert(s, 'raw')),
    // Raw readings only add to raw buckets: once an edge aggregate covers a bucket it is complete.
    rawRollups: named(rollupSql(s, 'raw', `${RAW_MERGE} WHERE cur.origin = 'raw'`)),
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
