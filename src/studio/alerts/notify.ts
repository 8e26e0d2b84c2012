import type { AlertRule, AlertState, Channel } from './rule.js';

export interface NotifyResult {
  channel: Channel['type'];
  ok: boolean;
  status?: number;
  error?: string;
}

/** The JSON body each channel type expects for one alert transition. */
export function payloadFor(channel: Channel, rule: AlertRule, alert: AlertState): unknown {
  const firing = alert.state === 'firing';
  const title = `[${firing ? 'FIRING' : 'RESOLVED'}] ${rule.name}`;
  switch (channel.type) {
    case 'webhook':
      return { version: '1', status: alert.state, rule: { id: rule.id, name: rule.name, severity: rule.severity }, alert };
    case 'slack':
      return {
        text: `${title}: ${alert.summary}`,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: title } },
          { type: 'section', text: { type: 'mrkdwn', text: `${alert.summary}\n*severity:* ${rule.severity} · *since:* ${new Date(alert.started_at).toISOString()}` } },
        ],
      };
    case 'pagerduty':
      return {
        routing_key: channel.routing_key,
        event_action: firing ? 'trigger' : 'resolve',
        dedup_key: `${rule.id}:${alert.fingerprint}`,
        ...(firing ? {
          payload: {
            summary: `${rule.name}: ${alert.summary}`.slice(0, 1024), severity: rule.severity === 'critical' ? 'critical' : 'warning',
            source: alert.fingerprint, timestamp: new Date(alert.started_at).toISOString(), component: 'agent-bruno',
            custom_details: { rule_id: rule.id, value: alert.value },
          },
        } : {}),
      };
  }
}

/**
 * Sends one transition to one channel: JSON POST, 5 s timeout, up to 3 attempts. Returns the
 * outcome; never throws into the engine.
 * @example
 * await notify({ type: 'slack', url }, rule, alert)
 */
export async function notify(channel: Channel, rule: AlertRule, alert: AlertState, attempts = 3): Promise<NotifyResult> {
  let last: NotifyResult = { channel: channel.type, ok: false, error: 'not sent' };
  for (let i = 0; i < attempts; i++) {
    try {
      const res = await fetch(channel.url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payloadFor(channel, rule, alert)),
        signal: AbortSignal.timeout(5000),
      });
      await res.text().catch(() => '');
      last = { channel: channel.type, ok: res.ok, status: res.status };
      if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429)) return last;
    } catch (err) {
      last = { channel: channel.type, ok: false, error: (err as Error).message };
    }
    await new Promise((r) => setTimeout(r, 200 * 2 ** i));
  }
  return last;
}
