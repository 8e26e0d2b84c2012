import type { ClockSync, Reading } from '../../core/schemas.js';

/**
 * Readings a node stamped with an unsynced clock that fell outside the studio's time window: kept
 * (not refused) until the node's clock syncs and it says by how much it was off
 * (`io.homelab.edge.clock`), then corrected and stored. One contract (held-readings.test.ts) for
 * SQLite and PostgreSQL, so a replica that takes the correction sees what another one held.
 */
export interface HeldReadingsRepository {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Keeps readings; one already held under the same (source, event_id, index) is ignored. Returns how many were new. */
  hold(rows: HeldReading[]): Promise<number>;
  /** How many readings are held now. */
  count(): Promise<number>;
  /**
   * Held readings of `node` stamped (on its unsynced clock) in [from, until], whole events only,
   * ordered by event, at most `limit` (which must be at least the readings one event may carry).
   */
  take(node: string, from: number, until: number, limit: number): Promise<HeldReading[]>;
  remove(rows: HeldKey[]): Promise<void>;
  /** Keeps a correction, so readings still on their way (behind the node's backlog) are corrected on arrival. */
  saveCorrection(c: ClockSync, at: number): Promise<void>;
  /** The newest correction of `node` whose range holds `ts`. */
  corrections(node: string): Promise<ClockSync[]>;
  /** Every stored correction (applied again on start: a crash may have cut one short). */
  allCorrections(): Promise<ClockSync[]>;
  /** Drops held readings and corrections older than `before`; returns how many readings went. */
  expire(before: number): Promise<number>;
}

export interface HeldKey {
  source: string;
  eventId: string;
  index: number;
}

export interface HeldReading extends HeldKey {
  reading: Reading;
  receivedAt: number;
}

/** The bounds, chosen and documented (README, "Clock correction"). */
export const HOLD_LIMITS = {
  /** Most readings held at once, all nodes together; beyond, readings are refused by name and counted. */
  maxHeld: 1_000_000,
  /** How long a held reading (and a correction) is kept waiting; then it is dropped and counted. */
  ttlMs: 7 * 86_400_000,
} as const;
export type HoldLimits = { maxHeld: number; ttlMs: number };
