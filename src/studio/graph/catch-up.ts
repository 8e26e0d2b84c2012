import { EventType } from '../../core/event-types.js';
import { edgeSource } from '../../core/wire-event.js';
import type { AnomalyRow, IngestItem, StudioStore } from '../store/store.js';
import type { GraphRepository } from './graph-repository.js';

/** Where catch-up reads stored anomalies from: the studio's store. */
export type AnomalySource = Pick<StudioStore, 'anomalies'>;

/**
 * The graph's cursor: the studio clock's arrival time of the latest batch it finished, such that
 * every batch that arrived before it is in the graph. Arrival, not event time: an edge clock set
 * in the future must not push it ahead.
 */
export const ARRIVAL_CURSOR = 'anomalies_arrived';

/**
 * How far behind the cursor (by the anomalies' own time) catch-up looks. The store can only be
 * asked by event time, and a node draining its outbox after an outage sends anomalies that
 * arrive now but happened long before; this covers a backlog up to a week old.
 */
export const DEFAULT_CATCH_UP_LOOKBACK_MS = 7 * 86_400_000;

/** Rows per store query while scanning. */
const PAGE = 1000;

/**
 * What identifies one anomaly whatever event carried it: series and time. The live path and a
 * replay from the store both have it (the store does not keep the event's source), and at most
 * one anomaly is raised per reading. The repositories' migration builds the same string in SQL.
 * @example
 * anomalyKey({ node: 'pi-node-2', sensor: 'dht22-temperature', ts: 1763648580000 }) // 'pi-node-2/dht22-temperature@1763648580000'
 */
export function anomalyKey(a: { node: string; sensor: string; ts: number }): string {
  return `${a.node}/${a.sensor}@${a.ts}`;
}

/**
 * The anomalies the store holds with an event time from `from` on that no incident contains yet,
 * oldest first, as the ingest items they came in (source assumed to be the node's edge source,
 * which the store does not keep). Scans newest first in pages, asking the graph which keys it has
 * once per page.
 * @example
 * const { scanned, items } = await missingAnomalies(repo, store, cursor - DEFAULT_CATCH_UP_LOOKBACK_MS);
 */
export async function missingAnomalies(repo: GraphRepository, source: AnomalySource, from: number): Promise<{ scanned: number; items: IngestItem[] }> {
  const missing = new Map<string, AnomalyRow>();
  let scanned = 0;
  let to = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const page = await source.anomalies({ from, to, limit: PAGE });
    scanned += page.length;
    const known = await repo.attachedAnomalies(page.map(anomalyKey));
    for (const row of page) if (!known.has(anomalyKey(row))) missing.set(anomalyKey(row), row);
    if (page.length < PAGE) break;
    // Newest first: the next page ends where this one did. Overlapping at that millisecond keeps
    // rows sharing it; a whole page within one millisecond steps past it rather than loop.
    const oldest = page[page.length - 1]!.ts;
    to = oldest + 1 < to ? oldest + 1 : oldest;
  }
  return { scanned, items: [...missing.values()].sort((a, b) => a.ts - b.ts).map(toItem) };
}

function toItem(row: AnomalyRow): IngestItem {
  const { eventId, ...anomaly } = row;
  return { event: { source: edgeSource(row.node), id: eventId, type: EventType.Anomaly, time: row.ts }, anomalies: [anomaly] };
}
