import { compareSeverity } from '../../core/severity.js';
import type { Anomaly } from '../../core/schemas.js';
import type { IngestItem } from '../store/store.js';
import { itemColumns } from '../store/columns.js';
import type { BatchSummary } from '../ingest/summary.js';
import { crosses, type AlertRule, type RuleFilter } from './rule.js';

/** A value seen for one series, from a raw reading, an aggregate's extreme or an anomaly. */
export interface Point { node: string; sensor: string; kind: string; location: string | undefined; value: number; ts: number }

/**
 * Values seen for one series in a batch, column by column: one event's raw readings of it, an
 * aggregate's two extremes, or an anomaly's value. Rules match a whole set at once and scan its
 * typed arrays, so a batch costs a match per series, not an object per reading.
 */
export interface PointSet { node: string; sensor: string; kind: string; location: string | undefined; ts: ArrayLike<number>; values: ArrayLike<number> }

/** One verdict's evaluation outcome for one fingerprint, before the repository decides what it means. */
export interface Verdict {
  fingerprint: string;
  firing: boolean;
  summary: string;
  value: number | null;
  labels: Record<string, string>;
}

/**
 * Every value in a batch as point sets, in batch order (each event's readings, then its aggregate,
 * then its anomalies), and the anomalies apart. An aggregate counts by its extremes, so a dip inside
 * a 5-minute window still crosses a threshold.
 * @example
 * const { points, anomalies } = pointsOf(items);
 */
export function pointsOf(batch: IngestItem[] | BatchSummary): { points: PointSet[]; anomalies: Anomaly[] } {
  const items = Array.isArray(batch) ? batch : batch.items;
  const points: PointSet[] = [];
  const anomalies: Anomaly[] = [];
  for (const item of items) {
    for (const c of itemColumns(item)) points.push({ node: c.node, sensor: c.sensor, kind: c.kind, location: c.location, ts: c.ts, values: c.values });
    const agg = item.aggregate;
    for (const s of agg?.series ?? []) {
      const end = agg!.window_end as number;
      points.push({ node: agg!.node, sensor: s.sensor, kind: s.kind, location: s.location, ts: [(s.min_ts as number | undefined) ?? end, (s.max_ts as number | undefined) ?? end], values: [s.min, s.max] });
    }
    // A node's vitals are series of their own ("pi-node-5/cpu"), so a threshold on CPU or disk runs as any other.
    const h = item.health;
    if (h) {
      for (const [kind, field] of Object.entries(VITAL_FIELD)) {
        const v = h[field];
        if (typeof v === 'number') points.push({ node: h.node, sensor: kind, kind, location: h.location ?? undefined, ts: [h.ts as number], values: [v] });
      }
    }
    for (const a of item.anomalies ?? []) {
      points.push({ node: a.node, sensor: a.sensor, kind: a.kind, location: a.location, ts: [a.ts as number], values: [a.value] });
      anomalies.push(a);
    }
  }
  return { points, anomalies };
}

/** Node vitals a threshold rule may watch (its `filter.kind`), by the health report field they read. */
export const VITAL_FIELD = { cpu: 'cpu_pct', memory: 'mem_pct', disk: 'disk_pct', soc_temp: 'temp_c' } as const;
/** The unit each vital kind is stored in. */
export const VITAL_UNIT: Record<string, string> = { cpu: '%', memory: '%', disk: '%', soc_temp: '°C' };

/** Whether a series (or node, when only node/location are asked) is one the rule watches. */
export function matches(f: RuleFilter, p: { node: string; sensor?: string; kind?: string; location?: string | null | undefined }): boolean {
  return (!f.node || p.node === f.node) && (!f.sensor || p.sensor === f.sensor) && (!f.kind || p.kind === f.kind) && (!f.location || p.location === f.location);
}

/** The labels an alert about one series carries. */
export const seriesLabels = (p: { node: string; sensor: string; kind: string; location?: string | null | undefined }): Record<string, string> =>
  ({ node: p.node, sensor: p.sensor, kind: p.kind, ...(p.location ? { location: p.location } : {}) });

const describe = (p: Point, fp: string) => `${p.kind} ${p.value} at ${fp}${p.location ? ` (${p.location})` : ''}`;

/** The series key of a point: what `AlertRepository.advanceSeries` records per series. */
export const seriesKey = (p: { node: string; sensor: string }): string => `${p.node}/${p.sensor}`;

/**
 * The newest point time per series in a batch.
 * @example
 * await repo.advanceSeries(newestBySeries(points)) // Map { 'pi-node-2/dht22-humidity' => 1763648580000 }
 */
