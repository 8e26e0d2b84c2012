import type Database from 'better-sqlite3';

/**
 * A batch a sender names with its own key (`/push`'s `Idempotency-Key` header or `batch_id`),
 * kept across its retries: `digest` is the body's, `result` the answer the batch was given.
 */
export interface KeyedBatch {
  key: string;
  digest: string;
  result: string;
}

/** What is known of a key: committed, or in a commit still in flight (`done` settles with it). */
export interface KeyRecord {
  digest: string;
  result: string;
  done?: Promise<void>;
}

export interface BatchKeyOptions {
  /** Most keys remembered (`IDEMPOTENCY_KEYS`); past it the oldest are forgotten (counted). 0 keeps none. */
  maxKeys: number;
  /** How long a key is remembered, ms (`IDEMPOTENCY_TTL`). */
  ttlMs: number;
}

/** A key sent again with a different body: refused (the HTTP layer answers 422), never taken. */
export class KeyReuseError extends Error {
  constructor(readonly key: string) {
    super(`Idempotency-Key ${JSON.stringify(key)} was already used for a different body; a retry must resend the same body, new readings need a new key`);
    this.name = 'KeyReuseError';
  }
}

interface InFlight extends KeyRecord {
  done: Promise<void>;
  settle: (err?: Error) => void;
}

/**
 * The keys of recently committed batches, in the intake's SQLite file: a key is written in the
 * same transaction as its batch's readings, so after kill -9 a retry of a committed batch is
 * answered with its first result and not taken again, and a retry of one that never committed is
 * taken. A key in a commit still in flight is held in memory until that commit settles; a
 * concurrent retry waits for it. Bounded by count and age (`BatchKeyOptions`), pruned in the
 * commits that add keys; lookups are one indexed read, nothing of it stays in memory.
 * @example
 * const keys = new BatchKeys({ maxKeys: 10_000, ttlMs: 86_400_000 });
 * keys.open(outbox.database());
 * keys.find('sensor-42:1234') // → { digest, result } once committed
 */
export class BatchKeys {
  readonly counters = { replayed: 0, conflicts: 0, forgotten: 0 };
  private readonly inflight = new Map<string, InFlight>();
  private staged: KeyedBatch[] = [];
  private sql?: ReturnType<BatchKeys['prepare']>;
  private count = 0;
  /** What the transaction in progress did to the count, applied once it commits. */
  private written?: { count: number; forgotten: number };

  constructor(readonly options: BatchKeyOptions) {}

  open(db: Database.Database): void {
    db.exec(`CREATE TABLE IF NOT EXISTS intake_keys (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, digest TEXT NOT NULL, result TEXT NOT NULL, at INTEGER NOT NULL)`);
    this.sql = this.prepare(db);
    this.count = (this.sql.count.get() as { n: number }).n;
  }

  /** The key's record when it is committed (and not expired) or in flight. */
  find(key: string, now = Date.now()): KeyRecord | undefined {
    const pending = this.inflight.get(key);
    if (pending) return pending;
    return this.run().find.get(key, now - this.options.ttlMs) as KeyRecord | undefined;
  }

  /** Stages a key for the next commit (its readings are staged beside it). */
  stage(batch: KeyedBatch): void {
    let settle!: (err?: Error) => void;
    const done = new Promise<void>((resolve, reject) => { settle = (err) => (err ? reject(err) : resolve()); });
    // Nobody may be waiting on a retry's behalf; a rejection with no listener must not end the process.
    done.catch(() => {});
    this.inflight.set(batch.key, { digest: batch.digest, result: batch.result, done, settle });
    this.staged.push(batch);
  }

  /** What is staged, handed to one commit. */
  drain(): KeyedBatch[] {
    const out = this.staged;
    this.staged = [];
    return out;
  }

  /** Writes one commit's keys and prunes by age and count; call inside the intake's transaction. */
  write(batches: KeyedBatch[], now = Date.now()): void {
    if (batches.length === 0) return;
    const sql = this.run();
    // Expired keys go first: a key reused after its TTL is a new batch.
    let count = this.count - sql.expire.run(now - this.options.ttlMs).changes;
    const forgotten = this.count - count;
    for (const b of batches) count += sql.insert.run(b.key, b.digest, b.result, now).changes;
    const over = Math.max(0, count - this.options.maxKeys);
    const evicted = over > 0 ? sql.evict.run(over).changes : 0;
    this.written = { count: count - evicted, forgotten: forgotten + evicted };
  }

  /** The commit that held `batches` landed (no `err`) or rolled back: wakes whoever waits on them. */
  settle(batches: KeyedBatch[], err?: Error): void {
    if (this.written && !err) {
      this.count = this.written.count;
      this.counters.forgotten += this.written.forgotten;
    }
    this.written = undefined;
    for (const b of batches) {
      const f = this.inflight.get(b.key);
      if (!f) continue;
      this.inflight.delete(b.key);
      f.settle(err);
    }
  }

  /** Keys remembered on disk (metrics). */
  size(): number {
    return this.count;
  }

  private run(): NonNullable<BatchKeys['sql']> {
    if (!this.sql) throw new Error('BatchKeys used before open()');
    return this.sql;
  }

  private prepare(db: Database.Database) {
    return {
      find: db.prepare('SELECT digest, result FROM intake_keys WHERE key = ? AND at >= ?'),
      insert: db.prepare('INSERT OR IGNORE INTO intake_keys (key, digest, result, at) VALUES (?, ?, ?, ?)'),
      expire: db.prepare('DELETE FROM intake_keys WHERE at < ?'),
      evict: db.prepare('DELETE FROM intake_keys WHERE seq IN (SELECT seq FROM intake_keys ORDER BY seq LIMIT ?)'),
      count: db.prepare('SELECT count(*) AS n FROM intake_keys'),
    };
  }
}
