/** What the studio said about each event of a sent batch. */
export interface SendResult {
  /** Ids the studio stored (or had already stored: duplicates count as delivered). */
  delivered: string[];
  /** Ids the studio refused for good (4xx with a reason): never retried, counted and logged. */
  rejected: { id: string; reason: string }[];
  /** Readings the studio refused inside events it stored (`rejected_readings` of a partly taken event). */
  rejectedReadings?: number;
  /** Ids to try again later (network error, 5xx, 429). */
  retry: string[];
  /** Server-suggested wait before the next attempt (Retry-After), in ms. */
  retryAfterMs?: number;
  /** Bytes put on the wire for this attempt. */
  bytes: number;
  /** Set when the whole attempt failed (connection refused, timeout …). */
  error?: string;
}

import type { WireEvent as EncodedEvent } from '../../core/wire-event.js';

/** What a transport sends: an event's id and its structured JSON (as the outbox keeps it). */
export type WireEvent = Pick<EncodedEvent, 'id' | 'json'>;

/**
 * Carries CloudEvents from a node to the studio. Implementations return results instead of
 * throwing into the caller, so one bad attempt never crashes the collector.
 */
export interface Transport {
  readonly name: string;
  send(events: WireEvent[]): Promise<SendResult>;
  close(): Promise<void>;
}
