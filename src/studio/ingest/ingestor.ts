import type { StudioMetrics } from '../metrics.js';
import type { IngestItem, StudioStore } from '../store/store.js';
import type { RawEvent } from './decode.js';
import { validateEvent, type PartRejection } from './validate.js';
import { summarize, type BatchSummary } from './summary.js';
import { readingCount } from '../store/columns.js';

export interface EventResult {
  id: string;
  source: string;
  status: 'stored' | 'duplicate' | 'rejected';
  reason?: string;
  field?: string;
  /** Readings of an accepted batch that were refused, with why. */
  rejected_readings?: PartRejection[];
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

  constructor(private readonly store: StudioStore, private readonly metrics: StudioMetrics) {}

  onStored(listener: IngestListener): void {
    this.listeners.push(listener);
  }

  async accept(raw: RawEvent[]): Promise<EventResult[]> {
    const results: EventResult[] = new Array(raw.length);
    const accepted: { index: number; item: IngestItem; parts: PartRejection[] }[] = [];
    raw.forEach((r, index) => {
      const v = validateEvent(r);
      if (v.ok) {
        accepted.push({ index, item: v.item, parts: v.partRejections });
        return;
      }
      results[index] = { id: v.id, source: v.source, status: 'rejected', reason: v.error.message, ...(v.error.field ? { field: v.error.field } : {}) };
      this.metrics.ingestEvents.inc({ type: typeof r.type === 'string' ? r.type.slice(0, 64) : 'unknown', status: 'rejected' });
      this.metrics.ingestRejections.inc({ reason: v.error.reason });
    });
    const statuses = accepted.length ? await this.store.ingest(accepted.map((a) => a.item)) : [];
    const stored: IngestItem[] = [];
    accepted.forEach(({ index, item, parts }, i) => {
      const status = statuses[i]!;
      results[index] = { id: item.event.id, source: item.event.source, status, ...(parts.length ? { rejected_readings: parts } : {}) };
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
}
