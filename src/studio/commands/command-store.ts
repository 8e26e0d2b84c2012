import { join } from 'node:path';
import type { CommandState } from '../../core/commands.js';
import type { Logger } from '../../core/logger.js';
import { SqliteCommandStore } from './sqlite-command-store.js';
import { PostgresCommandStore } from './postgres-command-store.js';

/** One command as the engines keep it (epoch ms; params, result and error as JSON text, kept byte for byte). */
export interface CommandRow {
  id: string; node: string; type: string; params: string; state: CommandState; created_at: number; deadline: number;
  delivered_at: number | null; attempts: number; completed_at: number | null; result: string | null; error: string | null;
}

/** What the engines know of a node's long-polls: the last one's time, and how long the latest open one lasts. */
export interface ChannelRow {
  lastPollAt: number | null;
  /** Epoch ms a long-poll open now (on any replica sharing the engine) ends by; `<= now`: none open. */
  pollingUntil: number;
}

/**
 * What happened elsewhere (another replica on the same PostgreSQL): a command queued for `node`
 * (its long-polls look again), command `id` finished (its waiters look again), or `resync` (the
 * signal path was down: every waiter looks again).
 */
export type CommandSignal = { kind: 'queued'; node: string } | { kind: 'finished'; id: string } | { kind: 'resync' };

/**
 * The command queue's storage, one per engine, behind {@link CommandQueue} (which keeps the bounds,
 * the waiting and the events). Every change that ends a wait is atomic and guarded, so two
 * replicas never both hand out, finish or expire one command: `take` and `finish` answer only what
 * they changed. One contract for both engines: command-queue.test.ts.
 */
export interface CommandStore {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Inserts a `queued` command unless its node already has `maxPerNode` waiting (false), atomically per node. */
  insert(row: Pick<CommandRow, 'id' | 'node' | 'type' | 'params' | 'created_at' | 'deadline'>, maxPerNode: number): Promise<boolean>;
  get(id: string): Promise<CommandRow | undefined>;
  /** Newest first. */
  list(node: string, limit: number): Promise<CommandRow[]>;
  /** Waiting (queued, or delivered without an outcome), all nodes. */
  depth(): Promise<number>;
  /**
   * Marks `delivered` (attempts + 1, delivered_at `now`) and answers the node's due commands, oldest
   * first, at most `limit`: queued ones, and delivered ones not in `holding` delivered at or before
   * `askedAt` (the node lost them), none past its deadline. Rows as updated.
   */
  take(node: string, holding: readonly string[], askedAt: number, now: number, limit: number): Promise<CommandRow[]>;
  /** Waiting and before their deadline, oldest first. */
  waiting(now: number, limit: number): Promise<CommandRow[]>;
  /** Waiting and at or past their deadline (the sweep expires them). */
  due(now: number, limit: number): Promise<CommandRow[]>;
  /** Gives a waiting command its outcome; false when it was no longer waiting (another replica, the sweep, a duplicate). */
  finish(id: string, state: CommandState, result: string | null, error: string | null, now: number): Promise<boolean>;
  /** Drops finished commands completed before `before`; answers how many. */
  purge(before: number): Promise<number>;
  /** A long-poll of `node` opened at `at`, to end by `until`. */
  pollOpened(node: string, at: number, until: number): Promise<void>;
  /** That long-poll (the one opened to end by `until`) ended at `at`. */
  pollEnded(node: string, at: number, until: number): Promise<void>;
  channel(node: string): Promise<ChannelRow>;
  /** Subscribes to other processes' changes (SQLite: none, one process owns the file). */
  onSignal(listener: (s: CommandSignal) => void): void;
  /** How often a waiter looks again without a signal: Infinity when every change signals (SQLite), a bounded poll otherwise. */
  recheckMs(): number;
}

/**
 * The studio's command store on its engine: PostgreSQL when it has a database URL (shared by its
 * replicas, LISTEN/NOTIFY between them), else `commands.db` in the data directory (`:memory:` without one).
 * @example
 * const store = openCommandStore({ dataDir: './data' });
 */
export function openCommandStore(where: { url: string; schema?: string | undefined } | { dataDir: string }, log?: Logger): CommandStore {
  if ('url' in where) return new PostgresCommandStore(where.url, where.schema ?? 'bruno', log);
  return new SqliteCommandStore(where.dataDir && where.dataDir !== ':memory:' ? join(where.dataDir, 'commands.db') : ':memory:');
}
