import { randomBytes } from 'node:crypto';
import { COMMAND_LIMITS, FINISHED, type CommandOutcome, type CommandState, type CommandView, type WireCommand } from '../../core/commands.js';
import type { CommandRow, CommandSignal, CommandStore } from './command-store.js';
import { SqliteCommandStore } from './sqlite-command-store.js';
import { Waiters } from './waiters.js';

/** The queue's bounds (defaults: {@link COMMAND_LIMITS}). */
export interface CommandQueueOptions {
  /** Where commands are kept: a {@link CommandStore} (see `openCommandStore`), or a SQLite file path (`:memory:` in tests). */
  store?: CommandStore;
  path?: string;
  maxPerNode?: number;
  maxCommandBytes?: number;
  maxResultBytes?: number;
  maxTtlMs?: number;
  defaultTtlMs?: number;
  keepFinishedMs?: number;
  clock?: () => number;
  /** How often waiting commands past their deadline are expired (default 250 ms). */
  sweepMs?: number;
  /** Each command as it is queued (the AMQP relay publishes it to the node's queue). */
  onSend?: (command: WireCommand) => void;
  /** Every state change (queued, delivered, done, failed, expired) and refusal, for metrics. */
  onEvent?: (event: 'queued' | 'delivered' | 'redelivered' | 'done' | 'failed' | 'expired' | 'refused' | 'duplicate_result', detail: { type: string; reason?: string }) => void;
  /** A sweep that failed (the database away): logged by the caller, tried again at the next tick. */
  onError?: (err: Error) => void;
}

/** Why a command or a result was not taken; `reason` is the machine-readable word the API answers with. */
export class CommandRefused extends Error {
  constructor(readonly reason: 'queue_full' | 'command_too_large' | 'result_too_large' | 'bad_command' | 'unknown_command' | 'expired' | 'wrong_node', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommandRefused';
  }
}

/** What the studio knows of one node's command channel. */
export interface ChannelStatus {
  /** Long-polls open now: this process's, or 1 when only another replica on the same database holds one. */
  polling: number;
  /** When the node last asked for commands (epoch ms; any replica on PostgreSQL), or null: never (on SQLite: since the studio started). */
  lastPollAt: number | null;
}

type Bounds = Required<Pick<CommandQueueOptions, 'maxPerNode' | 'maxCommandBytes' | 'maxResultBytes' | 'maxTtlMs' | 'defaultTtlMs' | 'keepFinishedMs'>>;

/**
 * The studio's side of the command channel: commands for each node wait in its {@link CommandStore}
 * (`commands.db`, or the studio's PostgreSQL shared by its replicas: a restart keeps them) until the
 * node's outbound connection takes them, and their outcome stays there for a day. Bounded: at most
 * `maxPerNode` waiting per node, params and results of a bounded size, a deadline on every command
 * (past it, `expired` with the reason). A command handed to a poll whose process died is handed out
 * again: every poll says which commands the node still holds, and one delivered earlier that it
 * does not hold (and has no result for) goes out again. Long-polls and result waiters wake on this
 * process's changes at once and on other replicas' through the store's signals.
 * @example
 * const q = new CommandQueue({ path: ':memory:' }); await q.open();
 * const cmd = await q.send('pi-node-1', 'ping', {}, { ttlMs: 10_000 });
 * const view = await q.wait(cmd.id, 5_000);
 */
export class CommandQueue {
  readonly limits: Bounds;
  private readonly store: CommandStore;
  private readonly polls = new Waiters();
  private readonly results = new Waiters();
  /** This process's open long-polls per node. */
  private readonly polling = new Map<string, number>();
  private sweepTimer?: NodeJS.Timeout;
  private sweeping = false;
  private lastPurge = 0;
  private opened = false;

