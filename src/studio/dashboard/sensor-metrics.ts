import { itemColumns } from '../store/columns.js';
import type { IngestItem, SeriesInfo, StudioStore } from '../store/store.js';
import type { StudioBus } from '../studio-events.js';

export interface SensorMetricsOptions {
  /** Series exported at most (`SENSOR_METRICS_MAX_SERIES`, default 1000): the most recently seen win. */
  maxSeries: number;
  /** The anomaly score gauge is the highest score seen in this window, ms (default 5 min). */
  scoreWindowMs: number;
  clock: () => number;
}

export const DEFAULT_SENSOR_METRICS: SensorMetricsOptions = { maxSeries: 1000, scoreWindowMs: 5 * 60_000, clock: Date.now };

const MINUTE = 60_000;

/** Per series, since the process started: readings, anomalies by severity, and score maxima per minute. */
interface Tally {
  readings: number;
  anomalies: Map<string, number>;
  /** Highest score per wall-clock minute, for the last few minutes (minute → score). */
  scores: Map<number, number>;
}

/**
 * Sensor values for Prometheus on their own endpoint (`/metrics/sensors`), so a studio's own
 * metrics stay small and a scrape of sensors can run at its own interval:
 * `homelab_sensor_value` and `homelab_sensor_last_seen_timestamp_seconds` (from the store, so they
 * survive a restart), `homelab_sensor_readings_total` and `homelab_sensor_anomalies_total{severity}`
 * (counted from the bus since the process started; an edge aggregate counts every reading it
 * covers), `homelab_sensor_anomaly_score` (the highest score of the last 5 minutes, 0 when none).
 * Cardinality is bounded: at most `maxSeries` series (most recently seen first) are exported, and
 * `homelab_sensor_series{state="exported"|"dropped"}` says how many were left out.
 * @example
 * const sensors = new SensorMetrics(store, bus); const text = await sensors.render();
 */
export class SensorMetrics {
  private readonly tallies = new Map<string, Tally>();
  private readonly o: SensorMetricsOptions;

  constructor(private readonly store: StudioStore, bus: StudioBus | undefined, options: Partial<SensorMetricsOptions> = {}) {
    this.o = { ...DEFAULT_SENSOR_METRICS, ...options };
    bus?.on('stored', (items) => this.onStored(items));
  }

  /**
   * The exposition text (Prometheus text format 0.0.4), every family from one store read so a
   * scrape is consistent. Written here rather than through prom-client's registry, whose collect
   * hooks run concurrently per metric and so cannot fill several families from one read.
   */
  async render(): Promise<string> {
    const all = (await this.store.latest({})).sort((a, b) => b.lastTs - a.lastTs);
    const kept = all.slice(0, this.o.maxSeries);
    const now = this.o.clock();
    const f = {
      value: family('homelab_sensor_value', 'gauge', 'Latest value of each sensor series'),
      lastSeen: family('homelab_sensor_last_seen_timestamp_seconds', 'gauge', 'Time of the latest value of each series (epoch seconds)'),
      readings: family('homelab_sensor_readings_total', 'counter', 'Readings of each series since the studio started (an edge aggregate counts the readings it covers)'),
      anomalies: family('homelab_sensor_anomalies_total', 'counter', 'Anomalies of each series since the studio started, by severity'),
      score: family('homelab_sensor_anomaly_score', 'gauge', `Highest anomaly score of each series over the last ${Math.round(this.o.scoreWindowMs / MINUTE)} minutes (0 when none)`),
      series: family('homelab_sensor_series', 'gauge', `Series exported, and left out by the bound of ${this.o.maxSeries} (most recently seen kept)`),
    };
    for (const s of kept) {
      const labels = labelsOf(s);
      const t = this.tallies.get(key(s.node, s.sensor));
      f.value.push(sample(f.value.name, labels, s.lastValue));
      f.lastSeen.push(sample(f.lastSeen.name, labels, s.lastTs / 1000));
      f.readings.push(sample(f.readings.name, labels, t?.readings ?? 0));
      // warning and critical always, from 0: Prometheus' increase() cannot see a series' first sample as a rise.
      const severities = new Set(['warning', 'critical', ...(t?.anomalies.keys() ?? [])]);
      for (const severity of severities) f.anomalies.push(sample(f.anomalies.name, { ...labels, severity }, t?.anomalies.get(severity) ?? 0));
      f.score.push(sample(f.score.name, labels, t ? this.recentScore(t, now) : 0));
    }
    f.series.push(sample(f.series.name, { state: 'exported' }, kept.length), sample(f.series.name, { state: 'dropped' }, all.length - kept.length));
    return Object.values(f).map((lines) => lines.join('\n')).join('\n') + '\n';
  }

  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';

  /** Counts stored items (the bus calls it; public for tests). */
  onStored(items: IngestItem[]): void {
    const now = this.o.clock();
    for (const item of items) {
      // Columns per series (the ingest fast path sends no reading objects): one tally lookup per series.
      for (const c of itemColumns(item)) {
        const t = this.tally(c.node, c.sensor);
        if (!t) continue;
        t.readings += c.ts.length;
        if (c.scores) for (const score of c.scores) if (!Number.isNaN(score)) this.score(t, score, now);
      }
      const agg = item.aggregate;
      if (agg) for (const s of agg.series) { const t = this.tally(agg.node, s.sensor); if (t) t.readings += s.count; }
      for (const a of item.anomalies ?? []) {
        const t = this.tally(a.node, a.sensor);
        if (!t) continue;
        t.anomalies.set(a.severity, (t.anomalies.get(a.severity) ?? 0) + 1);
        this.score(t, a.score, now);
      }
    }
  }

  /** Tallies are bounded like the export (ten times over, so a burst of new names cannot grow memory without end). */
  private tally(node: string, sensor: string): Tally | undefined {
    const k = key(node, sensor);
    let t = this.tallies.get(k);
    if (!t && this.tallies.size < this.o.maxSeries * 10) this.tallies.set(k, (t = { readings: 0, anomalies: new Map(), scores: new Map() }));
    return t;
  }

  private score(t: Tally, score: number, now: number): void {
    const minute = Math.floor(now / MINUTE);
    t.scores.set(minute, Math.max(t.scores.get(minute) ?? 0, score));
    const oldest = minute - Math.ceil(this.o.scoreWindowMs / MINUTE);
    for (const m of t.scores.keys()) if (m < oldest) t.scores.delete(m);
  }

  private recentScore(t: Tally, now: number): number {
    const oldest = Math.floor((now - this.o.scoreWindowMs) / MINUTE);
    let max = 0;
    for (const [m, s] of t.scores) if (m >= oldest && s > max) max = s;
    return max;
  }
}

const key = (node: string, sensor: string): string => `${node}\u0000${sensor}`;
const labelsOf = (s: SeriesInfo): Record<string, string> => ({ node: s.node, sensor: s.sensor, kind: s.kind, location: s.location ?? '', unit: s.unit });

/** A metric family's header lines, with its name kept for the samples. */
function family(name: string, type: 'gauge' | 'counter', help: string): string[] & { name: string } {
  return Object.assign([`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`], { name });
}

/** One sample line; label values escaped as the text format wants (backslash, quote, newline). */
function sample(name: string, labels: Record<string, string>, value: number): string {
  const l = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',');
  const v = Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value);
  return `${name}{${l}} ${v}`;
}
