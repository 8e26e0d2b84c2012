import { EventType } from '../../core/event-types.js';
import type { ClockSync, Reading } from '../../core/schemas.js';
import { isoTime } from '../../core/time.js';
import type { RawEvent } from '../ingest/decode.js';
import { inTimeWindow } from '../ingest/time-window.js';
import { HOLD_LIMITS, type HeldReading, type HeldReadingsRepository, type HoldLimits } from './held-readings.js';

/** A reading of an event, by its index in the event's batch. */
export interface IndexedReading {
  index: number;
  reading: Reading;
}

/** What became of an event's readings that were outside the window with an unsynced clock. */
export interface Admitted {
  /** Corrected at once (the node's correction was already known): stored with the event. */
  corrected: IndexedReading[];
  held: number;
  refused: { index: number; reason: string }[];
}

export type Outcome = 'held' | 'corrected' | 'refused' | 'expired';

export interface ClockHoldOptions {
  repo: HeldReadingsRepository;
  limits?: Partial<HoldLimits>;
  /** Counts every reading's outcome (a metric). */
  count?: (outcome: Outcome, n: number) => void;
  now?: () => number;
}

/** Readings one correction event carries: the batch limit, so an event's held readings never split. */
const PAGE = 10_000;

/**
 * Holds readings a node stamped on an unsynced clock that fall outside the studio's time window
 * (a Pi without RTC boots in 1970), instead of refusing them; when the node's clock syncs, its
 * `io.homelab.edge.clock` event says by how much it was off and they are corrected and stored.
 * The edge holds such readings itself first; these are the ones beyond its bound, or from other
 * senders. Corrections are kept too: readings still behind the node's backlog are corrected as
 * they arrive, and a correction cut short by a crash is applied again on start.
 * @example
 * const hold = new ClockHold({ repo: new SqliteHeldReadings(':memory:') });
 * await hold.open(); await hold.admit('edge/pi-1', 'e1', [{ index: 0, reading }]);
 */
export class ClockHold {
  private readonly limits: HoldLimits;
  private readonly now: () => number;

  constructor(private readonly options: ClockHoldOptions) {
    this.limits = { ...HOLD_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
  }

  open(): Promise<void> {
    return this.options.repo.open();
  }

  close(): Promise<void> {
    return this.options.repo.close();
  }

  /** How many readings wait now. */
  waiting(): Promise<number> {
    return this.options.repo.count();
  }

  /** Takes an event's readings that the window refused and whose clock was unsynced. */
  async admit(source: string, eventId: string, readings: IndexedReading[]): Promise<Admitted> {
    const out: Admitted = { corrected: [], held: 0, refused: [] };
    if (readings.length === 0) return out;
    const corrections = await this.options.repo.corrections(readings[0]!.reading.node);
    const toHold: HeldReading[] = [];
    let fresh = 0;
    const at = this.now();
    for (const r of readings) {
      const known = corrections.find((c) => c.node === r.reading.node && r.reading.ts >= c.from && r.reading.ts <= c.until);
      if (!known) {
        toHold.push({ source, eventId, index: r.index, reading: r.reading, receivedAt: at });
        continue;
      }
      const fixed = shifted(r.reading, known.offset_ms);
      if (inTimeWindow(fixed.ts, at)) out.corrected.push({ index: r.index, reading: fixed });
      else out.refused.push({ index: r.index, reason: stillOutside(r.reading, known) });
    }
    if (toHold.length) {
      const room = this.limits.maxHeld - await this.options.repo.count();
      const kept = toHold.slice(0, Math.max(0, room));
      out.held = kept.length;
      // A redelivery is held once: only what is new is counted.
      fresh = await this.options.repo.hold(kept);
      for (const r of toHold.slice(kept.length)) {
        out.refused.push({ index: r.index, reason: `data.readings[${r.index}].ts: the node's clock is unsynced and the hold for clock correction is full (${this.limits.maxHeld} readings); it is refused` });
      }
    }
    this.count('held', fresh);
    this.count('corrected', out.corrected.length);
    this.count('refused', out.refused.length);
    return out;
  }

  /**
   * A node's clock synced: keeps the correction and sends what was held for it, corrected, to
   * `store` (the ingestor: validated, deduplicated by `<event id>~clock`, and on to the graph and
   * alerts), then forgets it. Resolves to how many were stored and refused.
   */
  async correct(c: ClockSync, store: (events: RawEvent[]) => Promise<unknown>): Promise<{ corrected: number; refused: number }> {
    await this.options.repo.saveCorrection(c, this.now());
    let corrected = 0;
    let refused = 0;
    for (;;) {
      const page = await this.options.repo.take(c.node, c.from, c.until, PAGE);
      if (page.length === 0) break;
      const events = new Map<string, { source: string; id: string; readings: Reading[] }>();
      const at = this.now();
      for (const h of page) {
        const fixed = shifted(h.reading, c.offset_ms);
        if (!inTimeWindow(fixed.ts, at)) { refused++; continue; }
        const key = `${h.source}\u0000${h.eventId}`;
        const e = events.get(key) ?? { source: h.source, id: `${h.eventId}~clock`, readings: [] };
        e.readings.push(fixed);
        events.set(key, e);
        corrected++;
      }
      if (events.size) {
        await store([...events.values()].map((e) => ({
          specversion: '1.0', id: e.id, source: e.source, type: EventType.Reading, subject: c.node, data: { readings: e.readings },
        })));
      }
      await this.options.repo.remove(page);
    }
    this.count('corrected', corrected);
    this.count('refused', refused);
    return { corrected, refused };
  }

  /** Applies every kept correction again (start-up: one may have been cut short by a crash). */
  async resume(store: (events: RawEvent[]) => Promise<unknown>): Promise<void> {
    for (const c of await this.options.repo.allCorrections()) await this.correct(c, store);
  }

  /** Drops what waited longer than the TTL (counted as expired). */
  async expire(): Promise<number> {
    const n = await this.options.repo.expire(this.now() - this.limits.ttlMs);
    this.count('expired', n);
    return n;
  }

  private count(outcome: Outcome, n: number): void {
    if (n > 0) this.options.count?.(outcome, n);
  }
}

function shifted(r: Reading, offsetMs: number): Reading {
  return { ...r, ts: r.ts + offsetMs, clock: 'corrected' };
}

function safeIso(ms: number): string {
  return Number.isNaN(new Date(ms).getTime()) ? String(ms) : isoTime(ms);
}

function stillOutside(r: Reading, c: ClockSync): string {
  return `ts: ${r.ts} corrected by the node's clock offset (${c.offset_ms} ms) is ${safeIso(r.ts + c.offset_ms)}, still outside the accepted time window`;
}