  constructor(private readonly options: CommandQueueOptions) {
    this.store = options.store ?? new SqliteCommandStore(options.path ?? ':memory:');
    this.limits = {
      maxPerNode: options.maxPerNode ?? COMMAND_LIMITS.maxPerNode, maxCommandBytes: options.maxCommandBytes ?? COMMAND_LIMITS.maxCommandBytes,
      maxResultBytes: options.maxResultBytes ?? COMMAND_LIMITS.maxResultBytes, maxTtlMs: options.maxTtlMs ?? COMMAND_LIMITS.maxTtlMs,
      defaultTtlMs: options.defaultTtlMs ?? COMMAND_LIMITS.defaultTtlMs, keepFinishedMs: options.keepFinishedMs ?? COMMAND_LIMITS.keepFinishedMs,
    };
    this.store.onSignal((s) => this.heard(s));
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  async open(): Promise<void> {
    if (this.opened) return;
    await this.store.open();
    this.opened = true;
    this.sweepTimer = setInterval(() => void this.sweep().catch((err: Error) => this.options.onError?.(err)), this.options.sweepMs ?? 250);
    this.sweepTimer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.opened = false;
    this.polls.wakeAll();
    this.results.wakeAll();
    await this.store.close();
  }

  private heard(s: CommandSignal): void {
    if (s.kind === 'queued') this.polls.wake(s.node);
    else if (s.kind === 'finished') this.results.wake(s.id);
    else { this.polls.wakeAll(); this.results.wakeAll(); }
  }

  /**
   * Queues a command for `node`; throws {@link CommandRefused} when its params are too large
   * (`command_too_large`) or the node already has `maxPerNode` waiting (`queue_full`).
   */
  async send(node: string, type: string, params: unknown, opts: { ttlMs?: number } = {}): Promise<CommandView> {
    const text = JSON.stringify(params ?? {});
    const bytes = Buffer.byteLength(text);
    if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(type)) return this.refuse(type, 'bad_command', `command type must be lower-case letters, digits, ".", "_" or "-" (at most 64), got "${type.slice(0, 70)}"`);
    if (bytes > this.limits.maxCommandBytes) return this.refuse(type, 'command_too_large', `command params are ${bytes} bytes; at most ${this.limits.maxCommandBytes} (COMMAND_MAX_BYTES)`);
    const ttl = opts.ttlMs ?? this.limits.defaultTtlMs;
    if (!(ttl > 0) || ttl > this.limits.maxTtlMs) return this.refuse(type, 'bad_command', `ttl must be between 1 ms and ${this.limits.maxTtlMs} ms (COMMAND_MAX_TTL), got ${ttl}`);
    const now = this.now();
    const row: CommandRow = {
      id: `cmd_${now.toString(36)}_${randomBytes(8).toString('hex')}`, node, type, params: text, state: 'queued', created_at: now, deadline: now + ttl,
      delivered_at: null, attempts: 0, completed_at: null, result: null, error: null,
    };
    if (!(await this.store.insert(row, this.limits.maxPerNode))) {
      return this.refuse(type, 'queue_full', `node ${node} already has ${this.limits.maxPerNode} commands waiting (COMMAND_QUEUE_MAX_PER_NODE); wait for them to be answered or expire`);
    }
    this.options.onEvent?.('queued', { type });
    this.polls.wake(node);
    this.options.onSend?.(this.wire(row));
    return view(row);
  }

  private refuse(type: string, reason: CommandRefused['reason'], message: string): never {
    this.options.onEvent?.('refused', { type: reason === 'bad_command' ? '(invalid)' : type, reason });
    throw new CommandRefused(reason, message);
  }

  async get(id: string): Promise<CommandView | undefined> {
    const row = await this.store.get(id);
    return row ? view(row) : undefined;
  }

  /** The node's commands, newest first (at most `limit`). */
  async list(node: string, limit = 100): Promise<CommandView[]> {
    return (await this.store.list(node, limit)).map(view);
  }

  /** Commands waiting (queued or delivered without a result), all nodes. */
  depth(): Promise<number> {
    return this.store.depth();
  }

