import { z } from 'zod';

/**
 * A goal as the API, the CLI and plain language create it: either **measured** (computed from the
 * studio's stored data: readings, node health, anomalies) or **tracked** (key results moved by
 * check-ins). The HTTP layer maps {@link GoalError}s to 4xx; nothing here knows about HTTP.
 */

/** Longest period a measured goal may span (raw data is kept 30 days; rollups a year). */
export const MAX_PERIOD_MS = 92 * 86_400_000;
/** Most goals kept at once; creating one more is refused with the reason. */
export const MAX_GOALS = 500;
/** Check-ins kept per goal (the oldest go first; `checkins_dropped` counts them). */
export const MAX_CHECKINS = 200;

/** Health vitals a measured goal may name, from the node's health reports (not readings). */
export const VITALS = ['cpu', 'memory', 'disk', 'soc_temp'] as const;
export type Vital = (typeof VITALS)[number];

const name = z.string().trim().min(1).max(100);
const Scope = z.object({ node: name.optional(), location: name.optional() }).strict().default({});
const Op = z.enum(['<', '<=', '>', '>=']);
export type Op = z.output<typeof Op>;
const finite = z.number().finite();
const pct = z.number().finite().gt(0).max(100);

/** "keep warehouse-b below 25 °C 99 % of the time": the share of 5-minute slots in which the condition held. */
const TimeShare = z.object({ type: z.literal('time_share'), scope: Scope, kind: name, op: Op, threshold: finite, target_pct: pct }).strict();
/** "pi-node-3 average CPU under 60 % by Friday": the mean over the period. */
const Average = z.object({ type: z.literal('average'), scope: Scope, kind: name, op: Op, threshold: finite }).strict();
/** "no critical anomalies in the office for 30 days". */
const AnomalyFree = z.object({ type: z.literal('anomaly_free'), scope: Scope, min_severity: z.enum(['warning', 'critical']).default('critical') }).strict();
/** "all nodes reporting 99.9 % of the month": the share of 5-minute node slots with any data. */
const Reporting = z.object({ type: z.literal('reporting'), scope: Scope, target_pct: pct }).strict();

export const Measure = z.discriminatedUnion('type', [TimeShare, Average, AnomalyFree, Reporting]);
export type Measure = z.output<typeof Measure>;

export const KeyResultInput = z.object({
  id: z.string().trim().min(1).max(40).optional(),
  title: z.string().trim().min(1).max(200),
  /** A number to reach (e.g. 5 screens); absent: done or not. */
  target: z.number().finite().positive().optional(),
  current: z.number().finite().min(0).default(0),
  done: z.boolean().default(false),
}).strict();
export type KeyResult = z.output<typeof KeyResultInput> & { id: string };

const time = z.union([z.number().int().positive(), z.string().min(1).max(40)]);
const Channels = z.object({ webhook_url: z.url().optional(), slack_url: z.url().optional() }).strict();

/** What POST /api/v1/goals takes. `measure` makes a measured goal; without it the goal is tracked. */
export const GoalInput = z.object({
  title: z.string().trim().min(1).max(200),
  owner: name.optional(),
  /** When it starts (default: measured goals 24 h before they are set, so a figure exists at once; tracked goals when set). */
  start: time.optional(),
  deadline: time,
  measure: Measure.optional(),
  key_results: z.array(KeyResultInput).max(20).default([]),
  /** Tracked goals: a check-in is due this often (days; default 7). */
  checkin_every_days: z.number().int().min(1).max(90).default(7),
  /** Where this goal's reminders and events go besides the agent's own channels. */
  channels: Channels.default({}),
  /** The text it was set from, when set in plain language. */
  source_text: z.string().max(1000).optional(),
}).strict();
export type GoalInput = z.input<typeof GoalInput>;

/** One progress update: a note, a percentage, or a key result's new value. */
export const CheckInInput = z.object({
  by: name.optional(),
  note: z.string().trim().max(1000).optional(),
  progress_pct: z.number().finite().min(0).max(100).optional(),
  key_result: z.string().trim().min(1).max(40).optional(),
  value: z.number().finite().min(0).optional(),
  done: z.boolean().optional(),
}).strict().refine((c) => c.note || c.progress_pct !== undefined || c.key_result !== undefined, { message: 'a check-in needs a note, progress_pct or a key_result' })
  .refine((c) => c.key_result !== undefined || (c.value === undefined && c.done === undefined), { message: 'value and done need a key_result' });
export type CheckInInput = z.input<typeof CheckInInput>;
export type CheckIn = z.output<typeof CheckInInput> & { at: number };

/** Statuses a goal can be in; `at_risk`, `breached` and `met` are emitted as events once each. */
export type GoalStatus = 'on_track' | 'at_risk' | 'breached' | 'met' | 'no_data';

/** A stored goal. */
export interface Goal {
  id: string;
  title: string;
  owner?: string;
  kind: 'measured' | 'tracked';
  start: number;
  deadline: number;
  measure?: Measure;
  key_results: KeyResult[];
  checkin_every_days: number;
  channels: z.output<typeof Channels>;
  source_text?: string;
  check_ins: CheckIn[];
  checkins_dropped: number;
  created_at: number;
  updated_at: number;
  /** Events already emitted (`at_risk:2` = the second time it went at risk), so a tick never repeats one. */
  emitted: string[];
  /** The status of the last scheduled evaluation, and how many times it has gone at risk. */
  last_status?: GoalStatus;
  at_risk_episodes: number;
}

/** A goal input that does not hold, naming the field; the HTTP layer answers 400/404/409 from `code`. */
export class GoalError extends Error {
  constructor(message: string, readonly field: string, readonly code: 'invalid' | 'not_found' | 'conflict' | 'limit' = 'invalid', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GoalError';
  }
}

/** Parses with a schema, throwing a GoalError that names the first bad field. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : '(body)';
  throw new GoalError(`${what}: ${field === '(body)' ? '' : `${field}: `}${issue.message}`, field, 'invalid', { cause: r.error });
}

/** A time field as epoch ms (RFC 3339 text or epoch ms), or a GoalError naming it. */
export function timeField(v: string | number, field: string): number {
  const t = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(t) || t <= 0 || t > 8.64e15) throw new GoalError(`${field} must be RFC 3339 or epoch ms`, field);
  return t;
}

/** Compares with the goal's operator. */
export const holds = (op: Op, value: number, limit: number): boolean =>
  (op === '<' ? value < limit : op === '<=' ? value <= limit : op === '>' ? value > limit : value >= limit);
