import { HEAD, headBlock, MAX_HEAD_BLOCKS, SEAL } from '../blocks.js';
import { concatColumns, type IngestPlan, type RollupDelta } from '../plan.js';
import { COARSE_MS, coarseDeltas } from '../tiers.js';
import type { EventEnvelope } from '../store.js';
import { byteaArray, float8Array, int4Array, int8Array, textArray } from './binary-arrays.js';
import { named, RAW_MERGE } from './ingest-sql.js';
import { rebuildSql } from './pg-coarse.js';

/**
 * The server-side ingest of a batch of plain readings: one function call, and so one round trip,
 * does what the transaction of ingest.ts does in ten (events, nodes, series, the newest buckets,
 * new and known rollup rows, new and known 30-minute rows, head blocks). On the shared 2-core VM
 * each round trip waited 3–7 ms for a core at load 8–11, which was half of a batch's wall time.
 * The statements are those of ingest-sql.ts and pg-coarse.ts, in the same order (the same lock
 * order), each with its own snapshot as in the client's transaction (PL/pgSQL in READ COMMITTED).
 *
 * An event already stored aborts the call with SQLSTATE {@link DUPLICATE_EVENT} before anything is
 * written; the caller then runs the general transaction, which sorts out duplicates. Answers the
 * ids of series whose head is due for sealing (the caller merges them in a transaction of its own).
 */
export const DUPLICATE_EVENT = 'HD001';