  async channel(node: string): Promise<ChannelStatus> {
    const shared = await this.store.channel(node);
    const here = this.polling.get(node) ?? 0;
    return { polling: Math.max(here, shared.pollingUntil > this.now() ? 1 : 0), lastPollAt: shared.lastPollAt };
  }

  /**
   * Hands the node its due commands (queued, or delivered before but not among `holding`, the ids
   * the node still works on), at most `perPoll`; when there are none, waits up to `waitMs` for one
   * (or until `signal` aborts). Each handed-out command is `delivered`.
   */
  async next(node: string, holding: readonly string[], waitMs: number, signal?: AbortSignal): Promise<WireCommand[]> {
    const askedAt = this.now();
    const budget = Math.max(0, Math.min(waitMs, COMMAND_LIMITS.maxPollWaitMs));
    const until = askedAt + budget;
    const endsAt = performance.now() + budget;
    this.polling.set(node, (this.polling.get(node) ?? 0) + 1);
    await this.store.pollOpened(node, askedAt, until);
    try {
      for (;;) {
        // Armed before looking, so a command queued while the store is read still wakes this poll.
        const armed = this.polls.arm(node);
        try {
          if (!this.opened) return [];
          const out = await this.take(node, holding, askedAt);
          const left = endsAt - performance.now();
          if (out.length || left <= 0 || signal?.aborted) return out;
          await armed.wait(Math.min(left, this.store.recheckMs()), signal);
        } finally {
          armed.dispose();
        }
      }
    } finally {
      const n = (this.polling.get(node) ?? 1) - 1;
      if (n > 0) this.polling.set(node, n);
      else this.polling.delete(node);
      if (this.opened) await this.store.pollEnded(node, this.now(), until).catch((err: Error) => this.options.onError?.(err));
    }
  }

  private async take(node: string, holding: readonly string[], askedAt: number): Promise<WireCommand[]> {
    const rows = await this.store.take(node, holding, askedAt, this.now(), COMMAND_LIMITS.perPoll);
    return rows.map((r) => {
      this.options.onEvent?.(r.attempts === 1 ? 'delivered' : 'redelivered', { type: r.type });
      return this.wire(r);
    });
  }

  /** The command as the node receives it; `attempt` counts this hand-out (a row as `take` left it). */
  private wire(r: CommandRow): WireCommand {
    return { id: r.id, node: r.node, type: r.type, params: JSON.parse(r.params) as unknown, createdAt: r.created_at, deadline: r.deadline, maxResultBytes: this.limits.maxResultBytes, attempt: Math.max(1, r.attempts) };
  }

  /** Every command still waiting and not past its deadline (what the AMQP relay publishes again after a reconnect; at most 10 000). */
  async waiting(): Promise<WireCommand[]> {
    return (await this.store.waiting(this.now(), 10_000)).map((r) => ({ ...this.wire(r), attempt: r.attempts + 1 }));
  }

  /**
   * Records the node's outcome. `bytes` is the size of the result's JSON as received (checked
   * against `maxResultBytes`: over it, the command fails with `result_too_large`, and that is
   * thrown). Answers `duplicate` when an outcome was already kept (the first stays).
   */
  async complete(node: string, id: string, outcome: CommandOutcome, bytes: number): Promise<'stored' | 'duplicate'> {
    const row = await this.store.get(id);
    if (!row) throw new CommandRefused('unknown_command', `no command ${id} (unknown, or finished over ${Math.round(this.limits.keepFinishedMs / 3_600_000)} h ago)`);
    if (row.node !== node) throw new CommandRefused('wrong_node', `command ${id} is for node ${row.node}, not ${node}`);
    const now = this.now();
    if (!FINISHED.has(row.state)) {
      if (bytes > this.limits.maxResultBytes) {
        const error = { reason: 'result_too_large', message: `the node's result was ${bytes} bytes; at most ${this.limits.maxResultBytes} (COMMAND_RESULT_MAX_BYTES): ask for less (shorter range, a step, a lower limit)` };
        if (await this.finish(row, 'failed', null, error, now)) throw new CommandRefused('result_too_large', error.message);
      } else if (outcome.ok) {
        if (await this.finish(row, 'done', JSON.stringify(outcome.result ?? null), null, now)) return 'stored';
      } else if (await this.finish(row, 'failed', null, { reason: String(outcome.error.reason).slice(0, 64), message: String(outcome.error.message).slice(0, 2000) }, now)) {
        return 'stored';
      }
    }
    // Finished before (or meanwhile, by another replica or the sweep): the first outcome stays.
    const kept = FINISHED.has(row.state) ? row : (await this.store.get(id)) ?? row;
    if (kept.state === 'expired') throw new CommandRefused('expired', `command ${id} expired at ${new Date(kept.deadline).toISOString()}; its result was not kept`);
    this.options.onEvent?.('duplicate_result', { type: kept.type });
    return 'duplicate';
  }

