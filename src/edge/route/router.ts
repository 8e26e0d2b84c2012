import { encodeEvent, type WireEvent } from '../../core/wire-event.js';
import { EventType } from '../../core/event-types.js';
import type { AggregateInput, AnomalyInput, HealthInput, Reading } from '../../core/schemas.js';
import type { Severity } from '../../core/severity.js';
import { WindowAggregator, type StateRow } from './aggregator.js';
import type { Verdict } from './classify.js';

/** Where routed events go: the durable outbox. */
export interface EventSink {
  enqueue(event: WireEvent, priority: Severity): void;
}

export interface RouterOptions {
  /** CloudEvent source of this collector, e.g. `/edge/pi-node-1`. */
  source: string;
  boot: string;
  /** Aggregate window for normal data (seed: 5 minutes). */
  windowMs: number;
  /** How often warnings are sent as a batch (seed: 5 minutes). */
  warningBatchMs: number;
  /** Called with every critical anomaly after it is queued (e.g. to ask a local model about it). */
  onCritical?: (eventId: string, anomaly: AnomalyInput) => void;
}

export interface RouterCounters {
  routed: Record<Severity, number>;
  /** Bytes a raw stream (every reading as JSON) would have put on the wire. */
  rawBytes: number;
  events: { anomaly: number; aggregate: number; health: number };
}

/**
 * Decides what leaves the node: critical readings at once (as anomaly events), warnings in a
 * batch every `warningBatchMs`, normal readings only as per-window aggregates. Every reading,
 * whatever its severity, also counts in its window's aggregate so studio statistics stay whole.
 * @example
 * const router = new Router({ source: '/edge/pi-node-1', boot, windowMs: 300_000, warningBatchMs: 300_000 }, outbox);
 * router.route(reading, verdict);
 */
export class Router {
  readonly counters: RouterCounters = { routed: { normal: 0, warning: 0, critical: 0 }, rawBytes: 0, events: { anomaly: 0, aggregate: 0, health: 0 } };
  private readonly aggregator: WindowAggregator;
  private warnings: AnomalyInput[] = [];
  /** Warning rows added or flushed since the last `drainChanges()`. */
  private warningChanges: StateRow[] = [];
  private nextWarningFlush = 0;
  private readonly rawSizes = new RawSizes();

  constructor(private readonly options: RouterOptions, private readonly sink: EventSink) {
    this.aggregator = new WindowAggregator(options.windowMs, (a, firstId) => this.emitAggregate(a, firstId));
  }

  /** What the router holds that changed since the last call: open windows and the warning batch. */
  drainChanges(): StateRow[] {
    const rows = this.aggregator.drainChanges().concat(this.warningChanges);
    this.warningChanges = [];
    return rows;
  }

  /** Takes back what the last commit left on disk (start-up, or a commit that failed). */
  restore(rows: StateRow[]): void {
    this.aggregator.restore(rows);
    this.warningChanges = [];
    this.warnings = rows.filter((r) => r.key.startsWith(WARNING) && r.body !== null).map((r) => JSON.parse(r.body!) as AnomalyInput);
  }

  /** Readings held in open windows and warnings waiting for their batch (metrics). */
  held(): { windowReadings: number; warnings: number } {
    return { windowReadings: this.aggregator.heldReadings(), warnings: this.warnings.length };
  }

  route(r: Reading, verdict: Verdict): void {
    this.counters.routed[verdict.severity]++;
    this.counters.rawBytes += this.rawSizes.of(r);
    this.aggregator.add(r);
    if (verdict.severity === 'normal') return;
    const anomaly: AnomalyInput = {
      node: r.node, sensor: r.sensor, kind: r.kind, value: r.value, unit: r.unit, ts: r.ts,
      ...(r.location ? { location: r.location } : {}), score: round3(verdict.score), severity: verdict.severity, reason: verdict.reason,
      ...(r.id ? { reading_id: r.id } : {}),
    };
    if (verdict.severity === 'critical') this.emitAnomaly(anomaly);
    else {
      this.warnings.push(anomaly);
      this.warningChanges.push({ key: WARNING + anomalyId(anomaly), body: JSON.stringify(anomaly) });
    }
  }

