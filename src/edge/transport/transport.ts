/** What the studio said about each event of a sent batch. */
export interface SendResult {
  /** Ids the studio stored (or had already stored: duplicates count as delivered). */
  delivered: string[];
  /** Ids the studio refused for good (4xx with a reason): never retried, counted and logged. */
  rejected: { id: string; reason: string }[];
  /** Ids to try again later (network error, 5xx, 429). */
  retry: string[];
  /** Server-suggested wait before the next attempt (Retry-After), in ms. */
  retryAfterMs?: number;
  /** Bytes put on the wire for this attempt. */
  bytes: number;
  /** Set when the whole attempt failed (connection refused, timeout …). */
  error?: string;
}

/** A CloudEvent ready for the wire: its id and its structured-mode JSON, serialised once. */
export interface WireEvent {
  id: string;
  json: string;
}

/**
 * Carries CloudEvents from a node to the studio. Implementations return results instead of
 * throwing into the caller, so one bad attempt never crashes the collector.
 */
export interface Transport {
  readonly name: string;
  send(events: WireEvent[]): Promise<SendResult>;
  close(): Promise<void>;
}
