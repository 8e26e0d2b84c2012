import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { CommandState } from '../../core/commands.js';
import { logger, type Logger } from '../../core/logger.js';
import { SchemaRepository } from '../store/postgres/pool.js';
import type { ChannelRow, CommandRow, CommandSignal, CommandStore } from './command-store.js';

const WAITING = "state IN ('queued','delivered')";
/** How often waiters look again while the LISTEN connection is up (a safety net only: every change notifies). */
const RECHECK_LISTENING_MS = 15_000;
/** …and while it is down (reconnecting): the bound on a wake-up's delay then. */
const RECHECK_DEAF_MS = 1000;
const RECONNECT_MS = { first: 500, max: 10_000 } as const;

/**
 * Commands in the studio's PostgreSQL schema (`DATABASE_URL`): kept across restarts and shared by
 * every replica. A change that ends a wait notifies on one channel per schema (`pg_notify`, sent
 * when its transaction commits): `q:<node>` when a command is queued, `f:<id>` when one finishes,
 * so a node long-polling replica B wakes at once for a command queued on A, and a caller waiting
 * on A wakes for the answer the node gave B. One connection per process LISTENs; while it is down,
 * waiters look again every second, and when it is back, all of them once.
 * @example
 * const store = new PostgresCommandStore(process.env.DATABASE_URL!, 'bruno'); await store.open();
 */
export class PostgresCommandStore extends SchemaRepository implements CommandStore {
  /** The NOTIFY channel (an identifier of at most 63 bytes, whatever the schema's name). */
  readonly notifyChannel: string;
  private readonly listeners: ((s: CommandSignal) => void)[] = [];
  private listener?: pg.PoolClient;
  /** The LISTEN connection's server process (diagnostics; tests end it to check the fallback), or null while it is down. */
  listenerPid: number | null = null;
  private reconnect?: NodeJS.Timeout;
  private reconnectMs: number = RECONNECT_MS.first;
  private closing = false;
  constructor(source: string | pg.Pool, schema = 'bruno', private readonly log: Logger = logger('studio:commands')) {
    super(source, 'PostgresCommandStore', schema, 4, (s) => ({ lockKey: `homelab-commands:${s}`, migration: `CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.commands (id text PRIMARY KEY, node text NOT NULL, type text NOT NULL, params text NOT NULL, state text NOT NULL,
        created_at bigint NOT NULL, deadline bigint NOT NULL, delivered_at bigint, attempts integer NOT NULL DEFAULT 0,
        completed_at bigint, result text, error text);
      CREATE INDEX IF NOT EXISTS commands_waiting ON ${s}.commands (node, state, created_at);
      CREATE INDEX IF NOT EXISTS commands_deadline ON ${s}.commands (state, deadline);
      CREATE TABLE IF NOT EXISTS ${s}.command_channels (node text PRIMARY KEY, last_poll_at bigint NOT NULL, polling_until bigint NOT NULL);` }));
    this.notifyChannel = `homelab_commands_${createHash('sha256').update(this.s).digest('hex').slice(0, 24)}`;
  }

  override async open(): Promise<void> {
    await super.open();
    this.closing = false;
    if (!this.listener) await this.listen();
  }

