/**
 * CloudEvent types this project emits and accepts. Every type is documented in the README's
 * reference section; add new ones here and there together.
 */
export const EventType = {
  /** Raw readings: `{ readings: Reading[] }`. Always accepted by the studio. */
  Reading: 'io.homelab.edge.reading',
  /** Node health snapshot: `{ node, ts, cpu_pct, mem_pct, temp_c, disk_pct, top }`. */
  Health: 'io.homelab.edge.health',
  /** One detected anomaly, sent at once when critical, batched when warning. */
  Anomaly: 'io.homelab.edge.anomaly',
  /** Per-series window summaries (count, min, max, mean, last) of normal data. */
  Aggregate: 'io.homelab.edge.aggregate',
  /** A local model's explanation of an anomaly sent earlier: `{ anomaly_id, text, model }`. */
  Explanation: 'io.homelab.edge.explanation',
  /** A node's model changed state: `{ node, model_id, version, state: shadow|active|rolled_back|failed, reason, ts }`. */
  Model: 'io.homelab.edge.model',
  /**
   * A node's clock synced after running unsynced: `{ node, ts, offset_ms, from, until }` — readings
   * it stamped between `from` and `until` (its unsynced clock) are `offset_ms` off.
   */
  Clock: 'io.homelab.edge.clock',
} as const;
export type EventTypeName = (typeof EventType)[keyof typeof EventType];
export const EVENT_TYPES: readonly string[] = Object.values(EventType);