/** The function's DDL for schema `s` (quoted); replaced on every open, so a new version takes over. */
export function ingestFunctionSql(s: string): string {
  const known = `(tops[t.slot + 1] IS NOT NULL AND t.bucket <= tops[t.slot + 1])`;
  return `
CREATE OR REPLACE FUNCTION ${s}.ingest_readings(
  ev_source text[], ev_id text[], ev_type text[], ev_time bigint[], ev_subject text[], received bigint,
  n_node text[], n_location text[], n_first bigint[], n_last bigint[],
  s_node text[], s_sensor text[], s_kind text[], s_unit text[], s_location text[], s_first bigint[], s_last_ts bigint[],
  s_last_value float8[], s_head_blocks int[], s_head_readings int[],
  b_slot int[], b_t_min bigint[], b_t_max bigint[], b_count int[], b_data bytea[], b_ids bytea[],
  r_slot int[], r_bucket bigint[], r_count bigint[], r_sum float8[], r_min float8[], r_min_ts bigint[], r_max float8[],
  r_max_ts bigint[], r_last float8[], r_last_ts bigint[],
  c_slot int[], c_bucket bigint[], c_first bigint[], c_count bigint[], c_sum float8[], c_min float8[], c_min_ts bigint[],
  c_max float8[], c_max_ts bigint[], c_last float8[], c_last_ts bigint[]
) RETURNS bigint[] LANGUAGE plpgsql AS $fn$
DECLARE
  n bigint;
  applied bigint := 0;
  sids bigint[];
  due bigint[];
  tops bigint[];
BEGIN
  INSERT INTO ${s}.events (source, id, type, time, received, subject)
  SELECT t.source, t.id, t.type, t.time, received, t.subject
  FROM unnest(ev_source, ev_id, ev_type, ev_time, ev_subject) AS t(source, id, type, time, subject)
  ORDER BY t.source, t.id
  ON CONFLICT (source, id) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n < cardinality(ev_id) THEN
    RAISE EXCEPTION 'an event of the batch is already stored' USING ERRCODE = '${DUPLICATE_EVENT}';
  END IF;

  INSERT INTO ${s}.nodes AS cur (node, location, first_seen, last_seen)
  SELECT * FROM unnest(n_node, n_location, n_first, n_last) AS t(node, location, first_seen, last_seen)
  ORDER BY t.node
  ON CONFLICT (node) DO UPDATE SET
    location = coalesce(excluded.location, cur.location),
    last_seen = greatest(cur.last_seen, excluded.last_seen),
    first_seen = least(cur.first_seen, excluded.first_seen);

  WITH up AS (
    INSERT INTO ${s}.series AS cur (node, sensor, kind, unit, location, first_seen, last_ts, last_value, head_blocks, head_readings)
    SELECT * FROM unnest(s_node, s_sensor, s_kind, s_unit, s_location, s_first, s_last_ts, s_last_value, s_head_blocks, s_head_readings)
      AS t(node, sensor, kind, unit, location, first_seen, last_ts, last_value, head_blocks, head_readings)
    ORDER BY t.node, t.sensor
    ON CONFLICT (node, sensor) DO UPDATE SET
      kind = excluded.kind, unit = excluded.unit,
      location = coalesce(excluded.location, cur.location),
      last_value = CASE WHEN excluded.last_ts >= cur.last_ts THEN excluded.last_value ELSE cur.last_value END,
      last_ts = greatest(cur.last_ts, excluded.last_ts),
      first_seen = least(cur.first_seen, excluded.first_seen),
      head_blocks = cur.head_blocks + excluded.head_blocks,
      head_readings = cur.head_readings + excluded.head_readings
    RETURNING id, node, sensor, head_blocks, head_readings)
  SELECT array_agg(up.id ORDER BY k.ord),
    coalesce(array_agg(up.id) FILTER (WHERE up.head_readings >= ${SEAL} OR up.head_blocks >= ${MAX_HEAD_BLOCKS}), '{}')
  INTO sids, due
  FROM up JOIN unnest(s_node, s_sensor) WITH ORDINALITY AS k(node, sensor, ord) ON k.node = up.node AND k.sensor = up.sensor;

  INSERT INTO ${s}.blocks (series_id, level, t_min, t_max, count, data, ids)
  SELECT sids[t.slot + 1], ${HEAD}, t.t_min, t.t_max, t.count, t.data, t.ids
  FROM unnest(b_slot, b_t_min, b_t_max, b_count, b_data, b_ids) AS t(slot, t_min, t_max, count, data, ids);

  -- A new statement: its snapshot sees every rollup committed before the series rows were locked.
  SELECT array_agg((SELECT r.bucket FROM ${s}.rollups r WHERE r.series_id = k.sid ORDER BY r.bucket DESC LIMIT 1) ORDER BY k.ord)
  INTO tops FROM unnest(sids) WITH ORDINALITY AS k(sid, ord);

  INSERT INTO ${s}.rollups (series_id, bucket, origin, count, sum, min, min_ts, max, max_ts, last, last_ts)
  SELECT sids[t.slot + 1], t.bucket, 'raw', t.count, t.sum, t.min, t.min_ts, t.max, t.max_ts, t.last, t.last_ts
  FROM unnest(r_slot, r_bucket, r_count, r_sum, r_min, r_min_ts, r_max, r_max_ts, r_last, r_last_ts)
    AS t(slot, bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
  WHERE NOT ${known};
  GET DIAGNOSTICS n = ROW_COUNT;
  applied := n;
  INSERT INTO ${s}.rollups AS cur (series_id, bucket, origin, count, sum, min, min_ts, max, max_ts, last, last_ts)
  SELECT sids[t.slot + 1], t.bucket, 'raw', t.count, t.sum, t.min, t.min_ts, t.max, t.max_ts, t.last, t.last_ts
  FROM unnest(r_slot, r_bucket, r_count, r_sum, r_min, r_min_ts, r_max, r_max_ts, r_last, r_last_ts)
    AS t(slot, bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
  WHERE ${known}
  ORDER BY 1, 2
  ON CONFLICT (series_id, bucket) DO UPDATE SET ${RAW_MERGE} WHERE cur.origin = 'raw';
  GET DIAGNOSTICS n = ROW_COUNT;
  applied := applied + n;

  IF applied = cardinality(r_slot) THEN
    -- A coarse bucket is known when it starts at or before the newest 5-minute bucket (it holds or precedes it).
    INSERT INTO ${s}.rollups_30m (series_id, bucket, first_bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
    SELECT sids[t.slot + 1], t.bucket, t.first_bucket, t.count, t.sum, t.min, t.min_ts, t.max, t.max_ts, t.last, t.last_ts
    FROM unnest(c_slot, c_bucket, c_first, c_count, c_sum, c_min, c_min_ts, c_max, c_max_ts, c_last, c_last_ts)
      AS t(slot, bucket, first_bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
    WHERE NOT ${known};
    GET DIAGNOSTICS n = ROW_COUNT;
    applied := n;
    INSERT INTO ${s}.rollups_30m AS cur (series_id, bucket, first_bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
    SELECT sids[t.slot + 1], t.bucket, t.first_bucket, t.count, t.sum, t.min, t.min_ts, t.max, t.max_ts, t.last, t.last_ts
    FROM unnest(c_slot, c_bucket, c_first, c_count, c_sum, c_min, c_min_ts, c_max, c_max_ts, c_last, c_last_ts)
      AS t(slot, bucket, first_bucket, count, sum, min, min_ts, max, max_ts, last, last_ts)
    WHERE ${known}
    ORDER BY 1, 2
    ON CONFLICT (series_id, bucket) DO UPDATE SET first_bucket = least(cur.first_bucket, excluded.first_bucket), ${RAW_MERGE}
    WHERE NOT EXISTS (SELECT 1 FROM ${s}.rollups r WHERE r.series_id = cur.series_id AND r.bucket >= cur.bucket
      AND r.bucket < cur.bucket + ${COARSE_MS} AND r.origin = 'edge');
    GET DIAGNOSTICS n = ROW_COUNT;
    IF applied + n = cardinality(c_slot) THEN
      RETURN due;
    END IF;
  END IF;
  -- A raw bucket held by an edge aggregate, or a coarse row over one: recompute the touched coarse rows.
  ${rebuildSql(s, `(SELECT DISTINCT sids[t.slot + 1] AS sid, t.bucket FROM unnest(c_slot, c_bucket) AS t(slot, bucket) ORDER BY 1, 2) AS k
    JOIN ${s}.rollups r ON r.series_id = k.sid AND r.bucket >= k.bucket AND r.bucket < k.bucket + ${COARSE_MS}`)};
  RETURN due;
END
$fn$`;
}

