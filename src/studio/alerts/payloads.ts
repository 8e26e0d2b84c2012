import type { AlertState } from './alert.js';
import type { AlertRule, Channel } from './rule.js';

/** Generic webhook body (our own format; `version` bumps when it changes incompatibly). */
export interface WebhookPayload {
  version: '1';
  status: AlertState['state'];
  rule: { id: string; name: string; severity: AlertRule['severity']; labels: Record<string, string> };
  alert: AlertState;
}

/** Slack incoming-webhook body: `text` is the fallback for notifications, `blocks` the message. */
export interface SlackPayload {
  text: string;
  blocks: ({ type: 'header'; text: { type: 'plain_text'; text: string } } | { type: 'section'; text: { type: 'mrkdwn'; text: string } })[];
}

/** PagerDuty Events API v2 body. A resolve needs only the key, action and dedup key; the payload is sent anyway for context. */
export interface PagerDutyPayload {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload: { summary: string; severity: 'critical' | 'warning'; source: string; timestamp: string; component: string; custom_details: Record<string, unknown> };
}

const title = (rule: AlertRule, alert: AlertState) => `[${alert.state === 'resolved' ? 'RESOLVED' : 'FIRING'}] ${rule.name}`;
/** The thing that alerts, as PagerDuty's `source` wants it: the node when known. */
const sourceOf = (alert: AlertState) => alert.labels.node ?? alert.fingerprint.split('/')[0] ?? alert.fingerprint;

/**
 * The JSON body each channel type expects for one alert transition.
 * @example
 * payloadFor({ type: 'pagerduty', url, routing_key: 'R0UT1NG' }, rule, alert).event_action // 'trigger'
 */
export function payloadFor(channel: Channel, rule: AlertRule, alert: AlertState): WebhookPayload | SlackPayload | PagerDutyPayload {
  switch (channel.type) {
    case 'webhook':
      return { version: '1', status: alert.state, rule: { id: rule.id, name: rule.name, severity: rule.severity, labels: rule.labels ?? {} }, alert };
    case 'slack': {
      const when = alert.state === 'resolved' && alert.resolved_at !== null
        ? `*resolved:* ${new Date(alert.resolved_at).toISOString()}`
        : `*since:* ${new Date(alert.started_at).toISOString()}`;
      return {
        text: `${title(rule, alert)}: ${alert.summary}`,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: title(rule, alert).slice(0, 150) } },
          { type: 'section', text: { type: 'mrkdwn', text: `${alert.summary}\n*severity:* ${rule.severity} · ${when}` } },
        ],
      };
    }
    case 'pagerduty':
      return {
        routing_key: channel.routing_key,
        event_action: alert.state === 'resolved' ? 'resolve' : 'trigger',
        dedup_key: `${rule.id}:${alert.fingerprint}`,
        payload: {
          summary: `${rule.name}: ${alert.summary}`.slice(0, 1024), severity: rule.severity,
          source: sourceOf(alert), timestamp: new Date(alert.started_at).toISOString(), component: 'agent-bruno',
          custom_details: { rule_id: rule.id, fingerprint: alert.fingerprint, value: alert.value, ...alert.labels, ...rule.labels, ...(alert.reason ? { reason: alert.reason } : {}) },
        },
      };
  }
}
