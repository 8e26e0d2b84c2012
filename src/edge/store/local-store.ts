import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reading } from '../../core/schemas.js';
import type { Severity } from '../../core/severity.js';
import { DAY } from '../../core/time.js';
import type { LocalReadingStore } from '../collector.js';
import { Compactor } from './compaction.js';
import { decodeBlock, encodeBlock, type BlockMark } from '../../core/codec/block.js';
import { addReading, bucketOf, BUCKET_MS, mergeRollups, type Rollup } from './rollup.js';
import { openSchema, type BlockRow, type MetaKey, type StoreStatements } from './schema.js';
import { SeriesCatalog, seriesKey, type SeriesMeta } from './series.js';
import type { LocalStoreOptions, LocalStoreStats, StoreQuery, StoredAggregate, StoredReading } from './types.js';

interface Pending {
  meta: SeriesMeta;
  ts: number[];
  values: number[];
  marks: BlockMark[];
  rollups: Map<number, Rollup>;
  /** The rollup the last reading went to (readings mostly come in time order). */
  bucket?: number;
  rollup?: Rollup;
}

const LEVEL: Record<Severity, number> = { normal: 0, warning: 1, critical: 2 };
const SEVERITY_OF: Severity[] = ['normal', 'warning', 'critical'];
/** Automatic retention runs at most this often; each run is a couple of indexed deletes. */
const RETENTION_EVERY_MS = 60_000;

/**
 * The node's local reading store: every reading, kept on the Pi's SD card for 7 days raw and
 * 90 days as 5-minute aggregates, in about 2–4 bytes per reading (bench/edge-store.ts). `append()` only buffers; a
 * flush (every `flushEvery` readings or `flushMs`) writes one compressed block per series and
 * the touched aggregate windows in one transaction, then applies retention and the disk bound.
 * @example
 * const store = new LocalStore({ path: 'data/readings.db', maxBytes: 256 << 20 });
 * store.open();
 * store.append({ ...reading, severity: 'normal', score: 0.1 });
 * store.query({ sensor: 'dht22-temperature', from: Date.now() - 3_600_000, to: Date.now() });
 * await store.close();
 */
export class LocalStore implements LocalReadingStore {
  private db?: Database.Database;
  private sql?: StoreStatements;
  private catalog?: SeriesCatalog;
  private compactor?: Compactor;
  private pending = new Map<string, Pending>();
  /** The same buffers by node and sensor: a reading finds its series without building its key. */
  private bySensor = new Map<string, Map<string, Pending>>();
  private buffered = 0;
  private readonly counters: Record<MetaKey, number> = { raw_readings: 0, blocks: 0, dropped_for_space: 0, dropped_for_retention: 0, journal_through: 0 };
  /** Highest intake journal row among the buffered readings: written with the flush that stores them. */
  private bufferedThrough = 0;
  private timer?: NodeJS.Timeout;
  private flushQueued = false;
  private lastRetention = -Infinity;
  private newestTs = -Infinity;
  private pageSize = 4096;

  constructor(private readonly options: LocalStoreOptions) {}

  open(): void {
    if (this.db) return;
    mkdirSync(dirname(this.options.path), { recursive: true });
    const db = new Database(this.options.path);
    this.sql = openSchema(db);
    this.db = db;
    this.catalog = new SeriesCatalog(db);
    this.compactor = new Compactor(db);
    this.resync();
    this.pageSize = (this.sql.pageSize.get() as { size: number }).size;
    this.timer = setInterval(() => this.safeFlush(), this.options.flushMs ?? 60_000);
    this.timer.unref();
  }

