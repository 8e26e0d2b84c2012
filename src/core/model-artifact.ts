import { createHash } from 'node:crypto';
import type { HoltWinters } from './forecast.js';

/**
 * Trained models as the studio keeps them and the nodes receive them (`POST /api/v1/models`,
 * `POST /api/v1/models/{id}/deploy`). One artifact covers a set of series; each series carries the
 * edge detector's baseline state (what a node runs) and, for `timeseries_forecast`, a seasonal
 * Holt-Winters forecast (what agent-bruno answers "what will … be tonight?" with).
 */
export const MODEL_TYPES = ['detector_baseline', 'timeseries_forecast'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

/** An artifact's name: its type and target, e.g. `timeseries-forecast-temperature` (versions number under it). */
export const modelName = (type: ModelType, target: string): string =>
  `${type}-${target}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 100);

/** How a trained series did on the held-back tail of its training window. */
export interface SeriesMetrics {
  /** Forecast over the held-back tail from the end of the part it was fitted on. */
  forecast?: { mae: number; rmse: number; seasonal_naive_mae: number; skill: number; band90: number; coverage90: number; tail_points: number; horizon_ms: number };
  /** The detector warm-started from the baseline fitted without the tail, over the tail (reconstructed readings): alarms, and a cold detector's. */
  baseline?: { tail_readings: number; alarms_warm: number; alarms_cold: number; expected_mae: number };
}

/** One series of an artifact, with its own checksum (a node receives only its own series). */
export interface SeriesModelEntry {
  node: string;
  sensor: string;
  kind: string;
  unit: string;
  location: string | null;
  /** The training window actually covered (first and last rollup), epoch ms. */
  window: { from: number; to: number };
  /** Rollups (5-minute points) trained on, and the node's sampling interval they imply. */
  points: number;
  sample_interval_ms: number;
  /** The edge detector's learned series state (the shape is the detector's `SeriesState`). */
  baseline: Record<string, unknown>;
  forecast?: HoltWinters;
  metrics: SeriesMetrics;
  checksum: string;
}

export interface ModelArtifact {
  /** `<name>-v<version>`, e.g. `timeseries-forecast-temperature-v2`. */
  id: string;
  name: string;
  version: number;
  model_type: ModelType;
  target: string;
  created_at: number;
  /** The window asked for, epoch ms. */
  trained_on: { from: number; to: number };
  /** Settings the training ran with (holdout fraction, detector configuration digest, gpus asked for, …). */
  params: Record<string, unknown>;
  series: SeriesModelEntry[];
  /** Series the request covered that had too little data to train, each with the reason (they keep the node's own learning). */
  skipped?: { node: string; sensor: string; kind: string; reason: string }[];
  /** Every series' checksum, in order: what the artifact's checksum covers (a node's part carries all of them). */
  series_checksums: string[];
  metrics: Record<string, number>;
  checksum: string;
}

/** JSON with object keys sorted at every level: the bytes a checksum is taken over. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonical JSON cannot hold ${value}`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

export function seriesChecksum(entry: Omit<SeriesModelEntry, 'checksum'> & { checksum?: string }): string {
  const { checksum: _c, ...rest } = entry;
  return sha256(canonicalJson(rest));
}

export function artifactChecksum(a: Omit<ModelArtifact, 'checksum' | 'series'> & { checksum?: string; series?: unknown }): string {
  const { checksum: _c, series: _s, ...header } = a;
  return sha256(canonicalJson(header));
}

/**
 * Seals an artifact: each series' checksum, then the artifact's over its header and those.
 * @example
 * const artifact = sealArtifact({ id, name, version, …, series });
 */
export function sealArtifact(a: Omit<ModelArtifact, 'checksum' | 'series_checksums' | 'series'> & { series: Omit<SeriesModelEntry, 'checksum'>[] }): ModelArtifact {
  const series = a.series.map((s) => ({ ...s, checksum: seriesChecksum(s) }));
  const sealed = { ...a, series, series_checksums: series.map((s) => s.checksum), checksum: '' };
  sealed.checksum = artifactChecksum(sealed);
  return sealed;
}

/**
 * Why an artifact (or a node's part of one) is not intact, or undefined: the header's checksum,
 * each series' own, and that each series is one the header lists.
 */
export function checksumProblem(a: ModelArtifact): string | undefined {
  if (!a || typeof a !== 'object' || !Array.isArray(a.series) || !Array.isArray(a.series_checksums)) return 'not a model artifact (series and series_checksums are required)';
  let header: string;
  try { header = artifactChecksum(a); } catch (err) { return `artifact cannot be checked: ${(err as Error).message}`; }
  if (header !== a.checksum) return `artifact checksum mismatch: computed ${header}, artifact says ${a.checksum}`;
  for (const s of a.series) {
    let sum: string;
    try { sum = seriesChecksum(s); } catch (err) { return `series ${s.node}/${s.sensor} cannot be checked: ${(err as Error).message}`; }
    if (sum !== s.checksum) return `series ${s.node}/${s.sensor} checksum mismatch: computed ${sum}, entry says ${s.checksum}`;
    if (!a.series_checksums.includes(sum)) return `series ${s.node}/${s.sensor} is not one of the artifact's series`;
  }
  return undefined;
}

/** The part of an artifact one node receives: its own series, every checksum (still verifiable). */
export function partForNode(a: ModelArtifact, node: string): ModelArtifact {
  return { ...a, series: a.series.filter((s) => s.node === node) };
}
