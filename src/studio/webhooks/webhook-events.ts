import { createHash } from 'node:crypto';
import type { AgentEvent } from '../../core/agent.js';
import { InvalidInput } from '../../core/errors.js';
import { AlertmanagerWebhook } from '../alerts/alertmanager.js';

/** The CloudEvent types webhooks become. */
export const WebhookEventType = {
  alertmanager: 'io.homelab.alertmanager.alert',
  github: (event: string) => `io.homelab.github.${event}`,
  slack: (type: string) => `io.homelab.slack.${type}`,
} as const;

const NAME = /^[a-z0-9_.]{1,64}$/;

/**
 * One Alertmanager notification (v4) as one event: an alert group. Its id is derived from the
 * group key, status and each alert's fingerprint, status and start, so Alertmanager re-sending
 * the same notification is the same event (deduplicated), while a new alert in the group or its
 * resolution is a new one. Throws a 400 naming the bad field.
 */
export function alertmanagerEvent(body: unknown, now: number): AgentEvent {
  const parsed = AlertmanagerWebhook.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInput(`not an Alertmanager v4 webhook: ${issue.message}`, { field: issue.path.join('.') || '(body)' });
  }
  const b = body as { groupKey?: unknown; status?: unknown };
  const hook = parsed.data;
  const groupKey = typeof b.groupKey === 'string' ? b.groupKey : JSON.stringify(hook.groupLabels ?? hook.commonLabels ?? {});
  const identity = hook.alerts.map((a) => `${a.fingerprint ?? JSON.stringify(a.labels)}:${a.status}:${a.startsAt ?? ''}`).sort().join('|');
  const id = createHash('sha256').update(`${groupKey}\n${hook.status ?? ''}\n${identity}`).digest('hex').slice(0, 32);
  return { id, source: '/webhooks/alertmanager', type: WebhookEventType.alertmanager, time: now, subject: groupKey.slice(0, 200), data: { ...(body as object), groupKey } };
}

/** A GitHub delivery as an event: `X-GitHub-Event` names the type, `X-GitHub-Delivery` is the id. */
export function githubEvent(event: string | undefined, delivery: string | undefined, body: unknown, now: number): AgentEvent {
  if (!event || !NAME.test(event)) throw new InvalidInput('X-GitHub-Event is missing or not an event name', { field: 'x-github-event' });
  if (!delivery || delivery.length > 100) throw new InvalidInput('X-GitHub-Delivery is missing', { field: 'x-github-delivery' });
  if (!body || typeof body !== 'object') throw new InvalidInput('a GitHub delivery is a JSON object', { field: '(body)' });
  const repo = (body as { repository?: { full_name?: unknown } }).repository?.full_name;
  return { id: delivery, source: '/webhooks/github', type: WebhookEventType.github(event), time: now, ...(typeof repo === 'string' ? { subject: repo } : {}), data: body };
}

/** A Slack Events API callback as an event: `event.type` names it (`app_mention`), `event_id` is the id. */
export function slackEvent(body: unknown, now: number): AgentEvent {
  const b = body as { type?: unknown; event_id?: unknown; event?: { type?: unknown; channel?: unknown } };
  if (b?.type !== 'event_callback') throw new InvalidInput(`Slack payload type "${String(b?.type)}" is not handled (url_verification and event_callback are)`, { field: 'type' });
  const type = b.event?.type;
  if (typeof type !== 'string' || !NAME.test(type)) throw new InvalidInput('event.type is missing', { field: 'event.type' });
  if (typeof b.event_id !== 'string' || !b.event_id) throw new InvalidInput('event_id is missing', { field: 'event_id' });
  return { id: b.event_id, source: '/webhooks/slack', type: WebhookEventType.slack(type), time: now, ...(typeof b.event?.channel === 'string' ? { subject: b.event.channel } : {}), data: body };
}