  /**
   * Buffers a reading; never touches disk, except as a last resort when `maxBuffered` is hit
   * because the event loop never ran a flush (losing readings would be worse than one write).
   */
  append(reading: Reading & { severity: Severity; score: number }, journalSeq?: number): void {
    if (journalSeq !== undefined && journalSeq > this.bufferedThrough) this.bufferedThrough = journalSeq;
    let sensors = this.bySensor.get(reading.node);
    let p = sensors?.get(reading.sensor);
    if (!p || p.meta.kind !== reading.kind || p.meta.unit !== reading.unit || p.meta.location !== reading.location) {
      const meta: SeriesMeta = { node: reading.node, sensor: reading.sensor, kind: reading.kind, unit: reading.unit };
      if (reading.location !== undefined) meta.location = reading.location;
      const key = seriesKey(meta);
      p = this.pending.get(key);
      if (!p) this.pending.set(key, (p = { meta, ts: [], values: [], marks: [], rollups: new Map() }));
      if (!sensors) this.bySensor.set(reading.node, (sensors = new Map()));
      sensors.set(reading.sensor, p);
    }
    const level = LEVEL[reading.severity];
    if (level > 0) p.marks.push({ index: p.ts.length, level, score: reading.score });
    p.ts.push(reading.ts);
    p.values.push(reading.value);
    const bucket = bucketOf(reading.ts);
    if (bucket === p.bucket) addReading(p.rollup, reading.ts, reading.value);
    else {
      const rollup = addReading(p.rollups.get(bucket), reading.ts, reading.value);
      p.rollups.set(bucket, rollup);
      p.bucket = bucket;
      p.rollup = rollup;
    }
    if (reading.ts > this.newestTs) this.newestTs = reading.ts;
    this.buffered++;
    const every = this.options.flushEvery ?? 10_000;
    if (this.buffered >= (this.options.maxBuffered ?? every * 20)) this.safeFlush();
    else if (this.buffered >= every && !this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.safeFlush()).unref();
    }
  }

  /** Writes everything buffered in one transaction, then keeps retention and the bound. */
  flush(): void {
    const sql = this.run();
    this.flushQueued = false;
    if (this.buffered === 0) return;
    const pending = this.pending;
    const write = this.db!.transaction(() => {
      let readings = 0;
      let merged = 0;
      for (const p of pending.values()) {
        const id = this.catalog!.ensure(p.meta);
        const block = encodeBlock(p);
        sql.insertBlock.run(id, block.tMin, block.tMax, block.count, block.data);
        readings += block.count;
        merged += this.compactor!.added(id, block.count);
        for (const [bucket, r] of p.rollups) sql.upsertRollup.run({ series: id, bucket, ...r });
      }
      this.bump('raw_readings', readings);
      this.bump('blocks', pending.size - merged);
      if (this.bufferedThrough > this.counters.journal_through) {
        sql.setMeta.run('journal_through', this.bufferedThrough);
        this.counters.journal_through = this.bufferedThrough;
      }
      this.keepWithinBound();
    });
    try {
      write();
    } catch (err) {
      this.resync(); // the transaction rolled back: drop what memory learnt inside it
      throw err;
    }
    this.pending = new Map();
    this.bySensor = new Map();
    this.buffered = 0;
    const now = Math.min(this.options.clock?.() ?? Date.now(), this.newestTs);
    // A clock that jumps ahead (no RTC, bad NTP) must not wipe the store: never expire relative
    // to a time later than the newest reading held.
    if (now - this.lastRetention >= RETENTION_EVERY_MS) this.enforceRetention(now);
  }

  /**
   * Drops raw blocks wholly older than `now - rawRetentionMs` and aggregate windows older than
   * `now - aggregateRetentionMs`. Both are range deletes on an index, cheap enough to run on
   * every flush.
   */
  enforceRetention(now: number): void {
    const sql = this.run();
    this.lastRetention = now;
    const rawCut = now - (this.options.rawRetentionMs ?? 7 * DAY);
    const aggCut = bucketOf(now - (this.options.aggregateRetentionMs ?? 90 * DAY));
    this.db!.transaction(() => {
      const gone = sql.expiredCount.get(rawCut) as { blocks: number; readings: number };
      if (gone.blocks > 0) {
        sql.deleteExpired.run(rawCut);
        this.bump('raw_readings', -gone.readings);
        this.bump('blocks', -gone.blocks);
        this.bump('dropped_for_retention', gone.readings);
        this.compactor!.forget();
      }
      for (const s of this.catalog!.all()) sql.expireRollups.run(s.id, aggCut);
    })();
    this.shrink();
  }

  /** Readings of the matching series with `from ≤ ts < to`, earliest first (buffered ones included). */
  query(q: StoreQuery): StoredReading[] {
    const sql = this.run();
    const out: StoredReading[] = [];
    const take = (s: SeriesMeta, ts: number[], values: number[], marks: BlockMark[]) => {
      const marked = new Map(marks.map((m) => [m.index, m]));
      for (let i = 0; i < ts.length; i++) {
        const t = ts[i]!;
        if (t < q.from || t >= q.to) continue;
        const m = marked.get(i);
        const r: StoredReading = { node: s.node, sensor: s.sensor, kind: s.kind, unit: s.unit, ts: t, value: values[i]!, severity: SEVERITY_OF[m?.level ?? 0]! };
        if (s.location !== undefined) r.location = s.location;
        if (m) r.score = m.score;
        out.push(r);
      }
    };
    for (const s of this.catalog!.match(q.node, q.sensor, q.kind)) {
      for (const row of sql.seriesBlocks.all(s.id, q.from, q.to) as BlockRow[]) {
        const b = decodeBlock(row.data, row.t_min);
        take(s, b.ts, b.values, b.marks);
      }
    }
    for (const p of this.pendingMatching(q.node, q.sensor, q.kind)) take(p.meta, p.ts, p.values, p.marks);
    out.sort((a, b) => a.ts - b.ts);
    return q.limit !== undefined ? out.slice(0, q.limit) : out;
  }

  /**
   * Each series' latest `perSeries` readings (at most), from its newest blocks and the buffer: what
   * the collector's identity dedupe remembers after a restart.
   */
  *recent(perSeries: number): Generator<{ node: string; sensor: string; ts: number; value: number }> {
    const sql = this.run();
    const bySeries = new Map<string, { meta: SeriesMeta; ts: number[]; values: number[] }>();
    const add = (meta: SeriesMeta, ts: number[], values: number[]) => {
      const key = `${meta.node}\u0000${meta.sensor}`;
      const known = bySeries.get(key) ?? { meta, ts: [], values: [] };
      known.ts.push(...ts.slice(-perSeries));
      known.values.push(...values.slice(-perSeries));
      bySeries.set(key, known);
    };
    for (const s of this.catalog!.all()) {
      for (const row of sql.latestBlocks.all(s.id, 2) as BlockRow[]) {
        const b = decodeBlock(row.data, row.t_min);
        add(s, b.ts, b.values);
      }
    }
    for (const p of this.pending.values()) add(p.meta, p.ts, p.values);
    for (const { meta, ts, values } of bySeries.values()) {
      const order = ts.map((_, i) => i).sort((a, b) => ts[a]! - ts[b]!).slice(-perSeries);
      for (const i of order) yield { node: meta.node, sensor: meta.sensor, ts: ts[i]!, value: values[i]! };
    }
  }

  /** 5-minute aggregates of the matching series for the windows overlapping `[from, to)`, by window. */
  aggregates(q: StoreQuery): StoredAggregate[] {
    const sql = this.run();
    const merged = new Map<string, { meta: SeriesMeta; bucket: number; r: Rollup }>();
    const add = (meta: SeriesMeta, bucket: number, r: Rollup) => {
      const key = `${seriesKey(meta)}@${bucket}`;
      const known = merged.get(key);
      merged.set(key, { meta, bucket, r: known ? mergeRollups(known.r, r) : { ...r } });
    };
    for (const s of this.catalog!.match(q.node, q.sensor, q.kind)) {
      for (const row of sql.seriesRollups.all(s.id, q.from - BUCKET_MS, q.to) as (Rollup & { bucket: number })[]) add(s, row.bucket, row);
    }
    for (const p of this.pendingMatching(q.node, q.sensor, q.kind)) {
      for (const [bucket, r] of p.rollups) if (bucket > q.from - BUCKET_MS && bucket < q.to) add(p.meta, bucket, r);
    }
    const out = [...merged.values()].map(({ meta, bucket, r }): StoredAggregate => ({
      node: meta.node, sensor: meta.sensor, kind: meta.kind, unit: meta.unit,
      ...(meta.location !== undefined ? { location: meta.location } : {}), windowStart: bucket, windowEnd: bucket + BUCKET_MS, count: r.count, min: r.min, max: r.max,
      mean: r.sum / r.count, last: r.last, minTs: r.minTs, maxTs: r.maxTs, lastTs: r.lastTs,
    }));
    return out.sort((a, b) => a.windowStart - b.windowStart || a.node.localeCompare(b.node) || a.sensor.localeCompare(b.sensor));
  }

  /** The intake journal row up to which every reading is in a committed flush (0: none). */
  journalThrough(): number {
    this.run();
    return this.counters.journal_through;
  }

  stats(): LocalStoreStats {
    this.run();
    const size = (p: string) => { try { return statSync(p).size; } catch { return 0; } };
    const bytesOnDisk = size(this.options.path) + size(`${this.options.path}-wal`);
    const raw = this.counters.raw_readings;
    return {
      rawReadings: raw, bytesOnDisk, bytesPerReading: raw > 0 ? bytesOnDisk / raw : 0, series: this.catalog!.size,
      droppedForSpace: this.counters.dropped_for_space, droppedForRetention: this.counters.dropped_for_retention,
      buffered: this.buffered, blocks: this.counters.blocks,
    };
  }

  /** Flushes what is buffered and closes the file (SQLite checkpoints and removes the WAL). */
  close(): void {
    if (!this.db) return;
    clearInterval(this.timer);
    this.flush();
    this.db.close();
    this.db = undefined;
    this.sql = undefined;
  }

  /** Called inside the flush transaction: drops the oldest raw blocks (then aggregates) until the used pages fit. */
  private keepWithinBound(): void {
    const max = this.options.maxBytes;
    if (max === undefined) return;
    const sql = this.sql!;
    for (let used = this.usedBytes(); used > max; used = this.usedBytes()) {
      const blocks = this.counters.blocks;
      if (blocks > 0) {
        // Estimate how many blocks free the excess; rows of one flush share pages, so whole pages free up.
        const perBlock = used / blocks;
        const victims = sql.oldest.all(Math.max(1, Math.ceil((used - max) / perBlock))) as { id: number; n: number }[];
        let readings = 0;
        for (const v of victims) { sql.deleteBlock.run(v.id); readings += v.n; }
        this.bump('raw_readings', -readings);
        this.bump('blocks', -victims.length);
        this.bump('dropped_for_space', readings);
        this.compactor!.forget();
        this.options.log?.(`[local-store] at ${max} bytes: dropped the ${readings} oldest raw readings`);
        continue;
      }
      const oldest = sql.oldestRollup.get() as { series: number | null; bucket: number | null };
      if (oldest.series === null || oldest.bucket === null) return;
      sql.deleteRollup.run(oldest.series, oldest.bucket);
    }
  }

  /** Reloads series ids, counters and compaction state from what is committed. */
  private resync(): void {
    this.catalog!.load();
    this.compactor!.forget();
    for (const key of Object.keys(this.counters) as MetaKey[]) this.counters[key] = 0;
    for (const r of this.sql!.getMeta.all() as { key: MetaKey; value: number }[]) this.counters[r.key] = r.value;
  }

  private usedBytes(): number {
    return (this.sql!.usedPages.get() as { pages: number }).pages * this.pageSize;
  }

  /** Returns free pages to the file system only when many piled up, so steady state reuses them in place. */
  private shrink(): void {
    const free = this.db!.pragma('freelist_count', { simple: true }) as number;
    const pages = this.db!.pragma('page_count', { simple: true }) as number;
    if (free > 256 && free > pages / 10) this.db!.pragma('incremental_vacuum');
  }

  private bump(key: MetaKey, by: number): void {
    if (by === 0) return;
    this.counters[key] += by;
    this.sql!.addMeta.run(key, by);
  }

  private pendingMatching(node?: string, sensor?: string, kind?: string): Pending[] {
    return [...this.pending.values()].filter((p) => (node === undefined || p.meta.node === node) && (sensor === undefined || p.meta.sensor === sensor) && (kind === undefined || p.meta.kind === kind));
  }

  private safeFlush(): void {
    if (!this.db) return;
    try {
      this.flush();
    } catch (err) {
      this.options.log?.(`[local-store] flush failed, keeping ${this.buffered} readings buffered: ${(err as Error).message}`);
    }
  }

  private run(): StoreStatements {
    if (!this.sql) throw new Error('LocalStore used before open()');
    return this.sql;
  }
}

