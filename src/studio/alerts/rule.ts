import { z } from 'zod';

export type { AlertState, AlertStateName } from './alert.js';

export const Channel = z.discriminatedUnion('type', [
  z.object({ type: z.literal('webhook'), url: z.url() }),
  z.object({ type: z.literal('slack'), url: z.url() }),
  z.object({ type: z.literal('pagerduty'), url: z.url().default('https://events.pagerduty.com/v2/enqueue'), routing_key: z.string().min(1) }),
]);
/** Where a rule's notifications go. */
export type Channel = z.output<typeof Channel>;

const Filter = z.object({
  node: z.string().min(1).optional(), sensor: z.string().min(1).optional(),
  kind: z.string().min(1).optional(), location: z.string().min(1).optional(),
}).default({});
export type RuleFilter = z.output<typeof Filter>;

const Op = z.enum(['<', '<=', '>', '>=']);
export type Op = z.output<typeof Op>;

const Condition = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('threshold'), op: Op, value: z.number().finite(),
    /** How long the condition must hold before it fires (0: at once), seconds. */
    for_s: z.number().int().min(0).max(7 * 86_400).default(0),
    /**
     * Readings older than this (seconds, by their own time) are backlog and do not move the alert;
     * absent: the engine's default (15 min: an edge aggregate window plus a warning batch).
     */
    max_age_s: z.number().int().min(60).max(30 * 86_400).optional(),
  }),
  z.object({
    type: z.literal('anomaly'), min_severity: z.enum(['warning', 'critical']).default('critical'),
    /** An anomaly is an event, not a level: the alert resolves after this long without another. */
    resolve_after_s: z.number().int().min(60).max(7 * 86_400).default(900),
  }),
  z.object({
    type: z.literal('deadman'), silent_for_s: z.number().int().min(60).max(30 * 86_400),
    /** Watch whole nodes (node/location filter) or each matching series (every filter field). */
    per: z.enum(['node', 'series']).default('node'),
  }),
  z.object({ type: z.literal('node_health'), statuses: z.array(z.enum(['warning', 'critical', 'offline'])).min(1).default(['critical', 'offline']) }),
]);
export type Condition = z.output<typeof Condition>;

/** An alert rule as the API, the CLI and plain language create it. */
export const AlertRuleInput = z.object({
  name: z.string().trim().min(1).max(200),
  severity: z.enum(['warning', 'critical']).default('warning'),
  /** Free-form labels carried into every notification (team, runbook, …). */
  labels: z.record(z.string().min(1).max(100), z.string().max(500)).default({}),
  /** Re-notify while firing, seconds. */
  repeat_interval_s: z.number().int().min(60).max(7 * 86_400).default(3600),
  channels: z.array(Channel).max(10).default([]),
  /** Notifications are held back until this time (epoch ms); states are still tracked. Null: not silenced. */
  silenced_until: z.number().int().positive().nullable().optional(),
  filter: Filter,
  condition: Condition,
});
export type AlertRuleInput = z.input<typeof AlertRuleInput>;
export type AlertRuleSpec = z.output<typeof AlertRuleInput>;

/** A stored rule. */
export interface AlertRule extends AlertRuleSpec {
  id: string;
  created_at: number;
}

/**
 * A stored spec with today's defaults filled in, so rules saved before a field existed still work.
 * @example
 * const rule = { ...specFromStore(JSON.parse(row.spec)), id: row.id, created_at: row.created_at };
 */
export function specFromStore(raw: unknown): AlertRuleSpec {
  const r = AlertRuleInput.safeParse(raw);
  return r.success ? r.data : (raw as AlertRuleSpec);
}

/**
 * Compares with the rule's operator.
 * @example
 * crosses('<', 28.5, 30) // true
 */
export function crosses(op: Op, value: number, limit: number): boolean {
  return op === '<' ? value < limit : op === '<=' ? value <= limit : op === '>' ? value > limit : value >= limit;
}

/** What agent-bruno understood from a plain-language request. */
export interface AlertIntent {
  kind: string;
  op: Op;
  value: number;
  location?: string;
  node?: string;
  /** "for 10 minutes", seconds. */
  for_s?: number;
  severity?: 'warning' | 'critical';
}

/**
 * A rule from a plain-language request ("Alert me if humidity drops below 30%").
 * @example
 * ruleFromIntent({ kind: 'humidity', op: '<', value: 30 }) // threshold rule "humidity < 30"
 */
export function ruleFromIntent(i: AlertIntent): AlertRuleInput {
  const where = i.node ?? i.location;
  return {
    name: `${i.kind} ${i.op} ${i.value}${where ? ` in ${where}` : ''}`,
    ...(i.severity ? { severity: i.severity } : {}),
    filter: { kind: i.kind, ...(i.location ? { location: i.location } : {}), ...(i.node ? { node: i.node } : {}) },
    condition: { type: 'threshold', op: i.op, value: i.value, ...(i.for_s ? { for_s: i.for_s } : {}) },
  };
}
