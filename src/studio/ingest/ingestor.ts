import type { StudioMetrics } from '../metrics.js';
import type { IngestItem, StudioStore } from '../store/store.js';
import type { RawEvent } from './decode.js';
import { validateEvent, type PartRejection, type Unsynced } from './validate.js';
import { summarize, type BatchSummary } from './summary.js';
import { readingCount } from '../store/columns.js';
import type { ClockHold } from '../clock-hold/clock-hold.js';

export interface EventResult {
  id: string;
  source: string;
  /** `held`: every reading waits for the node's clock correction (its clock was unsynced). */
  status: 'stored' | 'duplicate' | 'rejected' | 'held';
  reason?: string;
  field?: string;
  /** Readings of an accepted batch that were refused, with why. */
  rejected_readings?: PartRejection[];
  /** Readings of the event held for the node's clock correction. */
  held_readings?: number;
}

/**
 * Called with every newly stored item, after it is durable (alerts, graph, … subscribe here), and
 * the batch's readings folded per series once for all listeners.
 */
export type IngestListener = (items: IngestItem[], summary: BatchSummary) => void;

/**
 * Validates, dedupes and stores events; one bad event never stops the others.
 * @example
 * const results = await ingestor.accept(decodeHttp(headers, body));
 */
export class Ingestor {
  private readonly listeners: IngestListener[] = [];

  /** Where readings stamped by an unsynced clock outside the window wait; without it they are refused. */
  hold?: ClockHold;

  constructor(private readonly store: StudioStore, private readonly metrics: StudioMetrics) {}

  onStored(listener: IngestListener): void {
    this.listeners.push(listener);
  }

  async accept(raw: RawEvent[]): Promise<EventResult[]> {
    const results: EventResult[] = new Array(raw.length);
    const unsynced: { at: number; list: Unsynced[] }[] = [];
    const accepted: { index: number; item: IngestItem; parts: PartRejection[]; held: number }[] = [];
    raw.forEach((r, index) => {
      const v = validateEvent(r);
      if (v.ok) {
        accepted.push({ index, item: v.item, parts: v.partRejections, held: 0 });
        if (v.unsynced.length) unsynced.push({ at: accepted.length - 1, list: v.unsynced });
        return;
      }
      results[index] = { id: v.id, source: v.source, status: 'rejected', reason: v.error.message, ...(v.error.field ? { field: v.error.field } : {}) };
      this.metrics.ingestEvents.inc({ type: typeof r.type === 'string' ? r.type.slice(0, 64) : 'unknown', status: 'rejected' });
      this.metrics.ingestRejections.inc({ reason: v.error.reason });
    });
    for (const u of unsynced) await this.admitUnsynced(accepted[u.at]!, u.list);
    const statuses = accepted.length ? await this.store.ingest(accepted.map((a) => a.item)) : [];
    const stored: IngestItem[] = [];
    accepted.forEach(({ index, item, parts, held }, i) => {
      const status = statuses[i]!;
      const shown = status === 'stored' && held > 0 && !item.readings ? 'held' : status;
      results[index] = { id: item.event.id, source: item.event.source, status: shown, ...(parts.length ? { rejected_readings: parts } : {}), ...(held ? { held_readings: held } : {}) };
      this.metrics.ingestEvents.inc({ type: item.event.type, status });
      if (parts.length) this.metrics.ingestRejections.inc({ reason: 'invalid_reading' }, parts.length);
      if (status === 'stored') {
        stored.push(item);
        this.metrics.ingestReadings.inc(readingCount(item));
      }
    });
    if (stored.length && this.listeners.length) {
      const summary = summarize(stored);
      for (const l of this.listeners) l(stored, summary);
    }
    return results;
  }

  /**
   * An event's readings that were outside the window on an unsynced clock: held for the node's
   * correction (or corrected at once when it is known), refused by name without a hold.
   */
  private async admitUnsynced(a: { item: IngestItem; parts: PartRejection[]; held: number }, list: Unsynced[]): Promise<void> {
    if (!this.hold) {
      for (const u of list) a.parts.push({ index: u.index, reason: u.reason });
      return;
    }
    const done = await this.hold.admit(a.item.event.source, a.item.event.id, list);
    a.held = done.held;
    a.parts.push(...done.refused);
    if (done.corrected.length) a.item.readings = [...(a.item.readings ?? []), ...done.corrected.map((c) => c.reading)];
    a.parts.sort((x, y) => x.index - y.index);
  }
}
