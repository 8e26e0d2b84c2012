import type { Crm } from '../../studio/crm/crm.js';
import type { AgentStateRepository } from '../../studio/agent-state/agent-state.js';
import { CLAIM_TTL_MS } from '../../studio/agent-state/agent-state.js';
import { postReport, type ChannelSettings } from '../auditor/channels.js';
import { logger } from '../../core/logger.js';

/** Attempts before a reminder is marked failed (each sweep tries once more). */
export const MAX_REMINDER_ATTEMPTS = 5;
/** Reminders sent in one sweep at most (the rest go in the next). */
export const REMINDERS_PER_SWEEP = 50;

export interface ReminderSettings extends ChannelSettings {
  /** `CRM_REMINDER_INTERVAL` (default 60 s): how often due reminders are looked for. */
  intervalMs: number;
}

/**
 * Sends due reminders to the notification channels (`MARY_KAY_WEBHOOK_URL` JSON, `MARY_KAY_SLACK_URL`
 * Slack). Each reminder is claimed in the studio's storage first, so of several replicas one sends
 * it; when every channel fails the claim is given back and the next sweep tries again, up to
 * {@link MAX_REMINDER_ATTEMPTS}. With no channel configured reminders stay pending (they still rank
 * in "who should I call today?").
 * @example
 * const r = new ReminderSender(crm, state, settings, Date.now); r.start();
 */
export class ReminderSender {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  constructor(private readonly crm: Crm, private readonly state: AgentStateRepository, private readonly s: ReminderSettings, private readonly clock: () => number) {}

  get configured(): boolean {
    return Boolean(this.s.webhookUrl || this.s.slackUrl);
  }

  start(): void {
    if (!this.configured || this.timer) return;
    const tick = () => { this.running ??= this.sweep().catch((err: Error) => logger('agent-mary-kay').error({ err }, 'reminder sweep failed')).finally(() => { this.running = undefined; }); };
    // once at start (a scaled-to-zero Service that wakes sends what fell due while it slept), then every interval
    setImmediate(tick);
    this.timer = setInterval(tick, this.s.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Sends what is due now; returns how many went out and how many failed. */
  async sweep(): Promise<{ sent: number; failed: number }> {
    if (!this.configured) return { sent: 0, failed: 0 };
    const now = this.clock();
    let sent = 0;
    let failed = 0;
    for (const r of await this.crm.dueReminders(now, REMINDERS_PER_SWEEP)) {
      const key = `crm:reminder:${r.id}:${r.attempts ?? 0}`;
      if (!(await this.state.claim(key, now, now - CLAIM_TTL_MS))) continue;
      const due = new Date(r.due_at).toISOString();
      const results = await postReport(this.s, { title: 'Reminder from agent-mary-kay', text: `${r.text} (due ${due})`, agent: 'agent-mary-kay', reminder: { id: r.id, due, text: r.text, company_id: r.company_id ?? null, contact_id: r.contact_id ?? null, deal_id: r.deal_id ?? null } });
      const attempts = (r.attempts ?? 0) + 1;
      if (results.some((x) => x.ok)) {
        await this.crm.patch('reminders', r.id, { state: 'sent', sent_at: now, attempts });
        sent++;
      } else {
        const error = results.map((x) => `${x.channel}: ${x.error ?? `HTTP ${x.status}`}`).join('; ').slice(0, 1000) || 'no channel answered';
        await this.crm.patch('reminders', r.id, { attempts, last_error: error, ...(attempts >= MAX_REMINDER_ATTEMPTS ? { state: 'failed' } : {}) });
        failed++;
      }
    }
    return { sent, failed };
  }
}
