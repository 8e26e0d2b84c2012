import type { Pool, PoolClient } from 'pg';
import { HEAD, headBlock, MAX_HEAD_BLOCKS, SEAL } from '../blocks.js';
import { concatColumns, planIngest, type IngestPlan, type RollupDelta } from '../plan.js';
import type { IngestItem, IngestStatus } from '../store.js';
import { blockColumns, insertBlocks, mergeHeads, pushBlock } from './heads.js';
import { ingestStatements } from './ingest-sql.js';
import { coarseDeltaParams, coarseKeys, coarseStatements } from './pg-coarse.js';
import { coarseDeltas, coarseOf } from '../tiers.js';
import { float8Array, int4Array, int8Array, textArray } from './binary-arrays.js';
import { DUPLICATE_EVENT, fastEligible, ingestCall, ingestCallParams } from './ingest-fn.js';
import { logger } from '../../../core/logger.js';

/** Whole-transaction attempts on deadlock / serialization failure (should not happen, see lock order). */
const ATTEMPTS = 4;
const RETRYABLE = new Set(['40P01', '40001']);

const int = (xs: readonly number[]): number[] => xs.map((x) => Math.round(x));
const keyOf = (e: { source: string; id: string }): string => `${e.source}\u0000${e.id}`;

/**
 * Writes batches of accepted events to PostgreSQL: one transaction per batch, one multi-row
 * `unnest` statement per table, one compressed head block per series (see ../blocks.ts) instead of a
 * row per reading; a series whose head is due is merged into sealed blocks in the same transaction.
 *
 * Dedupe under concurrency: the batch's events are inserted first with `ON CONFLICT DO NOTHING
 * RETURNING`, and only the events that statement returns get their readings written, in the same
 * transaction. When two replicas race on one event id, the second insert waits on the first's
 * uncommitted row; if the first commits, the second sees the conflict and writes nothing; if it rolls
 * back, the second inserts. So an event's readings are written by exactly one transaction.
 *
 * Deadlocks: every transaction locks rows in one global order — events, nodes, series, rollups,
 * coarse rollups tables in that order, each statement's rows sorted by key — so two batches overlapping in any
 * order wait on each other instead of deadlocking. A retry on 40P01/40001 remains as a safety net.
 * Head blocks need no lock of their own: a series' head changes only under its series row lock.
 * Rollup rows neither: every writer of a series' rollups holds its series row lock, which is why a
 * bucket after the series' newest one (read under that lock) is new and goes in by a plain insert —
 * most of a batch in time order; only the buckets at or before it are upserted.
 *
 * Anomaly order: a batch with anomalies takes a transaction advisory lock (last, after the row
 * locks above) before inserting them and keeps it to commit. Their ids are thereby drawn in commit
 * order, which is what lets `anomaliesAfter` readers keep a cursor: a committed id never has a lower
 * one still to commit. Anomalies are rare, so serialising just that tail of such batches costs little.
 * @example
 * const writer = new PostgresIngest(pool, '"bruno"');
 * await writer.run([{ event, readings }]); // ['stored']
 */
export class PostgresIngest {
  private readonly sql;
  private readonly coarse;
  private readonly call;
  /** Advisory lock (see the class comment) that orders anomaly ids by commit; one per schema. */
  private readonly anomalySeqLock: string;

  constructor(private readonly pool: Pool, s: string) {
    this.anomalySeqLock = `homelab-studio-anomaly-seq:${s}`;
    this.sql = ingestStatements(s);
    this.coarse = coarseStatements(s);
    this.call = ingestCall(s);
  }

