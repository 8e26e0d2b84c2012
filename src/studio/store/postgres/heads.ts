import type { PoolClient } from 'pg';
import { decodePoints, mergePoints, type Points, type StoredBlock } from '../blocks.js';
import type { ingestStatements } from './ingest-sql.js';
import { byteaArray, int2Array, int4Array, int8Array } from './binary-arrays.js';

type Statements = ReturnType<typeof ingestStatements>;
interface HeadRow { id: number; series_id: number; level: number; t_min: number; data: Buffer; ids: Buffer | null }

/** Block rows in the column order of the `blocks` unnest insert. */
export interface BlockColumns {
  series: number[];
  level: number[];
  tMin: number[];
  tMax: number[];
  count: number[];
  data: Buffer[];
  ids: (Buffer | null)[];
}

export const blockColumns = (): BlockColumns => ({ series: [], level: [], tMin: [], tMax: [], count: [], data: [], ids: [] });

export function pushBlock(into: BlockColumns, seriesId: number, level: number, b: StoredBlock): void {
  into.series.push(seriesId);
  into.level.push(level);
  into.tMin.push(b.tMin);
  into.tMax.push(b.tMax);
  into.count.push(b.count);
  into.data.push(b.data);
  into.ids.push(b.ids);
}

export async function insertBlocks(client: PoolClient, sql: Statements, b: BlockColumns): Promise<void> {
  if (!b.series.length) return;
  await client.query({ ...sql.blocks, values: [
    int8Array(b.series), int2Array(b.level), int8Array(b.tMin), int8Array(b.tMax), int4Array(b.count), byteaArray(b.data), byteaArray(b.ids),
  ] });
}

/**
 * Merges the heads of `seriesIds` (whole heads into sealed blocks when `seal`, else only their fresh
 * blocks, for series with two or more) and recounts them on the series rows. The caller holds the
 * series rows' locks (the ingest upsert, or `lockSeries`), so no other transaction adds to these
 * heads meanwhile. Answers how many series were merged.
 */
export async function mergeHeads(client: PoolClient, sql: Statements, seriesIds: number[], seal: boolean): Promise<number> {
  if (!seriesIds.length) return 0;
  const { rows } = await client.query<HeadRow>({ ...sql.headOf, values: [seriesIds, seal ? 1 : 0] });
  const bySeries = new Map<number, HeadRow[]>();
  for (const r of rows) {
    const list = bySeries.get(r.series_id);
    if (list) list.push(r);
    else bySeries.set(r.series_id, [r]);
  }
  const gone: number[] = [];
  const out = blockColumns();
  let merged = 0;
  for (const [seriesId, list] of bySeries) {
    if (!seal && list.length < 2) continue;
    const parts: Points[] = list.map((r) => decodePoints(r.data, r.t_min, r.ids));
    for (const r of list) gone.push(r.id);
    for (const { block, level } of mergePoints(parts, seal)) pushBlock(out, seriesId, level, block);
    merged++;
  }
  if (!merged) return 0;
  await client.query({ ...sql.deleteBlocks, values: [gone] });
  await insertBlocks(client, sql, out);
  await client.query({ ...sql.recountHeads, values: [[...bySeries.keys()]] });
  return merged;
}
