import type { Severity } from '../../core/severity.js';
import type { WireEvent } from '../../core/wire-event.js';
import type { Outbox } from '../outbox/outbox.js';
import type { StateRow } from '../route/aggregator.js';
import type { EventSink } from '../route/router.js';
import { isDiskFull, type DiskGuard } from './disk-guard.js';
import type { IntakeJournal, JournalReading } from './journal.js';
import { BatchKeys, type KeyedBatch } from './keys.js';

/** What keeps state between readings (router, collector): persisted by each commit, restored on start. */
export interface IntakeState {
  drainChanges(): StateRow[];
  restore(rows: StateRow[]): void;
}

/** The local store as the intake feeds it: after commit, with the journal row the readings are in. */
export interface JournalledStore {
  append(reading: JournalReading, journalSeq?: number): void;
  /** The journal row up to which every reading is in a durable flush. */
  journalThrough?(): number;
}

export interface IntakeOptions {
  /**
   * Longest wait, ms, between the first reading of a group and its commit (`GROUP_COMMIT_MS`):
   * every reading accepted in that time shares one fsync. 0 commits at the end of the current
   * turn of the event loop (what arrived together still shares it).
   */
  groupCommitMs: number;
  /** Commit at once when this many readings wait (bounds memory and the ack delay under load). */
  maxGroupReadings: number;
  log?: (msg: string) => void;
}

export interface IntakeCounters {
  commits: number;
  committedReadings: number;
  failedCommits: number;
  /** Readings put back into the local store's buffer from the journal on start. */
  replayed: number;
  /** State rows restored on start (open windows, warnings, held readings). */
  restoredRows: number;
}

/**
 * Durable before acknowledged. Everything the collector accepts or decides is staged here and
 * written in one SQLite transaction of the outbox file (WAL, `synchronous=FULL`): the readings
 * for the local store (journal), the router's changed state (open windows, warning batch) and the
 * events it queued. Only after that commit does `committed()` resolve, so a source acknowledges
 * (`/push` 202, MQTT PUBACK, a CSV cursor) what a restart after kill -9 or power loss recovers:
 * `open()` restores the state and replays unflushed journal rows into the local store.
 * Group commit: readings arriving within `groupCommitMs` share one fsync.
 * A failed commit rolls back as a whole: the outbox and the state are reloaded from disk and
 * every waiter is refused (a full disk trips the guard, which refuses with its reason).
 * @example
 * const intake = new Intake(outbox, new IntakeJournal(() => outbox.database()), guard, { groupCommitMs: 2, maxGroupReadings: 5000 });
 * intake.open(router, store);
 * router.route(reading, verdict); intake.stageReading(reading);
 * await intake.committed(); // now acknowledge
 */
export class Intake implements EventSink {
  readonly counters: IntakeCounters = { commits: 0, committedReadings: 0, failedCommits: 0, replayed: 0, restoredRows: 0 };
  private staged: { event: WireEvent; priority: Severity }[] = [];
  private readings: JournalReading[] = [];
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private after: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private state?: IntakeState;
  private store?: JournalledStore;
  private forgotten = 0;

  /** Senders' batch keys, written with the readings they name (idempotent retries). */
  readonly keys: BatchKeys;

  constructor(private readonly outbox: Outbox, private readonly journal: IntakeJournal, readonly guard: DiskGuard, private readonly options: IntakeOptions, keys?: BatchKeys) {
    this.keys = keys ?? new BatchKeys({ maxKeys: 10_000, ttlMs: 86_400_000 });
  }

  /** Restores the held state and puts journal rows the local store had not flushed back into it. */
  open(state: IntakeState, store?: JournalledStore): void {
    this.journal.open();
    this.keys.open(this.journal.handle());
    this.state = state;
    this.store = store;
    const rows = this.journal.loadState();
    this.counters.restoredRows = rows.length;
    state.restore(rows);
    if (store) {
      const through = store.journalThrough?.() ?? 0;
      this.forgotten = 0;
      for (const row of this.journal.after(through)) {
        for (const r of row.readings) store.append(r, row.seq);
        this.counters.replayed += row.readings.length;
      }
    }
    this.guard.start();
    if (rows.length || this.counters.replayed) {
      this.options.log?.(`[intake] resumed: ${rows.length} state rows (open windows, warnings), ${this.counters.replayed} readings back into the local store`);
    }
  }

