import { z } from 'zod';
import { SEVERITIES } from './severity.js';
import { parseTimestamp } from './time.js';
import { InvalidInput } from './errors.js';

const name = z.string().trim().min(1).max(128);
const timestamp = z.union([z.string(), z.number()]).transform((ts, ctx) => {
  try {
    return parseTimestamp(ts);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** How far the node trusts its own clock when it took the reading (Pis have no RTC). */
export const CLOCK_STATES = ['synced', 'unsynced', 'corrected'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** One sensor reading on the wire (`io.homelab.edge.reading`), as DESIGN.md gives it, plus identity. */
export const ReadingSchema = z.object({
  node: name,
  sensor: name,
  kind: z.string().trim().min(1).max(64),
  value: z.number().finite(),
  unit: z.string().max(16).default(''),
  ts: timestamp,
  location: name.optional(),
  /** Stable identity `node:boot:seq`, given when the reading is taken. */
  id: z.string().min(1).max(256).optional(),
  boot: z.string().min(1).max(64).optional(),
  seq: z.number().int().nonnegative().optional(),
  clock: z.enum(CLOCK_STATES).optional(),
  score: z.number().min(0).max(1).optional(),
  severity: z.enum(SEVERITIES).optional(),
});
export type ReadingInput = z.input<typeof ReadingSchema>;
export type Reading = z.output<typeof ReadingSchema>;

export const ReadingBatchSchema = z.object({ readings: z.array(z.unknown()).min(1).max(10_000) });

export const ProcessSchema = z.object({
  name: z.string().min(1).max(256),
  cpu_pct: z.number().finite().min(0),
  mem_pct: z.number().finite().min(0).max(100),
});
export type ProcessUsage = z.output<typeof ProcessSchema>;

const pct = z.number().finite().min(0).max(100);
/** Node health on the wire (`io.homelab.edge.health`), as DESIGN.md gives it. */
export const HealthSchema = z.object({
  node: name,
  ts: timestamp,
  cpu_pct: pct,
  mem_pct: pct,
  temp_c: z.number().finite().min(-60).max(150).nullable().optional(),
  disk_pct: pct,
  top: z.array(ProcessSchema).max(50).default([]),
  location: name.optional(),
  boot: z.string().min(1).max(64).optional(),
  clock: z.enum(CLOCK_STATES).optional(),
});
export type HealthInput = z.input<typeof HealthSchema>;
export type Health = z.output<typeof HealthSchema>;

/** An anomaly the edge detected (`io.homelab.edge.anomaly`). */
export const AnomalySchema = z.object({
  node: name,
  sensor: name,
  kind: z.string().trim().min(1).max(64),
  value: z.number().finite(),
  unit: z.string().max(16).default(''),
  ts: timestamp,
  location: name.optional(),
  score: z.number().min(0).max(1),
  severity: z.enum(SEVERITIES),
  reason: z.string().max(500).default('anomaly'),
  reading_id: z.string().max(256).optional(),
  explanation: z.string().max(2000).optional(),
});
export type AnomalyInput = z.input<typeof AnomalySchema>;
export type Anomaly = z.output<typeof AnomalySchema>;

/** A model's explanation of an anomaly sent earlier (`io.homelab.edge.explanation`). */
export const ExplanationSchema = z.object({
  /** The CloudEvent id of the anomaly it explains (same source). */
  anomaly_id: z.string().min(1).max(256),
  text: z.string().trim().min(1).max(2000),
  model: z.string().max(200).optional(),
});
export type Explanation = z.output<typeof ExplanationSchema>;

/** A node's model changed state (`io.homelab.edge.model`). */
export const ModelStateSchema = z.object({
  node: name,
  model_id: z.string().trim().min(1).max(200),
  version: z.number().int().positive(),
  state: z.enum(['shadow', 'active', 'rolled_back', 'failed']),
  reason: z.string().max(1000).nullable().optional(),
  ts: timestamp,
});
export type ModelStateReport = z.output<typeof ModelStateSchema>;

/** Timestamps as a clock that is wrong may give them: any instant JavaScript's Date can hold. */
const rawInstant = z.number().int().min(-8.64e15).max(8.64e15);
/**
 * A node's clock synced after running unsynced (`io.homelab.edge.clock`): what it stamped between
 * `from` and `until` on the unsynced clock is `offset_ms` off. The studio corrects the readings it
 * held for that node and range (they were outside its time window) and stores them.
 */
export const ClockSyncSchema = z.object({
  node: name,
  ts: timestamp,
  offset_ms: rawInstant,
  from: rawInstant,
  until: rawInstant,
}).refine((c) => c.from <= c.until, { message: 'from must not be after until', path: ['from'] });
export type ClockSync = z.output<typeof ClockSyncSchema>;

/** Summary of one series over a window (`io.homelab.edge.aggregate`). */
export const SeriesAggregateSchema = z.object({
  sensor: name,
  kind: z.string().trim().min(1).max(64),
  unit: z.string().max(16).default(''),
  location: name.optional(),
  count: z.number().int().positive(),
  min: z.number().finite(),
  max: z.number().finite(),
  mean: z.number().finite(),
  last: z.number().finite(),
  /** When the extremes and the last value were taken (epoch ms or RFC 3339), when known. */
  min_ts: timestamp.optional(),
  max_ts: timestamp.optional(),
  last_ts: timestamp.optional(),
});
export const AggregateSchema = z.object({
  node: name,
  window_start: timestamp,
  window_end: timestamp,
  series: z.array(SeriesAggregateSchema).min(1).max(10_000),
});
export type AggregateInput = z.input<typeof AggregateSchema>;
export type Aggregate = z.output<typeof AggregateSchema>;

/**
 * Validates `value` against `schema`; on failure throws an InvalidInput naming the first bad field.
 * @example
 * const reading = parseWith(ReadingSchema, body, 'readings[0]');
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const field = `${prefix}${path}`.replace(/^\./, '') || prefix || '(body)';
  throw new InvalidInput(`${field}: ${issue.message}`, { field, cause: result.error });
}
