import type { Aggregate, Anomaly, Health, ClockSync, ModelStateReport, Reading } from '../../core/schemas.js';
import type { Severity } from '../../core/severity.js';
import type { SeriesColumns } from './columns.js';

/** The CloudEvent envelope fields the store keeps for dedupe and audit. */
export interface EventEnvelope {
  source: string;
  id: string;
  type: string;
  /** Event time (epoch ms). */
  time: number;
  subject?: string;
}

/** One accepted event, already validated and normalised, ready to store. */
export interface IngestItem {
  event: EventEnvelope;
  readings?: Reading[];
  /**
   * The readings column by column, grouped by series: what the HTTP fast path produces. A store
   * takes either form; when both are given, `series` is used.
   */
  series?: SeriesColumns[];
  health?: Health;
  anomalies?: Anomaly[];
  aggregate?: Aggregate;
  /** Text for an anomaly stored earlier (same source, `anomaly_id` = its event id). */
  explanation?: { anomaly_id: string; text: string };
  /** A node's model state report (kept by the model registry; the store keeps only the event's id). */
  model?: ModelStateReport;
  /** A node's clock correction (applied by the clock hold; the store keeps only the event's id). */
  clockSync?: ClockSync;
}

export type IngestStatus = 'stored' | 'duplicate';

/** Which series to look at. Every field narrows; none means all. */
export interface SeriesFilter {
  node?: string;
  sensor?: string;
  kind?: string;
  location?: string;
}

export interface TimeRange {
  /** Inclusive start, epoch ms. */
  from: number;
  /** Exclusive end, epoch ms. */
  to: number;
}

/** A series (one sensor on one node) and its latest value. */
export interface SeriesInfo {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | null;
  firstSeen: number;
  lastTs: number;
  lastValue: number;
}

export interface ReadingRow {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | null;
  ts: number;
  value: number;
  severity: Severity | null;
  score: number | null;
}

/** Statistics of one series over a range, from 5-minute rollups (raw readings or edge aggregates). */
export interface SeriesStats {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | null;
  count: number;
  mean: number;
  min: number;
  minTs: number;
  max: number;
  maxTs: number;
  firstTs: number;
  lastTs: number;
}

/** A downsampled point: one `step`-wide bucket of one series. */
export interface SeriesPoint {
  node: string;
  sensor: string;
  kind: string;
  ts: number;
  count: number;
  mean: number;
  min: number;
  max: number;
}

export interface AnomalyRow extends Anomaly {
  eventId: string;
  location: string | undefined;
}

/** A stored anomaly with its place in ingest order (see `StudioStore.anomaliesAfter`). */
export interface SequencedAnomaly {
  /** The anomaly's ingest sequence number: the table's row id, only ever increasing. */
  seq: number;
  anomaly: AnomalyRow;
}

export interface HealthRow extends Health {
  location: string | undefined;
}

/** A node as the studio knows it: where it is, when it was last heard from, its latest health. */
export interface NodeRow {
  node: string;
  location: string | null;
  firstSeen: number;
  lastSeen: number;
  health: Health | null;
}

/** Names the store knows, for resolving loosely written entities in questions. */
export interface Catalog {
  nodes: string[];
  locations: string[];
  kinds: string[];
  series: SeriesInfo[];
}

export interface StoreCounts {
  events: number;
  readings: number;
  anomalies: number;
  health: number;
  nodes: number;
}

/**
 * agent-bruno's storage. One interface, one contract test suite, several engines
 * (SQLite embedded by default). Every method is async so network engines fit the same shape.
 */
export interface StudioStore {
  readonly engine: string;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Stores each item once per `source`+`id`; answers per item whether it was new. */
  ingest(items: IngestItem[]): Promise<IngestStatus[]>;
  catalog(): Promise<Catalog>;
  latest(filter: SeriesFilter): Promise<SeriesInfo[]>;
  readings(filter: SeriesFilter & TimeRange & { limit?: number }): Promise<ReadingRow[]>;
  series(filter: SeriesFilter & TimeRange & { stepMs: number }): Promise<SeriesPoint[]>;
  stats(filter: SeriesFilter & TimeRange): Promise<SeriesStats[]>;
  anomalies(filter: SeriesFilter & TimeRange & { minSeverity?: Severity; limit?: number }): Promise<AnomalyRow[]>;
  /**
   * Stored anomalies in ingest order with a sequence number above `seq`, at most `limit` of them:
   * a cursor for consumers that must see every anomaly exactly once (the knowledge graph's
   * catch-up). Engines guarantee that once an anomaly with some seq is visible, no anomaly with a
   * lower seq becomes visible later, so "everything after the last seq I processed" misses nothing.
   * @example
   * for (let seq = 0, page; (page = await store.anomaliesAfter(seq, 500)).length; seq = page.at(-1)!.seq) handle(page);
   */
  anomaliesAfter(seq: number, limit: number): Promise<SequencedAnomaly[]>;
  healthHistory(node: string, range: TimeRange): Promise<HealthRow[]>;
  nodes(): Promise<NodeRow[]>;
  counts(): Promise<StoreCounts>;
  /**
   * Compacts what ingest left open (each series' newest head blocks) and, for embedded engines,
   * folds the write-ahead log into the file. Engines also run it by themselves once ingest has been
   * quiet for a moment, and on close; optional for engines with nothing to compact.
   */
  flush?(): Promise<{ merged: number }>;
  /** Deletes what is older than the policy keeps; answers how many rows went, per table (readings: readings). */
  enforceRetention(policy: RetentionPolicy): Promise<Record<string, number>>;
}

/** How long the studio keeps data (seed: all events 30 days hot, aggregates 1 year). */
export interface RetentionPolicy {
  now: number;
  /** Raw readings, events (dedupe ids), anomalies and health history. */
  rawMs: number;
  /** 5-minute rollups. */
  rollupMs: number;
}

export const DEFAULT_RETENTION = { rawMs: 30 * 86_400_000, rollupMs: 365 * 86_400_000 } as const;

/** Width of the rollup buckets every engine keeps. */
export const ROLLUP_MS = 5 * 60_000;
