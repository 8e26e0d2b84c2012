import type { AggregateInput, Reading } from '../../core/schemas.js';

interface Window {
  node: string;
  start: number;
  sensor: string;
  kind: string;
  unit: string;
  location: string | undefined;
  count: number;
  sum: number;
  min: number;
  minTs: number;
  max: number;
  maxTs: number;
  last: number;
  lastTs: number;
  /** Id of the window's first reading: with the window start, the aggregate's identity. */
  firstId: string;
}

/** A closed node window waiting for its other series to close, and the id it will carry. */
interface ClosedGroup {
  agg: AggregateInput;
  firstId: string;
}

/** One row of held state as the intake persists it: `body` null means the row is gone. */
export interface StateRow {
  key: string;
  body: string | null;
}

const OPEN = 'w\u0000';
const CLOSED = 'c\u0000';

/**
 * Folds readings into fixed windows (5 minutes by default) per series and hands out each node's
 * closed windows as one aggregate (`io.homelab.edge.aggregate` data). A window closes when a later
 * reading of its series arrives or when `closeDue(now)` finds its end passed.
 *
 * What it holds is persisted by the intake in the same commit as the readings it folded in
 * (`drainChanges()` → rows, `restore(rows)` on start), so a restart after kill -9 carries on
 * with the same open windows; an emitted aggregate's id (`firstId`) comes from its content.
 * @example
 * const agg = new WindowAggregator(300_000, (a, firstId) => outbox.enqueue(a));
 * agg.add(reading);
 */
export class WindowAggregator {
  private readonly open = new Map<string, Window>();
  private readonly closed = new Map<string, ClosedGroup>();
  private readonly touched = new Set<string>();
  /** `node\0sensor` and its state-row key, per node and sensor: built once, not per reading. */
  private readonly keys = new Map<string, Map<string, { key: string; row: string }>>();

  constructor(readonly windowMs: number, private readonly emit: (aggregate: AggregateInput, firstId: string) => void) {}

  add(r: Reading): void {
    const start = Math.floor(r.ts / this.windowMs) * this.windowMs;
    const { key, row } = this.keyOf(r.node, r.sensor);
    let w = this.open.get(key);
    if (w && w.start !== start) {
      if (start < w.start) return this.late(r, start);
      this.close(key, w);
      w = undefined;
    }
    if (!w) {
      w = { node: r.node, start, sensor: r.sensor, kind: r.kind, unit: r.unit, location: r.location, count: 0, sum: 0, min: r.value, minTs: r.ts, max: r.value, maxTs: r.ts, last: r.value, lastTs: r.ts, firstId: r.id ?? `${r.node}:${r.sensor}:${r.ts}` };
      this.open.set(key, w);
    }
    w.count++;
    w.sum += r.value;
    if (r.value < w.min) { w.min = r.value; w.minTs = r.ts; }
    if (r.value > w.max) { w.max = r.value; w.maxTs = r.ts; }
    if (r.ts >= w.lastTs) { w.last = r.value; w.lastTs = r.ts; }
    this.touched.add(row);
    if (this.closed.size > 0) this.flushClosed(start);
  }

  private keyOf(node: string, sensor: string): { key: string; row: string } {
    let bySensor = this.keys.get(node);
    if (!bySensor) this.keys.set(node, (bySensor = new Map()));
    let k = bySensor.get(sensor);
    if (!k) {
      const key = `${node}\u0000${sensor}`;
      bySensor.set(sensor, (k = { key, row: OPEN + key }));
    }
    return k;
  }

  /** Closes every window whose end is before `now` and emits the aggregates. */
  closeDue(now: number): void {
    for (const [key, w] of this.open) if (w.start + this.windowMs <= now) this.close(key, w);
    this.flushClosed(Infinity);
  }

  /** Closes everything (shutdown). */
  closeAll(): void {
    for (const [key, w] of this.open) this.close(key, w);
    this.flushClosed(Infinity);
  }

  /** Rows changed since the last call (the intake writes them in its next commit). */
  drainChanges(): StateRow[] {
    const rows: StateRow[] = [];
    for (const k of this.touched) {
      if (k.startsWith(OPEN)) {
        const w = this.open.get(k.slice(OPEN.length));
        rows.push({ key: k, body: w ? JSON.stringify(w) : null });
      } else {
        const g = this.closed.get(k.slice(CLOSED.length));
        rows.push({ key: k, body: g ? JSON.stringify(g) : null });
      }
    }
    this.touched.clear();
    return rows;
  }

  /** Replaces what is held by the rows last committed (start-up, or after a failed commit). */
  restore(rows: StateRow[]): void {
    this.open.clear();
    this.closed.clear();
    this.touched.clear();
    for (const { key, body } of rows) {
      if (body === null) continue;
      if (key.startsWith(OPEN)) this.open.set(key.slice(OPEN.length), JSON.parse(body) as Window);
      else if (key.startsWith(CLOSED)) this.closed.set(key.slice(CLOSED.length), JSON.parse(body) as ClosedGroup);
    }
  }

  /** Readings folded into windows not yet emitted (metrics). */
  heldReadings(): number {
    let n = 0;
    for (const w of this.open.values()) n += w.count;
    for (const g of this.closed.values()) for (const s of g.agg.series) n += s.count;
    return n;
  }

  /** A reading older than its series' open window: kept as a one-reading aggregate, not lost. */
  private late(r: Reading, start: number): void {
    this.emit({
      node: r.node, window_start: start, window_end: start + this.windowMs,
      series: [{ sensor: r.sensor, kind: r.kind, unit: r.unit, ...(r.location ? { location: r.location } : {}), count: 1, min: r.value, max: r.value, mean: r.value, last: r.value, min_ts: r.ts, max_ts: r.ts, last_ts: r.ts }],
    }, r.id ?? `${r.node}:${r.sensor}:${r.ts}`);
  }

  private close(key: string, w: Window): void {
    this.open.delete(key);
    this.touched.add(OPEN + key);
    const groupKey = `${w.node}\u0000${w.start}`;
    const group = this.closed.get(groupKey) ?? { agg: { node: w.node, window_start: w.start, window_end: w.start + this.windowMs, series: [] }, firstId: w.firstId };
    group.agg.series.push({
      sensor: w.sensor, kind: w.kind, unit: w.unit, ...(w.location ? { location: w.location } : {}),
      count: w.count, min: w.min, max: w.max, mean: w.sum / w.count, last: w.last, min_ts: w.minTs, max_ts: w.maxTs, last_ts: w.lastTs,
    });
    this.closed.set(groupKey, group);
    this.touched.add(CLOSED + groupKey);
  }

  /** Emits closed groups older than `before` (a node's windows close series by series). */
  private flushClosed(before: number): void {
    for (const [key, group] of this.closed) {
      const start = group.agg.window_start as number;
      if (start < before && !this.anyOpen(group.agg.node, start)) {
        this.closed.delete(key);
        this.touched.add(CLOSED + key);
        this.emit(group.agg, group.firstId);
      }
    }
  }

  private anyOpen(node: string, start: number): boolean {
    for (const w of this.open.values()) if (w.node === node && w.start === start) return true;
    return false;
  }
}
