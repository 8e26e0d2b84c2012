import type { Anomaly, Health } from '../../core/schemas.js';
import { itemColumns, type SeriesColumns } from './columns.js';
import { ROLLUP_MS, type IngestItem } from './store.js';

/** A node's combined touches in one batch: one row for the nodes upsert. */
export interface NodeTouch {
  node: string;
  location: string | null;
  firstSeen: number;
  lastSeen: number;
  /** Latest health report of the batch, if any, and its time. */
  health: Health | null;
  healthTs: number | null;
}

/** A series' combined touches in one batch: one row for the series upsert. */
export interface SeriesTouch {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | null;
  firstSeen: number;
  lastTs: number;
  lastValue: number;
}

/** One 5-minute bucket's contribution, keyed by its series' index in `IngestPlan.series`. */
export interface RollupDelta {
  slot: number;
  bucket: number;
  count: number;
  sum: number;
  min: number;
  minTs: number;
  max: number;
  maxTs: number;
  last: number;
  lastTs: number;
}

/** Everything the new events of a batch write, combined so each upserted row appears once. */
export interface IngestPlan {
  nodes: NodeTouch[];
  series: SeriesTouch[];
  /** Raw readings per series slot, in batch order: each becomes one head block. */
  heads: Map<number, SeriesColumns[]>;
  /** Raw readings in the batch. */
  readings: number;
  rawRollups: RollupDelta[];
  edgeRollups: RollupDelta[];
  anomalies: { eventId: string; anomaly: Anomaly }[];
  health: Health[];
  /** Applied after the anomalies, so one may explain an anomaly of the same batch. */
  explanations: { anomaly_id: string; text: string }[];
}

export const bucketOf = (ts: number): number => Math.floor(ts / ROLLUP_MS) * ROLLUP_MS;

/**
 * Combines the new (non-duplicate) items of a batch into one row per node, series and rollup
 * bucket, and one head block per series. Why: one statement per row to upsert (SQLite) or one
 * multi-row statement per table (PostgreSQL, whose `ON CONFLICT DO UPDATE` may touch a row only once
 * per statement). The merge rules are those of per-touch upserts applied in item order (readings,
 * anomalies, health, aggregate), so the database ends as if each touch had been upserted alone.
 * Raw rollups fold over the whole batch: an edge aggregate replaces its bucket whatever the order.
 * @example
 * const plan = planIngest([{ event, readings }]);
 * plan.series.length // distinct (node, sensor) pairs
 */
export function planIngest(items: IngestItem[]): IngestPlan {
  const nodes = new Map<string, NodeTouch>();
  const series = new Map<string, number>();
  const plan: IngestPlan = {
    nodes: [], series: [], heads: new Map(), readings: 0, rawRollups: [], edgeRollups: [], anomalies: [], health: [], explanations: [],
  };
  const raw = new Map<number, Map<number, RollupDelta>>();
  const edge = new Map<string, RollupDelta>();
  const touchNode = (node: string, location: string | null, ts: number, health: Health | null): void => {
    const cur = nodes.get(node);
    if (!cur) {
      nodes.set(node, { node, location, firstSeen: ts, lastSeen: ts, health, healthTs: health ? ts : null });
      return;
    }
    cur.location = location ?? cur.location;
    cur.firstSeen = Math.min(cur.firstSeen, ts);
    cur.lastSeen = Math.max(cur.lastSeen, ts);
    if (health && (cur.healthTs === null || ts >= cur.healthTs)) {
      cur.health = health;
      cur.healthTs = ts;
    }
  };
  /** Upserts node and series (first = earliest time of the touch, for first_seen); answers the slot. */
  const touch = (p: Omit<SeriesTouch, 'firstSeen' | 'lastTs' | 'lastValue'> & { ts: number; value: number; first?: number }): number => {
    touchNode(p.node, p.location, p.ts, null);
    const key = `${p.node}\u0000${p.sensor}`;
    const slot = series.get(key);
    const first = p.first ?? p.ts;
    if (slot === undefined) {
      series.set(key, plan.series.length);
      plan.series.push({
        node: p.node, sensor: p.sensor, kind: p.kind, unit: p.unit, location: p.location, firstSeen: first, lastTs: p.ts, lastValue: p.value,
      });
      return plan.series.length - 1;
    }
    const cur = plan.series[slot]!;
    cur.kind = p.kind;
    cur.unit = p.unit;
    cur.location = p.location ?? cur.location;
    if (p.ts >= cur.lastTs) {
      cur.lastValue = p.value;
      cur.lastTs = p.ts;
    }
    cur.firstSeen = Math.min(cur.firstSeen, first);
    return slot;
  };
  for (const item of items) {
    for (const cols of itemColumns(item)) {
      const { ts, values } = cols;
      if (ts.length === 0) continue;
      let newest = 0;
      let first = ts[0]!;
      for (let i = 1; i < ts.length; i++) {
        if (ts[i]! >= ts[newest]!) newest = i;
        if (ts[i]! < first) first = ts[i]!;
      }
      const slot = touch({
        node: cols.node, sensor: cols.sensor, kind: cols.kind, unit: cols.unit, location: cols.location ?? null,
        ts: ts[newest]!, value: values[newest]!, first,
      });
      const heads = plan.heads.get(slot);
      if (heads) heads.push(cols);
      else plan.heads.set(slot, [cols]);
      plan.readings += ts.length;
      foldRaw(raw, slot, cols);
    }
    for (const a of item.anomalies ?? []) {
      touch({ node: a.node, sensor: a.sensor, kind: a.kind, unit: a.unit, location: a.location ?? null, ts: a.ts, value: a.value });
      plan.anomalies.push({ eventId: item.event.id, anomaly: a });
    }
    if (item.health) {
      const h = item.health;
      plan.health.push(h);
      touchNode(h.node, h.location ?? null, h.ts, h);
    }
    const agg = item.aggregate;
    if (agg) {
      const bucket = bucketOf(agg.window_start);
      for (const s of agg.series) {
        const lastTs = s.last_ts ?? agg.window_end;
        const slot = touch({ node: agg.node, sensor: s.sensor, kind: s.kind, unit: s.unit, location: s.location ?? null, ts: lastTs, value: s.last });
        mergeBucket(edge, {
          slot, bucket, count: s.count, sum: s.mean * s.count, min: s.min, minTs: s.min_ts ?? agg.window_start,
          max: s.max, maxTs: s.max_ts ?? agg.window_start, last: s.last, lastTs,
        });
      }
    }
    if (item.explanation) plan.explanations.push(item.explanation);
  }
  plan.nodes = [...nodes.values()];
  for (const buckets of raw.values()) plan.rawRollups.push(...buckets.values());
  plan.edgeRollups = [...edge.values()];
  return plan;
}