  /** Stores the batch in one transaction; answers per item 'stored' or 'duplicate'. */
  async run(items: IngestItem[]): Promise<IngestStatus[]> {
    if (items.length === 0) return [];
    if (await this.fast(items)) return items.map(() => 'stored');
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const statuses = await this.write(client, items);
        await client.query('COMMIT');
        return statuses;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => { broken = e; });
        const code = (err as { code?: string }).code;
        if (attempt < ATTEMPTS && code !== undefined && RETRYABLE.has(code)) {
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
          continue;
        }
        throw err;
      } finally {
        // A connection that could not even roll back is dropped rather than returned to the pool.
        client.release(broken);
      }
    }
  }

  /**
   * A batch of plain readings in one call of the schema's ingest function (see ingest-fn.ts): one
   * round trip instead of ten. Answers false, having written nothing, when the batch is not plain
   * readings, holds an event already stored, or lost a deadlock; the general transaction takes it then.
   */
  private async fast(items: IngestItem[]): Promise<boolean> {
    const events = items.map((item) => item.event);
    const plan = planIngest(items);
    if (!fastEligible(plan, events)) return false;
    let due: number[];
    try {
      const res = await this.pool.query<{ due: string[] }>({ ...this.call, values: ingestCallParams(plan, events, Date.now()) });
      due = res.rows[0]!.due.map(Number);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === DUPLICATE_EVENT || (code !== undefined && RETRYABLE.has(code))) return false;
      throw err;
    }
    // The batch is committed; sealing its due heads is compaction, retried by the next batch if it fails.
    if (due.length > 0) await this.flushHeads(due, true).catch((err: Error) => logger('store:postgres').warn({ err }, 'sealing heads failed (retried on the next batch)'));
    return true;
  }

  private async write(client: PoolClient, items: IngestItem[]): Promise<IngestStatus[]> {
    // The first occurrence of a source+id in the batch is the candidate; later ones are duplicates.
    const first = new Map<string, number>();
    items.forEach((item, i) => { if (!first.has(keyOf(item.event))) first.set(keyOf(item.event), i); });
    const unique = [...first.values()].map((i) => items[i]!.event);
    const inserted = await client.query<{ source: string; id: string }>({ ...this.sql.events, values: [
      textArray(unique.map((e) => e.source)), textArray(unique.map((e) => e.id)), textArray(unique.map((e) => e.type)),
      int8Array(unique.map((e) => e.time)), textArray(unique.map((e) => e.subject ?? null)), Date.now(),
    ] });
    const isNew = new Set(inserted.rows.map(keyOf));
    const statuses = items.map((item, i): IngestStatus => {
      const key = keyOf(item.event);
      return isNew.has(key) && first.get(key) === i ? 'stored' : 'duplicate';
    });
    const fresh = items.filter((_, i) => statuses[i] === 'stored');
    if (fresh.length > 0) await this.writePlan(client, planIngest(fresh));
    return statuses;
  }

  private async writePlan(client: PoolClient, plan: IngestPlan): Promise<void> {
    const { nodes, series } = plan;
    if (nodes.length > 0) {
      await client.query({ ...this.sql.nodes, values: [
        nodes.map((n) => n.node), nodes.map((n) => n.location), int(nodes.map((n) => n.firstSeen)),
        int(nodes.map((n) => n.lastSeen)), nodes.map((n) => (n.health ? JSON.stringify(n.health) : null)),
        nodes.map((n) => (n.healthTs === null ? null : Math.round(n.healthTs))),
      ] });
    }
    const heads = series.map((_, slot) => { const parts = plan.heads.get(slot); return parts ? concatColumns(parts) : undefined; });
    const ids: number[] = [];
    const due: number[] = [];
    if (series.length > 0) {
      const res = await client.query<{ id: number; node: string; sensor: string; head_blocks: number; head_readings: number }>({ ...this.sql.series, values: [
        textArray(series.map((x) => x.node)), textArray(series.map((x) => x.sensor)), textArray(series.map((x) => x.kind)), textArray(series.map((x) => x.unit)),
        textArray(series.map((x) => x.location)), int8Array(series.map((x) => x.firstSeen)), int8Array(series.map((x) => x.lastTs)),
        float8Array(series.map((x) => x.lastValue)), int4Array(heads.map((h) => (h ? 1 : 0))), int4Array(heads.map((h) => h?.ts.length ?? 0)),
      ] });
      const byKey = new Map(res.rows.map((row) => [`${row.node}\u0000${row.sensor}`, row]));
      for (const x of series) {
        const row = byKey.get(`${x.node}\u0000${x.sensor}`);
        if (row === undefined) throw new Error(`series upsert returned no id for ${x.node}/${x.sensor}`);
        ids.push(row.id);
        if (row.head_readings >= SEAL || row.head_blocks >= MAX_HEAD_BLOCKS) due.push(row.id);
      }
    }
    const sid = (slot: number): number => ids[slot]!;
    const blocks = blockColumns();
    heads.forEach((cols, slot) => { if (cols) pushBlock(blocks, sid(slot), HEAD, headBlock(cols)); });
    await insertBlocks(client, this.sql, blocks);
    await mergeHeads(client, this.sql, due, true);
    // Raw before edge: an edge aggregate then replaces raw data of its bucket from this very batch,
    // which is what SQLite's in-order upserts end with whichever order the two arrived in.
    const raw = plan.rawRollups;
    const top = await this.rollupTops(client, raw, sid);
    const fresh: RollupDelta[] = [];
    const known: RollupDelta[] = [];
    for (const d of raw) (d.bucket > top(sid(d.slot)) ? fresh : known).push(d);
    let applied = 0;
    if (fresh.length > 0) applied += (await client.query({ ...this.sql.rawInsert, values: rollupParams(fresh, sid) })).rowCount ?? 0;
    if (known.length > 0) applied += (await client.query({ ...this.sql.rawRollups, values: rollupParams(known, sid) })).rowCount ?? 0;
    if (plan.edgeRollups.length > 0) await client.query({ ...this.sql.edgeRollups, values: rollupParams(plan.edgeRollups, sid) });
    await this.writeCoarse(client, plan, sid, top, applied === raw.length);
    const an = plan.anomalies;
    if (an.length > 0) {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.anomalySeqLock]);
      const col = <T>(f: (a: (typeof an)[number]['anomaly']) => T): T[] => an.map((x) => f(x.anomaly));
      await client.query({ ...this.sql.anomalies, values: [
        an.map((x) => x.eventId), col((a) => a.node), col((a) => a.sensor), col((a) => a.kind), col((a) => a.unit),
        col((a) => a.location ?? null), int(col((a) => a.ts)), col((a) => a.value), col((a) => a.score),
        col((a) => a.severity), col((a) => a.reason), col((a) => a.reading_id ?? null), col((a) => a.explanation ?? null),
      ] });
    }
    const h = plan.health;
    if (h.length > 0) {
      await client.query({ ...this.sql.health, values: [
        h.map((x) => x.node), int(h.map((x) => x.ts)), h.map((x) => x.cpu_pct), h.map((x) => x.mem_pct),
        h.map((x) => x.temp_c ?? null), h.map((x) => x.disk_pct), h.map((x) => JSON.stringify(x.top)),
      ] });
    }
    // After the anomalies: an explanation may arrive in the same batch as its anomaly.
    for (const e of plan.explanations) await client.query({ ...this.sql.explain, values: [e.text, e.anomaly_id] });
  }

  /**
   * The coarse rows over every 5-minute bucket just written (locked after them, in key order).
   * Raw readings alone, each applied to its 5-minute row: their deltas are merged in (see
   * coarseDeltas), a tenth of the cost of recomputing. Otherwise — an edge aggregate in the batch,
   * a raw delta refused by an edge bucket, or a coarse row over one — the touched coarse rows are
   * recomputed from their 5-minute rows; they are already locked by then, so the order holds.
   */
  private async writeCoarse(client: PoolClient, plan: IngestPlan, sid: (slot: number) => number, top: (sid: number) => number, allRawApplied: boolean): Promise<void> {
    const touched = [...plan.rawRollups, ...plan.edgeRollups];
    if (touched.length === 0) return;
    if (plan.edgeRollups.length === 0 && allRawApplied) {
      const deltas = coarseDeltas(plan.rawRollups, sid);
      // A coarse bucket after the one holding the series' newest 5-minute row had no row: inserted as is.
      const fresh = deltas.filter((d) => d.bucket > coarseOf(top(d.sid)));
      const known = deltas.filter((d) => d.bucket <= coarseOf(top(d.sid)));
      if (fresh.length > 0) await client.query({ ...this.coarse.insertRaw, values: coarseDeltaParams(fresh) });
      const res = known.length > 0 ? await client.query({ ...this.coarse.addRaw, values: coarseDeltaParams(known) }) : { rowCount: 0 };
      if (res.rowCount === known.length) return;
    }
    await client.query({ ...this.coarse.refresh, values: coarseKeys(touched.map((d) => ({ sid: sid(d.slot), bucket: d.bucket }))) });
  }

  /**
   * Each series' newest 5-minute bucket before this batch's rollups (-Infinity: none), read under
   * the series row locks the batch's upsert took (see rollupTops in ingest-sql.ts).
   */
  private async rollupTops(client: PoolClient, raw: readonly RollupDelta[], sid: (slot: number) => number): Promise<(sid: number) => number> {
    const tops = new Map<number, number>();
    if (raw.length > 0) {
      const sids = [...new Set(raw.map((d) => sid(d.slot)))];
      const res = await client.query<{ sid: number; top: number | null }>({ ...this.sql.rollupTops, values: [int8Array(sids)] });
      for (const r of res.rows) if (r.top !== null) tops.set(r.sid, r.top);
    }
    return (id) => tops.get(id) ?? -Infinity;
  }

  /**
   * Ingest went quiet: merges each series' fresh head blocks (two or more) into one, under the
   * series row locks taken in ingest's order; with `seal`, whole heads into sealed blocks (the
   * fast path's due heads). Answers how many series it merged.
   */
  async flushHeads(seriesIds: number[], seal = false): Promise<number> {
    if (!seriesIds.length) return 0;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const locked = await client.query<{ id: number }>({ ...this.sql.lockSeries, values: [seriesIds] });
      const merged = await mergeHeads(client, this.sql, locked.rows.map((r) => r.id), seal);
      await client.query('COMMIT');
      return merged;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/** The rollup upserts' parameters, in binary (see binary-arrays.ts). */
function rollupParams(rows: RollupDelta[], sid: (slot: number) => number): Buffer[] {
  const col = (f: (x: RollupDelta) => number) => rows.map(f);
  return [
    int8Array(col((x) => sid(x.slot))), int8Array(col((x) => x.bucket)), int8Array(col((x) => x.count)), float8Array(col((x) => x.sum)),
    float8Array(col((x) => x.min)), int8Array(col((x) => x.minTs)), float8Array(col((x) => x.max)), int8Array(col((x) => x.maxTs)),
    float8Array(col((x) => x.last)), int8Array(col((x) => x.lastTs)),
  ];
}
