import { EventType } from '../../core/event-types.js';
import { edgeSource } from '../../core/wire-event.js';
import type { AnomalyRow, IngestItem, StudioStore } from '../store/store.js';
import type { GraphRepository } from './graph-repository.js';

/** Where catch-up reads stored anomalies from: the studio's store, in ingest order. */
export type AnomalySource = Pick<StudioStore, 'anomaliesAfter'>;

/**
 * The graph's cursor: the store's anomaly sequence number (`anomaliesAfter`) up to which every
 * anomaly is in an incident. A new name rather than a new meaning for `ARRIVAL_CURSOR`, so a graph
 * written by an older version (which only has that one) is recognised and caught up from the start.
 */
export const SEQ_CURSOR = 'anomalies_seq';

/**
 * The cursor of older versions: studio arrival time (epoch ms) of the latest finished batch. No
 * longer read or written; an existing row is left as it is.
 */
export const ARRIVAL_CURSOR = 'anomalies_arrived';

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
 * The anomalies stored after sequence number `after` that no incident contains yet, oldest (by event
 * time) first, as the ingest items they came in (source assumed to be the node's edge source, which
 * the store does not keep), and the last seq scanned (`after` when there was nothing). Reads the
 * store in pages, asking the graph which keys it has once per page.
 * @example
 * const { through, items } = await missingAnomalies(repo, store, await repo.cursor(SEQ_CURSOR) ?? 0);
 */
export async function missingAnomalies(repo: GraphRepository, source: AnomalySource, after: number): Promise<{ through: number; scanned: number; items: IngestItem[] }> {
  const missing = new Map<string, AnomalyRow>();
  let through = after;
  let scanned = 0;
  for (;;) {
    const page = await source.anomaliesAfter(through, PAGE);
    if (!page.length) break;
    scanned += page.length;
    const known = await repo.attachedAnomalies(page.map((r) => anomalyKey(r.anomaly)));
    for (const { anomaly } of page) {
      const key = anomalyKey(anomaly);
      if (!known.has(key) && !missing.has(key)) missing.set(key, anomaly); // first stored wins, as live ingest would have
    }
    through = page[page.length - 1]!.seq;
    if (page.length < PAGE) break;
  }
  // Event time across the whole scan, not page by page: which incident an anomaly joins depends on
  // the ones before it, and a backlog is stored in whatever order the nodes drained it.
  return { through, scanned, items: [...missing.values()].sort((a, b) => a.ts - b.ts).map(toItem) };
}

/**
 * How far the cursor may move from `after`: the last seq of the unbroken run of stored anomalies
 * that are all in incidents. Stops at the first one that is not, whether a live batch still has it
 * or a failed batch dropped it: the next start replays from there. Deriving it from the graph
 * rather than from batches finishing is what keeps it right while live batches, catch-up and other
 * replicas interleave.
 * @example
 * await repo.advanceCursor(SEQ_CURSOR, await appliedThrough(repo, store, await repo.cursor(SEQ_CURSOR) ?? 0));
 */
export async function appliedThrough(repo: GraphRepository, source: AnomalySource, after: number): Promise<number> {
  let through = after;
  for (;;) {
    const page = await source.anomaliesAfter(through, PAGE);
    const known = await repo.attachedAnomalies(page.map((r) => anomalyKey(r.anomaly)));
    for (const row of page) {
      if (!known.has(anomalyKey(row.anomaly))) return through;
      through = row.seq;
    }
    if (page.length < PAGE) return through;
  }
}

function toItem(row: AnomalyRow): IngestItem {
  const { eventId, ...anomaly } = row;
  return { event: { source: edgeSource(row.node), id: eventId, type: EventType.Anomaly, time: row.ts }, anomalies: [anomaly] };
}