export function newestBySeries(points: PointSet[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of points) {
    const k = seriesKey(p);
    let newest = out.get(k) ?? -Infinity;
    for (let i = 0; i < p.ts.length; i++) if (p.ts[i]! > newest) newest = p.ts[i]!;
    if (newest > -Infinity) out.set(k, newest);
  }
  return out;
}

/** What decides whether a point may move a threshold alert now. */
export interface Freshness {
  /** The engine's clock. */
  now: number;
  /** Points older than this (by their own time) are backlog. */
  maxAgeMs: number;
  /** The newest point time per series seen before this batch (`advanceSeries`). */
  newestBefore: Map<string, number>;
}

/**
 * Threshold verdicts for a batch, per series, in time order, on the points that may act now. When a
 * node reconnects after an outage its outbox drains old readings; acting on them would fire (or
 * resolve) alerts *now* about the past. So a point counts only when it is (1) no older than the
 * newest point already seen for its series before this batch (ties count: the same reading again,
 * or an aggregate's extreme at that time), and (2) no older than `maxAgeMs` by the engine's clock.
 * Within one batch every point passing both counts, so a dip and its recovery sent together still
 * fire and resolve. Backlog points are stored and charted as usual; they just do not change alert
 * state. Without `for_s` a crossing anywhere fires (a short dip is news) and a later value back
 * within resolves; with `for_s` only the latest value counts, since the condition must hold
 * without a break.
 * @example
 * thresholdVerdicts(rule, points, { now, maxAgeMs: 900_000, newestBefore }) // [{ fingerprint: 'pi-node-2/dht22-humidity', firing: true, … }]
 */
export function thresholdVerdicts(rule: AlertRule, points: PointSet[], f: Freshness): Verdict[] {
  if (rule.condition.type !== 'threshold') return [];
  const { op, value: limit, for_s: forS = 0 } = rule.condition;
  const bySeries = new Map<string, { hit?: Point; latest?: Point }>();
  for (const set of points) {
    if (!matches(rule.filter, set)) continue;
    const fp = seriesKey(set);
    const cutoff = Math.max(f.now - f.maxAgeMs, f.newestBefore.get(fp) ?? -Infinity);
    let acc = bySeries.get(fp);
    for (let i = 0; i < set.ts.length; i++) {
      const ts = set.ts[i]!;
      if (!(ts >= cutoff)) continue;
      const value = set.values[i]!;
      acc ??= {};
      if (!acc.latest || ts >= acc.latest.ts) acc.latest = { node: set.node, sensor: set.sensor, kind: set.kind, location: set.location, value, ts };
      if (forS === 0 && !acc.hit && crosses(op, value, limit)) acc.hit = { node: set.node, sensor: set.sensor, kind: set.kind, location: set.location, value, ts };
    }
    if (acc) bySeries.set(fp, acc);
  }
  const out: Verdict[] = [];
  for (const [fp, { hit, latest }] of bySeries) {
    if (!latest) continue;
    const verdict = (p: Point, firing: boolean): Verdict =>
      ({ fingerprint: fp, firing, summary: `${describe(p, fp)} ${firing ? op : 'back within'} ${limit}`, value: p.value, labels: seriesLabels(p) });
    if (hit) out.push(verdict(hit, true));
    const latestCrosses = crosses(op, latest.value, limit);
    if (!hit || (!latestCrosses && latest.ts > hit.ts)) out.push(verdict(latest, latestCrosses));
  }
  return out;
}

/**
 * Anomaly verdicts: one firing per series with an anomaly at or above the rule's severity (the
 * most severe one of the batch). Resolution comes from the tick, after a quiet spell.
 * @example
 * anomalyVerdicts(rule, anomalies)
 */
export function anomalyVerdicts(rule: AlertRule, anomalies: Anomaly[]): Verdict[] {
  if (rule.condition.type !== 'anomaly') return [];
  const min = rule.condition.min_severity;
  const worst = new Map<string, Anomaly>();
  for (const a of anomalies) {
    if (!matches(rule.filter, a) || compareSeverity(a.severity, min) < 0) continue;
    const fp = `${a.node}/${a.sensor}`;
    const cur = worst.get(fp);
    if (!cur || compareSeverity(a.severity, cur.severity) > 0 || (a.severity === cur.severity && a.score > cur.score)) worst.set(fp, a);
  }
  return [...worst].map(([fp, a]) => ({
    fingerprint: fp, firing: true, summary: `${a.severity} anomaly: ${a.kind} ${a.value} at ${fp}${a.location ? ` (${a.location})` : ''} (${a.reason})`,
    value: a.value, labels: seriesLabels(a),
  }));
}