  override async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnect);
    const l = this.listener;
    this.listener = undefined;
    this.listenerPid = null;
    if (l) {
      await l.query(`UNLISTEN "${this.notifyChannel}"`).catch(() => undefined);
      l.release();
    }
    await super.close();
  }

  /** Takes one pooled connection for LISTEN; a failure schedules another try (waiters poll every second meanwhile). */
  private async listen(): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.db.connect();
      const c = client;
      c.on('notification', (msg) => { if (msg.channel === this.notifyChannel && msg.payload) this.signal(parse(msg.payload)); });
      c.on('error', (err) => this.lost(c, err));
      await c.query(`LISTEN "${this.notifyChannel}"`);
      this.listenerPid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      this.listener = c;
      this.reconnectMs = RECONNECT_MS.first;
    } catch (err) {
      client?.release(err as Error);
      this.lost(undefined, err as Error);
      return;
    }
    // Changes made while nobody listened were not heard: every waiter looks again.
    this.signal({ kind: 'resync' });
  }

  private lost(client: pg.PoolClient | undefined, err: Error): void {
    if (client) {
      if (this.listener !== client) return; // a late error of a connection already replaced
      this.listener = undefined;
      this.listenerPid = null;
      client.release(err);
      // Waiters armed with the long safety-net interval look again now, and then every second.
      this.signal({ kind: 'resync' });
    }
    if (this.closing || this.reconnect) return;
    this.log.warn({ err, retryMs: this.reconnectMs }, 'command signals (LISTEN) lost; waiters poll every second until it is back');
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      if (!this.closing) void this.listen();
    }, this.reconnectMs);
    this.reconnect.unref();
    this.reconnectMs = Math.min(RECONNECT_MS.max, this.reconnectMs * 2);
  }

  private signal(s: CommandSignal | undefined): void {
    if (s) for (const l of this.listeners) l(s);
  }

  onSignal(listener: (s: CommandSignal) => void): void {
    this.listeners.push(listener);
  }

  recheckMs(): number {
    return this.listener ? RECHECK_LISTENING_MS : RECHECK_DEAF_MS;
  }

  async insert(row: Pick<CommandRow, 'id' | 'node' | 'type' | 'params' | 'created_at' | 'deadline'>, maxPerNode: number): Promise<boolean> {
    const c = await this.db.connect();
    try {
      await c.query('BEGIN');
      // Replicas queue for one node one at a time, so the bound holds across them.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`homelab-commands:${this.s}:${row.node}`]);
      const n = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.s}.commands WHERE node = $1 AND ${WAITING}`, [row.node]);
      if (n.rows[0]!.n >= maxPerNode) {
        await c.query('ROLLBACK');
        return false;
      }
      await c.query(`INSERT INTO ${this.s}.commands (id, node, type, params, state, created_at, deadline) VALUES ($1, $2, $3, $4, 'queued', $5, $6)`,
        [row.id, row.node, row.type, row.params, row.created_at, row.deadline]);
      await c.query('SELECT pg_notify($1, $2)', [this.notifyChannel, `q:${row.node}`]);
      await c.query('COMMIT');
      return true;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  async get(id: string): Promise<CommandRow | undefined> {
    return (await this.db.query<CommandRow>(`SELECT * FROM ${this.s}.commands WHERE id = $1`, [id])).rows[0];
  }

  async list(node: string, limit: number): Promise<CommandRow[]> {
    return (await this.db.query<CommandRow>(`SELECT * FROM ${this.s}.commands WHERE node = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [node, limit])).rows;
  }

  async depth(): Promise<number> {
    return (await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.s}.commands WHERE ${WAITING}`)).rows[0]!.n;
  }

  async take(node: string, holding: readonly string[], askedAt: number, now: number, limit: number): Promise<CommandRow[]> {
    // One statement: rows another replica is handing out right now are skipped, never handed out twice.
    const r = await this.db.query<CommandRow>(`WITH due AS (
        SELECT id FROM ${this.s}.commands WHERE node = $1 AND ${WAITING} AND deadline > $2
          AND (state = 'queued' OR (NOT (id = ANY($3::text[])) AND delivered_at <= $4))
        ORDER BY created_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)
      UPDATE ${this.s}.commands c SET state = 'delivered', delivered_at = $2, attempts = c.attempts + 1 FROM due WHERE c.id = due.id RETURNING c.*`,
    [node, now, [...holding], askedAt, limit]);
    return r.rows.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
  }

  async waiting(now: number, limit: number): Promise<CommandRow[]> {
    return (await this.db.query<CommandRow>(`SELECT * FROM ${this.s}.commands WHERE ${WAITING} AND deadline > $1 ORDER BY created_at, id LIMIT $2`, [now, limit])).rows;
  }

  async due(now: number, limit: number): Promise<CommandRow[]> {
    return (await this.db.query<CommandRow>(`SELECT * FROM ${this.s}.commands WHERE ${WAITING} AND deadline <= $1 ORDER BY deadline LIMIT $2`, [now, limit])).rows;
  }

  async finish(id: string, state: CommandState, result: string | null, error: string | null, now: number): Promise<boolean> {
    const r = await this.db.query(`WITH u AS (UPDATE ${this.s}.commands SET state = $2, result = $3, error = $4, completed_at = $5 WHERE id = $1 AND ${WAITING} RETURNING id)
      SELECT pg_notify($6, 'f:' || id) FROM u`, [id, state, result, error, now, this.notifyChannel]);
    return r.rowCount === 1;
  }

  async purge(before: number): Promise<number> {
    return (await this.db.query(`DELETE FROM ${this.s}.commands WHERE NOT ${WAITING} AND completed_at < $1`, [before])).rowCount ?? 0;
  }

  async pollOpened(node: string, at: number, until: number): Promise<void> {
    await this.db.query(`INSERT INTO ${this.s}.command_channels AS c (node, last_poll_at, polling_until) VALUES ($1, $2, $3)
      ON CONFLICT (node) DO UPDATE SET last_poll_at = GREATEST(c.last_poll_at, EXCLUDED.last_poll_at), polling_until = GREATEST(c.polling_until, EXCLUDED.polling_until)`, [node, at, until]);
  }

  async pollEnded(node: string, at: number, until: number): Promise<void> {
    await this.db.query(`UPDATE ${this.s}.command_channels SET last_poll_at = GREATEST(last_poll_at, $2), polling_until = CASE WHEN polling_until = $3 THEN $2 ELSE polling_until END WHERE node = $1`, [node, at, until]);
  }

  async channel(node: string): Promise<ChannelRow> {
    const row = (await this.db.query<{ last_poll_at: number; polling_until: number }>(`SELECT last_poll_at, polling_until FROM ${this.s}.command_channels WHERE node = $1`, [node])).rows[0];
    return row ? { lastPollAt: row.last_poll_at, pollingUntil: row.polling_until } : { lastPollAt: null, pollingUntil: 0 };
  }
}

function parse(payload: string): CommandSignal | undefined {
  if (payload.startsWith('q:')) return { kind: 'queued', node: payload.slice(2) };
  if (payload.startsWith('f:')) return { kind: 'finished', id: payload.slice(2) };
  return undefined;
}
