import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { COMMAND_LIMITS, FINISHED, type CommandOutcome, type CommandState, type CommandView, type WireCommand } from '../../core/commands.js';

/** The queue's bounds (defaults: {@link COMMAND_LIMITS}). */
export interface CommandQueueOptions {
  /** SQLite file (`commands.db` in the data directory) or `:memory:`. */
  path: string;
  maxPerNode?: number;
  maxCommandBytes?: number;
  maxResultBytes?: number;
  maxTtlMs?: number;
  defaultTtlMs?: number;
  keepFinishedMs?: number;
  clock?: () => number;
  /** Each command as it is queued (the AMQP relay publishes it to the node's queue). */
  onSend?: (command: WireCommand) => void;
  /** Every state change (queued, delivered, done, failed, expired) and refusal, for metrics. */
  onEvent?: (event: 'queued' | 'delivered' | 'redelivered' | 'done' | 'failed' | 'expired' | 'refused' | 'duplicate_result', detail: { type: string; reason?: string }) => void;
}

/** Why a command or a result was not taken; `reason` is the machine-readable word the API answers with. */
export class CommandRefused extends Error {
  constructor(readonly reason: 'queue_full' | 'command_too_large' | 'result_too_large' | 'bad_command' | 'unknown_command' | 'expired' | 'wrong_node', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommandRefused';
  }
}

interface Row {
  id: string; node: string; type: string; params: string; state: CommandState; created_at: number; deadline: number;
  delivered_at: number | null; attempts: number; completed_at: number | null; result: string | null; error: string | null;
}

/** What the studio knows of one node's command channel (in memory: it is about live connections). */
export interface ChannelStatus {
  /** Long-polls open now. */
  polling: number;
  /** When the node last asked for commands (epoch ms), or null: never since the studio started. */
  lastPollAt: number | null;
}

const WAITING = "state IN ('queued','delivered')";

/**
 * The studio's side of the command channel: commands for each node wait here (on disk, so a
 * studio restart keeps them) until the node's outbound connection takes them, and their outcome
 * stays here for a day. Bounded: at most `maxPerNode` waiting per node, params and results of a
 * bounded size, a deadline on every command (past it, `expired` with the reason). A command handed
 * to a poll whose process died is handed out again: every poll says which commands the node still
 * holds, and one delivered earlier that it does not hold (and has no result for) goes out again.
 * @example
 * const q = new CommandQueue({ path: ':memory:' }); q.open();
 * const cmd = q.send('pi-node-1', 'ping', {}, { ttlMs: 10_000 });
 * const view = await q.wait(cmd.id, 5_000);
 */
export class CommandQueue {
  private db?: Database.Database;
  private readonly resultWaiters = new Map<string, Set<() => void>>();
  private readonly pollWaiters = new Map<string, Set<() => void>>();
  private readonly channels = new Map<string, ChannelStatus>();
  private sweepTimer?: NodeJS.Timeout;
  private lastPurge = 0;
  readonly limits: Required<Omit<CommandQueueOptions, 'path' | 'clock' | 'onEvent' | 'onSend'>>;

