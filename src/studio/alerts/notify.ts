import type { AlertState } from './alert.js';
import { payloadFor } from './payloads.js';
import type { AlertRule, Channel } from './rule.js';

export { payloadFor } from './payloads.js';

/** The outcome of one notification (after its retries). */
export interface NotifyResult {
  channel: Channel['type'];
  ok: boolean;
  /** The last HTTP status, when a response came. */
  status?: number;
  error?: string;
  attempts: number;
}

/** Sends one alert transition to one channel. Never throws: failures come back as results. */
export interface Notifier {
  send(channel: Channel, rule: AlertRule, alert: AlertState): Promise<NotifyResult>;
}

export interface HttpNotifierOptions {
  /** Per attempt, ms. */
  timeoutMs?: number;
  attempts?: number;
  /** First back-off, doubled after each failed attempt, ms. */
  backoffMs?: number;
}

/**
 * POSTs the channel's JSON body with a per-attempt timeout; retries network errors, timeouts,
 * 429 and 5xx with exponential back-off, but not other 4xx (a bad URL or key will not heal).
 * @example
 * const r = await new HttpNotifier({ timeoutMs: 2000 }).send({ type: 'slack', url }, rule, alert);
 * if (!r.ok) console.warn(r.error ?? `HTTP ${r.status}`);
 */
export class HttpNotifier implements Notifier {
  constructor(private readonly options: HttpNotifierOptions = {}) {}

  async send(channel: Channel, rule: AlertRule, alert: AlertState): Promise<NotifyResult> {
    const { timeoutMs = 5000, attempts = 3, backoffMs = 200 } = this.options;
    const body = JSON.stringify(payloadFor(channel, rule, alert));
    let last: NotifyResult = { channel: channel.type, ok: false, error: 'not sent', attempts: 0 };
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (i - 1)));
      try {
        const res = await fetch(channel.url, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs),
        });
        await res.text().catch(() => ''); // drain, so the socket is reused
        last = { channel: channel.type, ok: res.ok, status: res.status, attempts: i + 1, ...(res.ok ? {} : { error: `HTTP ${res.status}` }) };
        if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429)) return last;
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        // fetch says only "fetch failed"; the cause's code (ECONNREFUSED, ENOTFOUND, …) is what an operator needs.
        const why = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`;
        last = { channel: channel.type, ok: false, error: why, attempts: i + 1 };
      }
    }
    return last;
  }
}

/**
 * One notification with the default HTTP notifier (5 s timeout, 3 attempts).
 * @example
 * await notify({ type: 'slack', url }, rule, alert)
 */
export function notify(channel: Channel, rule: AlertRule, alert: AlertState, attempts = 3): Promise<NotifyResult> {
  return new HttpNotifier({ attempts }).send(channel, rule, alert);
}