  health(h: HealthInput & { ts: number }, priority: Severity): void {
    this.counters.events.health++;
    this.sink.enqueue(encodeEvent({
      type: EventType.Health, source: this.options.source, id: `${h.node}:${this.options.boot}:health:${h.ts}`, time: h.ts, data: h, subject: h.node,
    }), priority);
  }

  /** Closes due windows and sends the warning batch when its time has come. */
  tick(now: number): void {
    this.aggregator.closeDue(now);
    if (now >= this.nextWarningFlush) {
      this.flushWarnings();
      this.nextWarningFlush = now + this.options.warningBatchMs;
    }
  }

  /** Sends everything still held (shutdown). */
  flush(): void {
    this.aggregator.closeAll();
    this.flushWarnings();
  }

  private flushWarnings(): void {
    const batch = this.warnings;
    this.warnings = [];
    for (const a of batch) {
      this.warningChanges.push({ key: WARNING + anomalyId(a), body: null });
      this.emitAnomaly(a);
    }
  }

  private emitAnomaly(a: AnomalyInput): void {
    this.counters.events.anomaly++;
    const id = anomalyId(a);
    this.sink.enqueue(encodeEvent({ type: EventType.Anomaly, source: this.options.source, id, time: a.ts as number, data: a, subject: a.node }), a.severity);
    if (a.severity === 'critical') this.options.onCritical?.(id, a);
  }

  private emitAggregate(a: AggregateInput, firstId: string): void {
    this.counters.events.aggregate++;
    // From content, not from a counter: a window re-derived after a restart has the same id, so
    // the studio stores it once; a late reading's own aggregate has its reading's id.
    const id = `${a.node}:agg:${a.window_start}:${firstId}`;
    this.sink.enqueue(encodeEvent({ type: EventType.Aggregate, source: this.options.source, id, time: a.window_end as number, data: a, subject: a.node }), 'normal');
  }
}

const WARNING = 'a\u0000';
const anomalyId = (a: AnomalyInput): string => `anomaly:${a.reading_id ?? `${a.node}:${a.sensor}:${a.ts}`}`;
const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** One series' raw JSON without its value, ts and id: the bytes every reading of it repeats. */
interface SeriesBytes {
  kind: string;
  unit: string;
  location: string | undefined;
  bytes: number;
}

/**
 * Size of a reading sent raw: its JSON in a readings batch, plus the comma — what
 * `Buffer.byteLength(JSON.stringify({node, sensor, kind, value, unit, ts, location, id})) + 1`
 * gives, without building the JSON per reading: the series' part is measured once.
 */
class RawSizes {
  private readonly byNode = new Map<string, Map<string, SeriesBytes>>();

  of(r: Reading): number {
    let series = this.byNode.get(r.node);
    if (!series) this.byNode.set(r.node, (series = new Map()));
    let s = series.get(r.sensor);
    if (!s || s.kind !== r.kind || s.unit !== r.unit || s.location !== r.location) {
      // Value and ts measured as 0 (one byte each), id left out: added per reading below.
      const fixed = Buffer.byteLength(JSON.stringify({ node: r.node, sensor: r.sensor, kind: r.kind, value: 0, unit: r.unit, ts: 0, location: r.location })) - 2;
      series.set(r.sensor, (s = { kind: r.kind, unit: r.unit, location: r.location, bytes: fixed }));
    }
    const id = r.id === undefined ? 0 : Buffer.byteLength(JSON.stringify(r.id)) + 6; // ,"id":
    return s.bytes + String(r.value).length + String(r.ts).length + id + 1;
  }
}