  /** Commits what is staged and stops the guard (shutdown). */
  close(): void {
    this.commit();
    this.guard.stop();
  }

  /** Whether readings whose worst verdict is `severity` should be taken now (false: the disk is full). */
  admit(severity: Severity): boolean {
    return this.guard.admit(severity);
  }

  enqueue(event: WireEvent, priority: Severity): void {
    this.staged.push({ event, priority });
    this.schedule();
  }

  stageReading(r: JournalReading): void {
    this.readings.push(r);
  }

  /** Stages a sender's batch key: written in the same commit as the readings staged with it. */
  stageKey(batch: KeyedBatch): void {
    this.keys.stage(batch);
  }

  /** Runs `fn` once what is staged now has committed (never when the commit fails). */
  afterCommit(fn: () => void): void {
    this.after.push(fn);
  }

  /** Resolves once everything staged so far is on disk; rejects when that commit fails. */
  committed(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.readings.length >= this.options.maxGroupReadings) this.commit();
    else this.schedule();
    return done;
  }

  /** Writes everything staged in one transaction (one fsync), then wakes whoever waited. */
  commit(): void {
    clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    if (!this.state) return;
    const { readings, staged, waiters, after } = this;
    this.readings = [];
    this.staged = [];
    this.waiters = [];
    this.after = [];
    const changes = this.state.drainChanges();
    const keyed = this.keys.drain();
    if (readings.length === 0 && staged.length === 0 && changes.length === 0 && keyed.length === 0) return waiters.forEach((w) => w.resolve());
    let seq: number | undefined;
    const through = this.store?.journalThrough?.() ?? 0;
    const write = () => this.journal.transaction(() => {
      if (readings.length && this.store) seq = this.journal.append(readings);
      this.journal.writeState(changes);
      for (const s of staged) this.outbox.stage(s.event, s.priority);
      this.keys.write(keyed);
      if (through > this.forgotten) this.journal.forgetThrough(through);
    });
    let full: unknown;
    try {
      try {
        write();
      } catch (err) {
        // The disk filled under this commit: if it carries critical readings, it gets the
        // reserve's room now (not only the next commit), and is refused only when that is gone too.
        const critical = readings.some((r) => r.severity === 'critical') || staged.some((s) => s.priority === 'critical');
        if (!critical || !isDiskFull(err) || !this.guard.release()) throw err;
        full = err;
        this.outbox.reload();
        write();
      }
    } catch (err) {
      this.keys.settle(keyed, this.rollback(err, waiters, readings.length, staged.length));
      return;
    }
    this.keys.settle(keyed);
    this.forgotten = Math.max(this.forgotten, through);
    // Written in the reserve's room: the disk is still full for everything but critical readings.
    if (full) this.guard.trip(full);
    else this.guard.succeeded();
    this.counters.commits++;
    this.counters.committedReadings += readings.length;
    if (this.store) for (const r of readings) this.store.append(r, seq);
    const priorities = new Set(staged.map((s) => s.priority));
    for (const p of priorities) this.outbox.notify(p);
    for (const fn of after) {
      try { fn(); } catch (err) { this.options.log?.(`[intake] after-commit step failed: ${(err as Error).message}`); }
    }
    for (const w of waiters) w.resolve();
  }

  /** The transaction rolled back: memory goes back to what is on disk, and nobody is acknowledged. */
  private rollback(err: unknown, waiters: { reject: (err: Error) => void }[], readings: number, events: number): Error {
    this.counters.failedCommits++;
    this.outbox.reload();
    this.state!.restore(this.journal.loadState());
    const full = isDiskFull(err);
    if (full) this.guard.trip(err);
    const refusal = full ? this.guard.error(err) : new Error(`the collector could not store ${readings} readings: ${(err as Error).message}`, { cause: err });
    if (events > readings || !full || this.counters.failedCommits % 100 === 1) {
      this.options.log?.(`[intake] commit of ${readings} readings and ${events} events rolled back: ${(err as Error).message}`);
    }
    for (const w of waiters) w.reject(refusal);
    return refusal;
  }

  private schedule(): void {
    if (this.timer || this.immediate) return;
    if (this.options.groupCommitMs > 0) this.timer = setTimeout(() => this.commit(), this.options.groupCommitMs);
    else this.immediate = setImmediate(() => this.commit());
  }
}