  /** Ends a waiting command as `expired` now (a caller that gave up on it), with the reason. */
  async cancel(id: string, reason: string, message: string): Promise<void> {
    const row = await this.store.get(id);
    if (row && !FINISHED.has(row.state)) await this.finish(row, 'expired', null, { reason, message }, this.now());
  }

  /** Gives a waiting command its outcome; false (and no event) when it was no longer waiting. */
  private async finish(row: CommandRow, state: CommandState, result: string | null, error: { reason: string; message: string } | null, now: number): Promise<boolean> {
    const changed = await this.store.finish(row.id, state, result, error ? JSON.stringify(error) : null, now);
    if (!changed) return false;
    this.options.onEvent?.(state as 'done', { type: row.type, ...(error ? { reason: error.reason } : {}) });
    this.results.wake(row.id);
    return true;
  }

  /** The command once it has an outcome, or as it stands after `waitMs` (or when `signal` aborts). */
  async wait(id: string, waitMs: number, signal?: AbortSignal): Promise<CommandView | undefined> {
    const endsAt = performance.now() + Math.max(0, waitMs);
    let last: CommandView | undefined;
    for (;;) {
      const armed = this.results.arm(id);
      try {
        if (!this.opened) return last;
        last = await this.get(id);
        const left = endsAt - performance.now();
        if (!last || FINISHED.has(last.state) || left <= 0 || signal?.aborted) return last;
        await armed.wait(Math.min(left, this.store.recheckMs()), signal);
      } finally {
        armed.dispose();
      }
    }
  }

  /** Expires waiting commands past their deadline; once an hour drops finished ones older than `keepFinishedMs`. */
  async sweep(): Promise<void> {
    if (!this.opened || this.sweeping) return;
    this.sweeping = true;
    try {
      const now = this.now();
      for (const row of await this.store.due(now, 1000)) {
        const error = row.delivered_at === null
          ? { reason: 'not_delivered', message: `node ${row.node} did not take the command before its deadline (${new Date(row.deadline).toISOString()}): its command channel was not connected` }
          : { reason: 'no_result', message: `node ${row.node} took the command (${row.attempts}×, last at ${new Date(row.delivered_at).toISOString()}) but sent no result before its deadline (${new Date(row.deadline).toISOString()})` };
        await this.finish(row, 'expired', null, error, now);
      }
      if (now - this.lastPurge > 3_600_000) {
        this.lastPurge = now;
        await this.store.purge(now - this.limits.keepFinishedMs);
      }
    } finally {
      this.sweeping = false;
    }
  }
}

function view(r: CommandRow): CommandView {
  return {
    id: r.id, node: r.node, type: r.type, state: r.state, createdAt: r.created_at, deadline: r.deadline, deliveredAt: r.delivered_at,
    attempts: r.attempts, completedAt: r.completed_at,
    ...(r.result !== null ? { result: JSON.parse(r.result) as unknown } : {}),
    ...(r.error !== null ? { error: JSON.parse(r.error) as { reason: string; message: string } } : {}),
  };
}
