import type { Anomaly, Health } from '../../../core/schemas.js';
import { ROLLUP_MS, type IngestItem } from '../store.js';

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

/** Raw readings column by column, ready to bind as arrays to one `unnest` insert. */
export interface ReadingColumns {
  slot: number[];
  ts: number[];
  value: number[];
  severity: (string | null)[];
  score: (number | null)[];
  rid: (string | null)[];
}

/** Everything the new events of a batch write, combined so each upserted row appears once. */
export interface IngestPlan {
  nodes: NodeTouch[];
  series: SeriesTouch[];
  readings: ReadingColumns;
  rawRollups: RollupDelta[];
  edgeRollups: RollupDelta[];
  anomalies: { eventId: string; anomaly: Anomaly }[];
  health: Health[];
}

export const bucketOf = (ts: number): number => Math.floor(ts / ROLLUP_MS) * ROLLUP_MS;

/**
 * Combines the new (non-duplicate) items of a batch into one row per node, series and rollup bucket.
 * Why: PostgreSQL's `ON CONFLICT DO UPDATE` may touch a row only once per statement, and one
 * multi-row statement per table is what makes batch ingest fast. The merge rules are exactly those
 * of the SQLite store's per-row upserts applied in item order (readings, anomalies, health, aggregate),
 * so the result in the database is the same as if each touch had been upserted on its own.
 * @example
 * const plan = planIngest([{ event, readings }]);
 * plan.series.length // distinct (node, sensor) pairs
 */
export function planIngest(items: IngestItem[]): IngestPlan {
  const nodes = new Map<string, NodeTouch>();
  const series = new Map<string, number>();
  const plan: IngestPlan = {
    nodes: [], series: [], rawRollups: [], edgeRollups: [], anomalies: [], health: [],
    readings: { slot: [], ts: [], value: [], severity: [], score: [], rid: [] },
  };
  const raw = new Map<string, RollupDelta>();
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

  /** Like SQLite's `touch`: upserts node and series, answers the series' slot. */
  const touch = (p: Omit<SeriesTouch, 'firstSeen' | 'lastTs' | 'lastValue'> & { ts: number; value: number }): number => {
    touchNode(p.node, p.location, p.ts, null);
    const key = `${p.node}\u0000${p.sensor}`;
    const slot = series.get(key);
    if (slot === undefined) {
      series.set(key, plan.series.length);
      plan.series.push({
        node: p.node, sensor: p.sensor, kind: p.kind, unit: p.unit, location: p.location,
        firstSeen: p.ts, lastTs: p.ts, lastValue: p.value,
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
    cur.firstSeen = Math.min(cur.firstSeen, p.ts);
    return slot;
  };

  for (const item of items) {
    for (const r of item.readings ?? []) {
      const slot = touch({ node: r.node, sensor: r.sensor, kind: r.kind, unit: r.unit, location: r.location ?? null, ts: r.ts, value: r.value });
      const cols = plan.readings;
      cols.slot.push(slot);
      cols.ts.push(r.ts);
      cols.value.push(r.value);
      cols.severity.push(r.severity ?? null);
      cols.score.push(r.score ?? null);
      cols.rid.push(r.id ?? null);
      const v = r.value;
      mergeBucket(raw, { slot, bucket: bucketOf(r.ts), count: 1, sum: v, min: v, minTs: r.ts, max: v, maxTs: r.ts, last: v, lastTs: r.ts });
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
  }
  plan.nodes = [...nodes.values()];
  plan.rawRollups = [...raw.values()];
  plan.edgeRollups = [...edge.values()];
  return plan;
}

/**
 * Adds a contribution to its bucket with SQLite's tie rules, which are the same for raw readings and
 * for edge aggregates merged with each other: strict `<`/`>` keeps the earlier extreme, `>=` takes
 * the newer-or-equal last value.
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