  constructor(private readonly options: CommandQueueOptions) {
    this.limits = {
      maxPerNode: options.maxPerNode ?? COMMAND_LIMITS.maxPerNode, maxCommandBytes: options.maxCommandBytes ?? COMMAND_LIMITS.maxCommandBytes,
      maxResultBytes: options.maxResultBytes ?? COMMAND_LIMITS.maxResultBytes, maxTtlMs: options.maxTtlMs ?? COMMAND_LIMITS.maxTtlMs,
      defaultTtlMs: options.defaultTtlMs ?? COMMAND_LIMITS.defaultTtlMs, keepFinishedMs: options.keepFinishedMs ?? COMMAND_LIMITS.keepFinishedMs,
    };
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  open(): void {
    if (this.db) return;
    const db = new Database(this.options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE IF NOT EXISTS commands (
      id TEXT PRIMARY KEY, node TEXT NOT NULL, type TEXT NOT NULL, params TEXT NOT NULL, state TEXT NOT NULL,
      created_at INTEGER NOT NULL, deadline INTEGER NOT NULL, delivered_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
      completed_at INTEGER, result TEXT, error TEXT);
      CREATE INDEX IF NOT EXISTS commands_waiting ON commands (node, state, created_at);
      CREATE INDEX IF NOT EXISTS commands_deadline ON commands (state, deadline);`);
    this.db = db;
    this.sweepTimer = setInterval(() => this.sweep(), 250);
    this.sweepTimer.unref();
  }

  close(): void {
    clearInterval(this.sweepTimer);
    for (const set of [...this.resultWaiters.values(), ...this.pollWaiters.values()]) for (const wake of set) wake();
    this.db?.close();
    this.db = undefined;
  }

  private sql(): Database.Database {
    if (!this.db) throw new Error('CommandQueue used before open()');
    return this.db;
  }

  /**
   * Queues a command for `node`; throws {@link CommandRefused} when its params are too large
   * (`command_too_large`) or the node already has `maxPerNode` waiting (`queue_full`).
   */
  send(node: string, type: string, params: unknown, opts: { ttlMs?: number } = {}): CommandView {
    const db = this.sql();
    const text = JSON.stringify(params ?? {});
    const bytes = Buffer.byteLength(text);
    if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(type)) return this.refuse(type, 'bad_command', `command type must be lower-case letters, digits, ".", "_" or "-" (at most 64), got "${type.slice(0, 70)}"`);
    if (bytes > this.limits.maxCommandBytes) return this.refuse(type, 'command_too_large', `command params are ${bytes} bytes; at most ${this.limits.maxCommandBytes} (COMMAND_MAX_BYTES)`);
    const ttl = opts.ttlMs ?? this.limits.defaultTtlMs;
    if (!(ttl > 0) || ttl > this.limits.maxTtlMs) return this.refuse(type, 'bad_command', `ttl must be between 1 ms and ${this.limits.maxTtlMs} ms (COMMAND_MAX_TTL), got ${ttl}`);
    const now = this.now();
    const id = `cmd_${now.toString(36)}_${randomBytes(8).toString('hex')}`;
    const insert = db.transaction(() => {
      const waiting = (db.prepare(`SELECT count(*) AS n FROM commands WHERE node = ? AND ${WAITING}`).get(node) as { n: number }).n;
      if (waiting >= this.limits.maxPerNode) return false;
      db.prepare('INSERT INTO commands (id, node, type, params, state, created_at, deadline) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, node, type, text, 'queued', now, now + ttl);
      return true;
    });
    if (!insert()) return this.refuse(type, 'queue_full', `node ${node} already has ${this.limits.maxPerNode} commands waiting (COMMAND_QUEUE_MAX_PER_NODE); wait for them to be answered or expire`);
    this.options.onEvent?.('queued', { type });
    this.wake(this.pollWaiters, node);
    const row = this.sql().prepare('SELECT * FROM commands WHERE id = ?').get(id) as Row;
    this.options.onSend?.(this.wire(row));
    return view(row);
  }

  private refuse(type: string, reason: CommandRefused['reason'], message: string): never {
    this.options.onEvent?.('refused', { type: reason === 'bad_command' ? '(invalid)' : type, reason });
    throw new CommandRefused(reason, message);
  }

  get(id: string): CommandView | undefined {
    const row = this.sql().prepare('SELECT * FROM commands WHERE id = ?').get(id) as Row | undefined;
    return row ? view(row) : undefined;
  }

  /** The node's commands, newest first (at most `limit`). */
  list(node: string, limit = 100): CommandView[] {
    return (this.sql().prepare('SELECT * FROM commands WHERE node = ? ORDER BY created_at DESC LIMIT ?').all(node, limit) as Row[]).map(view);
  }

  /** Commands waiting (queued or delivered without a result), all nodes. */
  depth(): number {
    return (this.sql().prepare(`SELECT count(*) AS n FROM commands WHERE ${WAITING}`).get() as { n: number }).n;
  }

  channel(node: string): ChannelStatus {
    return this.channels.get(node) ?? { polling: 0, lastPollAt: null };
  }

  /**
   * Hands the node its due commands (queued, or delivered before but not among `holding`, the ids
   * the node still works on), at most `perPoll`; when there are none, waits up to `waitMs` for one
   * (or until `signal` aborts). Each handed-out command is `delivered`.
   */
  async next(node: string, holding: readonly string[], waitMs: number, signal?: AbortSignal): Promise<WireCommand[]> {
    const status = this.channels.get(node) ?? { polling: 0, lastPollAt: null };
    this.channels.set(node, status);
    status.polling++;
    const askedAt = this.now();
    status.lastPollAt = askedAt;
    try {
      let out = this.take(node, holding, askedAt);
      if (out.length || waitMs <= 0 || signal?.aborted) return out;
      await this.waitOn(this.pollWaiters, node, Math.min(waitMs, COMMAND_LIMITS.maxPollWaitMs), signal);
      if (signal?.aborted || !this.db) return [];
      out = this.take(node, holding, askedAt);
      return out;
    } finally {
      status.polling--;
      status.lastPollAt = this.now();
    }
  }

  private take(node: string, holding: readonly string[], askedAt: number): WireCommand[] {
    const db = this.sql();
    const held = new Set(holding);
    const now = this.now();
    const handOut = db.transaction(() => {
      const rows = db.prepare(`SELECT * FROM commands WHERE node = ? AND ${WAITING} AND deadline > ? ORDER BY created_at LIMIT ?`).all(node, now, COMMAND_LIMITS.perPoll * 4) as Row[];
      const due = rows.filter((r) => r.state === 'queued' || (!held.has(r.id) && (r.delivered_at ?? 0) <= askedAt)).slice(0, COMMAND_LIMITS.perPoll);
      const mark = db.prepare("UPDATE commands SET state = 'delivered', delivered_at = ?, attempts = attempts + 1 WHERE id = ?");
      for (const r of due) mark.run(now, r.id);
      return due;
    });
    return handOut().map((r) => {
      this.options.onEvent?.(r.state === 'queued' ? 'delivered' : 'redelivered', { type: r.type });
      return { ...this.wire(r), attempt: r.attempts + 1 };
    });
  }

  private wire(r: Row): WireCommand {
    return { id: r.id, node: r.node, type: r.type, params: JSON.parse(r.params) as unknown, createdAt: r.created_at, deadline: r.deadline, maxResultBytes: this.limits.maxResultBytes, attempt: r.attempts + 1 };
  }

  /** Every command still waiting and not past its deadline (what the AMQP relay publishes again after a reconnect). */
  waiting(): WireCommand[] {
    return (this.sql().prepare(`SELECT * FROM commands WHERE ${WAITING} AND deadline > ? ORDER BY created_at LIMIT 10000`).all(this.now()) as Row[]).map((r) => this.wire(r));
  }

  /**
   * Records the node's outcome. `bytes` is the size of the result's JSON as received (checked
   * against `maxResultBytes`: over it, the command fails with `result_too_large`, and that is
   * thrown). Answers `duplicate` when an outcome was already kept (the first stays).
   */
  complete(node: string, id: string, outcome: CommandOutcome, bytes: number): 'stored' | 'duplicate' {
    const db = this.sql();
    const row = db.prepare('SELECT * FROM commands WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new CommandRefused('unknown_command', `no command ${id} (unknown, or finished over ${Math.round(this.limits.keepFinishedMs / 3_600_000)} h ago)`);
    if (row.node !== node) throw new CommandRefused('wrong_node', `command ${id} is for node ${row.node}, not ${node}`);
    if (row.state === 'expired') throw new CommandRefused('expired', `command ${id} expired at ${new Date(row.deadline).toISOString()}; its result was not kept`);
    if (FINISHED.has(row.state)) {
      this.options.onEvent?.('duplicate_result', { type: row.type });
      return 'duplicate';
    }
    const now = this.now();
    if (bytes > this.limits.maxResultBytes) {
      const error = { reason: 'result_too_large', message: `the node's result was ${bytes} bytes; at most ${this.limits.maxResultBytes} (COMMAND_RESULT_MAX_BYTES): ask for less (shorter range, a step, a lower limit)` };
      this.finish(row, 'failed', null, error, now);
      throw new CommandRefused('result_too_large', error.message);
    }
    if (outcome.ok) this.finish(row, 'done', JSON.stringify(outcome.result ?? null), null, now);
    else this.finish(row, 'failed', null, { reason: String(outcome.error.reason).slice(0, 64), message: String(outcome.error.message).slice(0, 2000) }, now);
    return 'stored';
  }

  /** Ends a waiting command as `expired` now (a caller that gave up on it), with the reason. */
  cancel(id: string, reason: string, message: string): void {
    const row = this.sql().prepare(`SELECT * FROM commands WHERE id = ? AND ${WAITING}`).get(id) as Row | undefined;
    if (row) this.finish(row, 'expired', null, { reason, message }, this.now());
  }

  private finish(row: Row, state: CommandState, result: string | null, error: { reason: string; message: string } | null, now: number): void {
    this.sql().prepare(`UPDATE commands SET state = ?, result = ?, error = ?, completed_at = ? WHERE id = ? AND ${WAITING}`)
      .run(state, result, error ? JSON.stringify(error) : null, now, row.id);
    this.options.onEvent?.(state as 'done', { type: row.type, ...(error ? { reason: error.reason } : {}) });
    this.wake(this.resultWaiters, row.id);
  }

  /** The command once it has an outcome, or as it stands after `waitMs` (or when `signal` aborts). */
  async wait(id: string, waitMs: number, signal?: AbortSignal): Promise<CommandView | undefined> {
    const first = this.get(id);
    if (!first || FINISHED.has(first.state) || waitMs <= 0) return first;
    await this.waitOn(this.resultWaiters, id, waitMs, signal);
    return this.db ? this.get(id) : first;
  }

  /** Expires waiting commands past their deadline; once an hour drops finished ones older than `keepFinishedMs`. */
  sweep(): void {
    if (!this.db) return;
    const now = this.now();
    const due = this.db.prepare(`SELECT * FROM commands WHERE ${WAITING} AND deadline <= ?`).all(now) as Row[];
    for (const row of due) {
      const error = row.delivered_at === null
        ? { reason: 'not_delivered', message: `node ${row.node} did not take the command before its deadline (${new Date(row.deadline).toISOString()}): its command channel was not connected` }
        : { reason: 'no_result', message: `node ${row.node} took the command (${row.attempts}×, last at ${new Date(row.delivered_at).toISOString()}) but sent no result before its deadline (${new Date(row.deadline).toISOString()})` };
      this.finish(row, 'expired', null, error, now);
    }
    if (now - this.lastPurge > 3_600_000) {
      this.lastPurge = now;
      this.db.prepare(`DELETE FROM commands WHERE NOT ${WAITING} AND completed_at < ?`).run(now - this.limits.keepFinishedMs);
    }
  }

  private waitOn(map: Map<string, Set<() => void>>, key: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0 && map.get(key) === set) map.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  private wake(map: Map<string, Set<() => void>>, key: string): void {
    const set = map.get(key);
    if (set) for (const wake of [...set]) wake();
  }
}

function view(r: Row): CommandView {
  return {
    id: r.id, node: r.node, type: r.type, state: r.state, createdAt: r.created_at, deadline: r.deadline, deliveredAt: r.delivered_at,
    attempts: r.attempts, completedAt: r.completed_at,
    ...(r.result !== null ? { result: JSON.parse(r.result) as unknown } : {}),
    ...(r.error !== null ? { error: JSON.parse(r.error) as { reason: string; message: string } } : {}),
  };
}
