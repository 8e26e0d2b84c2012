import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** What the collector knows about itself at a moment; read at scrape time. */
export interface EdgeSnapshot {
  readingsIn: number;
  bySeverity: Record<string, number>;
  malformed: Record<string, number>;
  outboxDepth: number;
  outboxOldestAgeMs: number;
  outboxBytes: number;
  drops: Record<string, number>;
  delivered: number;
  rejected: number;
  retries: number;
  bytesSent: number;
  rawBytes: number;
  localReadings: number;
  localBytes: number;
}

/**
 * The collector's Prometheus metrics. Values are pulled from `snapshot()` when scraped, so the
 * per-reading path never touches a metric object.
 * @example
 * const m = createEdgeMetrics(() => collector.snapshot());
 * res.end(await m.registry.metrics());
 */
export function createEdgeMetrics(snapshot: () => EdgeSnapshot): { registry: Registry } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'homelab_edge_' });
  const gauge = (name: string, help: string, read: (s: EdgeSnapshot, g: Gauge) => void, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry], collect() { read(snapshot(), this); } });
  const byLabel = (label: string, values: Record<string, number>, g: Gauge) => {
    for (const [k, v] of Object.entries(values)) g.set({ [label]: k }, v);
  };
  gauge('homelab_edge_readings_total', 'Readings taken, by severity', (s, g) => byLabel('severity', s.bySeverity, g), ['severity']);
  gauge('homelab_edge_malformed_total', 'Inputs that could not be read, by source', (s, g) => byLabel('source', s.malformed, g), ['source']);
  gauge('homelab_edge_outbox_depth', 'Events waiting in the durable outbox', (s, g) => g.set(s.outboxDepth));
  gauge('homelab_edge_outbox_oldest_age_seconds', 'Age of the oldest waiting event', (s, g) => g.set(s.outboxOldestAgeMs / 1000));
  gauge('homelab_edge_outbox_bytes', 'Bytes held in the outbox', (s, g) => g.set(s.outboxBytes));
  gauge('homelab_edge_outbox_dropped_total', 'Events dropped at the outbox bound, by priority', (s, g) => byLabel('priority', s.drops, g), ['priority']);
  gauge('homelab_edge_events_delivered_total', 'Events the studio acknowledged', (s, g) => g.set(s.delivered));
  gauge('homelab_edge_events_rejected_total', 'Events the studio refused for good', (s, g) => g.set(s.rejected));
  gauge('homelab_edge_send_retries_total', 'Send attempts that will be retried', (s, g) => g.set(s.retries));
  gauge('homelab_edge_bytes_sent_total', 'Bytes put on the wire to the studio', (s, g) => g.set(s.bytesSent));
  gauge('homelab_edge_raw_bytes_total', 'Bytes a raw stream of every reading would have sent', (s, g) => g.set(s.rawBytes));
  gauge('homelab_edge_local_readings', 'Raw readings kept in the local store', (s, g) => g.set(s.localReadings));
  gauge('homelab_edge_local_store_bytes', 'Bytes on disk of the local store', (s, g) => g.set(s.localBytes));
  return { registry };
}
