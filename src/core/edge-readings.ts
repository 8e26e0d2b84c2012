/** The drill-down's wire shapes: what the studio asks a node's `readings.query` handler, and its answer. */

/** Most readings (or points per series) one drill-down answers with; a larger `limit` is a 400 (README). */
export const EDGE_READINGS_MAX_ROWS = 10_000;

/** What the node's `readings.query` handler takes. */
export interface EdgeReadingsParams {
  sensor?: string;
  kind?: string;
  from: number;
  to: number;
  /** Downsample to one point per series per `stepMs` (count, mean, min, max); omitted: raw readings. */
  stepMs?: number;
  /** At most this many readings (raw), earliest first; `truncated` and `nextFrom` say when more were there. */
  limit: number;
}

/** One raw reading from a node's local store (the shape of `/api/v1/readings`). */
export interface EdgeReading { node: string; sensor: string; kind: string; unit: string; location: string | null; ts: number; value: number; severity: string | null; score: number | null }
export interface EdgePoint { node: string; sensor: string; kind: string; unit: string; ts: number; count: number; mean: number; min: number; max: number }

/** The node's answer to `readings.query`. */
export interface EdgeReadingsResult {
  node: string;
  from: number;
  to: number;
  stepMs?: number;
  count: number;
  /** More readings were in the range than `limit`: continue from `nextFrom`. */
  truncated: boolean;
  nextFrom?: number;
  readings?: EdgeReading[];
  points?: EdgePoint[];
}

