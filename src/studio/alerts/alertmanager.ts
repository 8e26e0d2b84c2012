import { z } from 'zod';
import type { Transition } from './alert.js';

const labels = z.record(z.string(), z.string());
/** Alertmanager sends `0001-01-01T00:00:00Z` for "not set" (Go's zero time). */
const time = z.string().optional().transform((s) => {
  const t = s ? Date.parse(s) : Number.NaN;
  return Number.isFinite(t) && t > 0 ? t : undefined;
});

/** Alertmanager's webhook body, version 4 (fields we do not use are allowed and ignored). */
export const AlertmanagerWebhook = z.object({
  version: z.string().optional(),
  receiver: z.string().max(200).default('default'),
  status: z.enum(['firing', 'resolved']).optional(),
  alerts: z.array(z.object({
    status: z.enum(['firing', 'resolved']),
    labels: labels.default({}),
    annotations: labels.default({}),
    startsAt: time,
    endsAt: time,
    fingerprint: z.string().max(200).optional(),
    generatorURL: z.string().optional(),
  })).max(1000),
  groupLabels: labels.optional(),
  commonLabels: labels.optional(),
  externalURL: z.string().optional(),
});
export type AlertmanagerWebhook = z.output<typeof AlertmanagerWebhook>;

/** The pseudo rule id Alertmanager alerts are recorded under (no rule row, no channels). */
export const alertmanagerRuleId = (receiver: string): string => `alertmanager:${receiver}`;

/**
 * The transitions that record a webhook's alerts. A resolved alert is recorded as firing at
 * `startsAt` then resolved at `endsAt`, so one we never saw firing still shows, and a repeat of
 * the same body changes nothing. Repeats are off: Alertmanager does its own re-notifying.
 * @example
 * for (const t of alertmanagerTransitions(body, Date.now())) await repo.transition(t);
 */
export function alertmanagerTransitions(body: AlertmanagerWebhook, now: number): Transition[] {
  const out: Transition[] = [];
  for (const a of body.alerts) {
    const name = a.labels.alertname ?? 'alertmanager';
    // Alertmanager's own fingerprint when given; otherwise one from the labels, order-independent.
    const fp = a.fingerprint ?? JSON.stringify(Object.entries(a.labels).sort(([x], [y]) => x.localeCompare(y)));
    const summary = a.annotations.summary ?? a.annotations.description ?? name;
    const base = { ruleId: alertmanagerRuleId(body.receiver), fingerprint: `${name}:${fp}`, summary, value: null, labels: a.labels, repeatMs: Number.POSITIVE_INFINITY };
    const startsAt = a.startsAt ?? now;
    out.push({ ...base, firing: true, now: startsAt });
    if (a.status === 'resolved') out.push({ ...base, firing: false, now: Math.max(a.endsAt ?? now, startsAt) });
  }
  return out;
}