/** The call, as a named statement (prepared once per connection). */
export const ingestCall = (s: string) => named(`SELECT ${s}.ingest_readings(${Array.from({ length: 47 }, (_, i) => `$${i + 1}`).join(', ')}) AS due`);

/**
 * Whether the fast path can take the batch: plain readings only (no anomalies, health, explanations
 * or edge aggregates, which stay with the general transaction) and no event twice in it.
 */
export function fastEligible(plan: IngestPlan, events: readonly EventEnvelope[]): boolean {
  if (plan.anomalies.length || plan.health.length || plan.explanations.length || plan.edgeRollups.length) return false;
  return new Set(events.map((e) => `${e.source}\u0000${e.id}`)).size === events.length;
}

/** The call's 47 parameters, in binary, for a plan `fastEligible` accepted. */
export function ingestCallParams(plan: IngestPlan, events: readonly EventEnvelope[], received: number): (Buffer | number)[] {
  const { nodes, series } = plan;
  const b = { slot: [] as number[], tMin: [] as number[], tMax: [] as number[], count: [] as number[], data: [] as Buffer[], ids: [] as (Buffer | null)[] };
  const heads = series.map((_, slot) => { const parts = plan.heads.get(slot); return parts ? concatColumns(parts) : undefined; });
  heads.forEach((cols, slot) => {
    if (!cols) return;
    const block = headBlock(cols);
    b.slot.push(slot); b.tMin.push(block.tMin); b.tMax.push(block.tMax); b.count.push(block.count); b.data.push(block.data); b.ids.push(block.ids);
  });
  const raw = plan.rawRollups;
  const r = (f: (x: RollupDelta) => number) => raw.map(f);
  // Keyed by slot: the function maps slots to series ids; sorted by slot and bucket, the order the rows are locked in.
  const c = coarseDeltas(raw, (slot) => slot);
  const cc = (f: (x: (typeof c)[number]) => number) => c.map(f);
  return [
    textArray(events.map((e) => e.source)), textArray(events.map((e) => e.id)), textArray(events.map((e) => e.type)),
    int8Array(events.map((e) => e.time)), textArray(events.map((e) => e.subject ?? null)), received,
    textArray(nodes.map((x) => x.node)), textArray(nodes.map((x) => x.location)), int8Array(nodes.map((x) => x.firstSeen)), int8Array(nodes.map((x) => x.lastSeen)),
    textArray(series.map((x) => x.node)), textArray(series.map((x) => x.sensor)), textArray(series.map((x) => x.kind)), textArray(series.map((x) => x.unit)),
    textArray(series.map((x) => x.location)), int8Array(series.map((x) => x.firstSeen)), int8Array(series.map((x) => x.lastTs)),
    float8Array(series.map((x) => x.lastValue)), int4Array(heads.map((h) => (h ? 1 : 0))), int4Array(heads.map((h) => h?.ts.length ?? 0)),
    int4Array(b.slot), int8Array(b.tMin), int8Array(b.tMax), int4Array(b.count), byteaArray(b.data), byteaArray(b.ids),
    int4Array(r((x) => x.slot)), int8Array(r((x) => x.bucket)), int8Array(r((x) => x.count)), float8Array(r((x) => x.sum)),
    float8Array(r((x) => x.min)), int8Array(r((x) => x.minTs)), float8Array(r((x) => x.max)), int8Array(r((x) => x.maxTs)),
    float8Array(r((x) => x.last)), int8Array(r((x) => x.lastTs)),
    int4Array(cc((x) => x.sid)), int8Array(cc((x) => x.bucket)), int8Array(cc((x) => x.firstBucket)), int8Array(cc((x) => x.count)),
    float8Array(cc((x) => x.sum)), float8Array(cc((x) => x.min)), int8Array(cc((x) => x.minTs)), float8Array(cc((x) => x.max)),
    int8Array(cc((x) => x.maxTs)), float8Array(cc((x) => x.last)), int8Array(cc((x) => x.lastTs)),
  ];
}