/**
 * Adds a series' readings to its buckets: equal extremes keep the earliest time, the newest-or-equal
 * time gives the last value. Consecutive readings mostly share a bucket, so the map is looked up
 * once per bucket change, not once per reading.
 */
function foldRaw(into: Map<number, Map<number, RollupDelta>>, slot: number, cols: SeriesColumns): void {
  let buckets = into.get(slot);
  if (!buckets) into.set(slot, (buckets = new Map()));
  const { ts, values } = cols;
  let cur: RollupDelta | undefined;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const v = values[i]!;
    const bucket = Math.floor(t / ROLLUP_MS) * ROLLUP_MS;
    if (cur?.bucket !== bucket) {
      cur = buckets.get(bucket);
      if (!cur) {
        buckets.set(bucket, { slot, bucket, count: 1, sum: v, min: v, minTs: t, max: v, maxTs: t, last: v, lastTs: t });
        cur = buckets.get(bucket);
        continue;
      }
    }
    const b = cur!;
    b.count++;
    b.sum += v;
    if (v < b.min || (v === b.min && t < b.minTs)) { b.min = v; b.minTs = t; }
    if (v > b.max || (v === b.max && t < b.maxTs)) { b.max = v; b.maxTs = t; }
    if (t >= b.lastTs) { b.last = v; b.lastTs = t; }
  }
}

/**
 * Adds an edge aggregate to its bucket with the database's tie rules for merging edge aggregates:
 * strict `<`/`>` keeps the earlier extreme, `>=` takes the newer-or-equal last value.
 */
function mergeBucket(into: Map<string, RollupDelta>, d: RollupDelta): void {
  const key = `${d.slot}:${d.bucket}`;
  const cur = into.get(key);
  if (!cur) {
    into.set(key, d);
    return;
  }
  cur.count += d.count;
  cur.sum += d.sum;
  if (d.min < cur.min) [cur.min, cur.minTs] = [d.min, d.minTs];
  if (d.max > cur.max) [cur.max, cur.maxTs] = [d.max, d.maxTs];
  if (d.lastTs >= cur.lastTs) [cur.last, cur.lastTs] = [d.last, d.lastTs];
}

/** The columns of one slot's head as one set (several events of a batch may carry the same series). */
export function concatColumns(parts: readonly SeriesColumns[]): SeriesColumns {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((sum, p) => sum + p.ts.length, 0);
  const out: SeriesColumns = { ...parts[0]!, ts: new Float64Array(n), values: new Float64Array(n) };
  delete out.levels;
  delete out.scores;
  delete out.ids;
  const marked = parts.some((p) => p.levels);
  if (marked) { out.levels = new Uint8Array(n); out.scores = new Float64Array(n).fill(NaN); }
  if (parts.some((p) => p.ids)) out.ids = new Array<string | null>(n).fill(null);
  let at = 0;
  for (const p of parts) {
    out.ts.set(p.ts, at);
    out.values.set(p.values, at);
    if (p.levels && out.levels) { out.levels.set(p.levels, at); out.scores!.set(p.scores!, at); }
    if (p.ids && out.ids) for (let i = 0; i < p.ids.length; i++) out.ids[at + i] = p.ids[i] ?? null;
    at += p.ts.length;
  }
  return out;
}
