import type { Reading } from '../../core/schemas.js';
import type { Severity } from '../../core/severity.js';
import type { SeriesMeta } from './series.js';

export interface LocalStoreOptions {
  /** SQLite file (its own file, apart from the outbox). */
  path: string;
  /** How long raw readings are kept (default 7 days). */
  rawRetentionMs?: number;
  /** How long 5-minute aggregates are kept (default 90 days). */
  aggregateRetentionMs?: number;
  /** Bound on the database's used pages; at the bound the oldest raw blocks go first (counted). */
  maxBytes?: number;
  /** Flush when this many readings are buffered (default 10 000). */
  flushEvery?: number;
  /** Flush at least this often, ms (default 60 s): the most a crash can lose. */
  flushMs?: number;
  /** Hard cap on buffered readings if the event loop never gets to flush (default 20 × flushEvery). */
  maxBuffered?: number;
  /** Clock for automatic retention (default Date.now). */
  clock?: () => number;
  log?: (msg: string) => void;
}

/** A reading as the store returns it; `score` is kept only for non-normal readings. */
export type StoredReading = Reading & { severity: Severity };

export interface StoreQuery {
  node?: string;
  sensor?: string;
  kind?: string;
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
  /** At most this many readings, earliest first. */
  limit?: number;
}

/** One series over one 5-minute window. */
export interface StoredAggregate extends SeriesMeta {
  windowStart: number;
  windowEnd: number;
  count: number;
  min: number;
  max: number;
  mean: number;
  last: number;
  minTs: number;
  maxTs: number;
  lastTs: number;
}

export interface LocalStoreStats {
  /** Raw readings on disk (not counting the buffer). */
  rawReadings: number;
  /** Database file plus its WAL. */
  bytesOnDisk: number;
  bytesPerReading: number;
  series: number;
  /** Raw readings dropped to keep within `maxBytes`, since the file was created. */
  droppedForSpace: number;
  droppedForRetention: number;
  /** Readings waiting in memory for the next flush. */
  buffered: number;
  blocks: number;
}
