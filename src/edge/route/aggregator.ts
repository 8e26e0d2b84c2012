import type { AggregateInput, Reading } from '../../core/schemas.js';

interface Window {
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
}

/**
 * Folds readings into fixed windows (5 minutes by default) per series and hands out each node's
 * closed windows as one aggregate (`io.homelab.edge.aggregate` data). A window closes when a later
 * reading of its series arrives or when `closeDue(now)` finds its end passed.
 * @example
 * const agg = new WindowAggregator(300_000, (a) => outbox.enqueue(a));
 * agg.add(reading);
 */
export class WindowAggregator {
  private readonly open = new Map<string, Window & { node: string }>();
  private readonly closed = new Map<string, AggregateInput>();

  constructor(readonly windowMs: number, private readonly emit: (aggregate: AggregateInput) => void) {}

  add(r: Reading): void {
    const start = Math.floor(r.ts / this.windowMs) * this.windowMs;
    const key = `${r.node}\u0000${r.sensor}`;
    let w = this.open.get(key);
    if (w && w.start !== start) {
      if (start < w.start) return this.late(r, start);
      this.close(key, w);
      w = undefined;
    }
    if (!w) {
      w = { node: r.node, start, sensor: r.sensor, kind: r.kind, unit: r.unit, location: r.location, count: 0, sum: 0, min: r.value, minTs: r.ts, max: r.value, maxTs: r.ts, last: r.value, lastTs: r.ts };
      this.open.set(key, w);
    }
    w.count++;
    w.sum += r.value;
    if (r.value < w.min) { w.min = r.value; w.minTs = r.ts; }
    if (r.value > w.max) { w.max = r.value; w.maxTs = r.ts; }
    if (r.ts >= w.lastTs) { w.last = r.value; w.lastTs = r.ts; }
    this.flushClosed(start);
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

  /** A reading older than its series' open window: kept as a one-reading aggregate, not lost. */
  private late(r: Reading, start: number): void {
    this.emit({
      node: r.node, window_start: start, window_end: start + this.windowMs,
      series: [{ sensor: r.sensor, kind: r.kind, unit: r.unit, ...(r.location ? { location: r.location } : {}), count: 1, min: r.value, max: r.value, mean: r.value, last: r.value, min_ts: r.ts, max_ts: r.ts, last_ts: r.ts }],
    });
  }

  private close(key: string, w: Window & { node: string }): void {
    this.open.delete(key);
    const groupKey = `${w.node}\u0000${w.start}`;
    const agg = this.closed.get(groupKey) ?? { node: w.node, window_start: w.start, window_end: w.start + this.windowMs, series: [] };
    agg.series.push({
      sensor: w.sensor, kind: w.kind, unit: w.unit, ...(w.location ? { location: w.location } : {}),
      count: w.count, min: w.min, max: w.max, mean: w.sum / w.count, last: w.last, min_ts: w.minTs, max_ts: w.maxTs, last_ts: w.lastTs,
    });
    this.closed.set(groupKey, agg);
  }

  /** Emits closed groups older than `before` (a node's windows close series by series). */
  private flushClosed(before: number): void {
    for (const [key, agg] of this.closed) {
      if ((agg.window_start as number) < before && !this.anyOpen(agg.node, agg.window_start as number)) {
        this.closed.delete(key);
        this.emit(agg);
      }
    }
  }

  private anyOpen(node: string, start: number): boolean {
    for (const w of this.open.values()) if (w.node === node && w.start === start) return true;
    return false;
  }
}
