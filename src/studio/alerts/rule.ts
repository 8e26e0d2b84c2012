import { z } from 'zod';

const Channel = z.discriminatedUnion('type', [
  z.object({ type: z.literal('webhook'), url: z.url() }),
  z.object({ type: z.literal('slack'), url: z.url() }),
  z.object({ type: z.literal('pagerduty'), url: z.url().default('https://events.pagerduty.com/v2/enqueue'), routing_key: z.string().min(1) }),
]);
export type Channel = z.output<typeof Channel>;

const Filter = z.object({
  node: z.string().min(1).optional(), sensor: z.string().min(1).optional(),
  kind: z.string().min(1).optional(), location: z.string().min(1).optional(),
}).default({});

/** An alert rule as the API, the CLI and plain language create it. */
export const AlertRuleInput = z.object({
  name: z.string().trim().min(1).max(200),
  severity: z.enum(['warning', 'critical']).default('warning'),
  /** Re-notify while firing, seconds. */
  repeat_interval_s: z.number().int().min(60).max(7 * 86_400).default(3600),
  channels: z.array(Channel).max(10).default([]),
  filter: Filter,
  condition: z.discriminatedUnion('type', [
    z.object({ type: z.literal('threshold'), op: z.enum(['<', '<=', '>', '>=']), value: z.number().finite() }),
    z.object({ type: z.literal('anomaly'), min_severity: z.enum(['warning', 'critical']).default('critical') }),
    z.object({ type: z.literal('deadman'), silent_for_s: z.number().int().min(60).max(30 * 86_400) }),
    z.object({ type: z.literal('node_health'), statuses: z.array(z.enum(['warning', 'critical', 'offline'])).min(1).default(['critical', 'offline']) }),
  ]),
});
export type AlertRuleInput = z.input<typeof AlertRuleInput>;
export type AlertRuleSpec = z.output<typeof AlertRuleInput>;

export interface AlertRule extends AlertRuleSpec {
  id: string;
  created_at: number;
}

/** An alert: one rule firing for one thing (series or node), identified by its fingerprint. */
export interface AlertState {
  rule_id: string;
  fingerprint: string;
  state: 'firing' | 'resolved';
  summary: string;
  value: number | null;
  started_at: number;
  resolved_at: number | null;
  last_notified_at: number | null;
}

/** Compares with the rule's operator. */
export function crosses(op: '<' | '<=' | '>' | '>=', value: number, limit: number): boolean {
  return op === '<' ? value < limit : op === '<=' ? value <= limit : op === '>' ? value > limit : value >= limit;
}

/**
 * A rule from a plain-language request ("Alert me if humidity drops below 30%").
 * @example
 * ruleFromIntent({ kind: 'humidity', op: '<', value: 30 }) // threshold rule "humidity < 30"
 */
export function ruleFromIntent(i: { kind: string; op: '<' | '<=' | '>' | '>='; value: number; location?: string; node?: string }): AlertRuleInput {
  const where = i.node ?? i.location;
  return {
    name: `${i.kind} ${i.op} ${i.value}${where ? ` in ${where}` : ''}`,
    filter: { kind: i.kind, ...(i.location ? { location: i.location } : {}), ...(i.node ? { node: i.node } : {}) },
    condition: { type: 'threshold', op: i.op, value: i.value },
  };
}
