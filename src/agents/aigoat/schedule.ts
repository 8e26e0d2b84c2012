import type { AgentEvent } from '../../core/agent.js';
import type { StudioDomain } from '../../studio/agent-host.js';
import { CLAIM_TTL_MS } from '../../studio/agent-state/agent-state.js';
import type { GoalBook, GoalTransition, GoalView } from '../../studio/goals/goal-book.js';
import { postReport, type ChannelSettings, type PostResult } from '../auditor/channels.js';
import { goalLine, listAnswer } from './answer.js';
import { goalSummary } from './capabilities.js';
import { logger } from '../../core/logger.js';

export interface GoalScheduleSettings extends ChannelSettings {
  /** `GOALS_CHECK_INTERVAL`: how often every goal is evaluated (default 5 min; 0 = only on io.homelab.goal.tick). */
  intervalMs?: number;
}

/** The goal event types, one per status a goal enters (documented in the README and DESIGN.md). */
export const GOAL_EVENT_TYPES = { at_risk: 'io.homelab.goal.at_risk', breached: 'io.homelab.goal.breached', met: 'io.homelab.goal.met' } as const;
const SOURCE = '/agents/aigoat';
const DAY = 86_400_000;
/** The weekly report goes on the first tick at or after Monday 08:00 UTC. */
const REPORT_OFFSET_MS = 8 * 3_600_000;

/** A transition as the CloudEvent other agents and alert rules receive. */
export function goalEvent(t: GoalTransition, now: number): AgentEvent {
  return { id: t.key, source: SOURCE, type: GOAL_EVENT_TYPES[t.status], time: now, subject: t.goal.id, data: { goal: goalSummary(t.goal), status: t.status } };
}

/** What one tick did, for the log, `EventOutcome.detail` and tests. */
export interface TickResult {
  evaluated: number;
  events: string[];
  reminders: string[];
  report?: { week: string; channels: PostResult[] };
}

/**
 * aigoat's schedule: every `intervalMs` (and on each `io.homelab.goal.tick`) it evaluates every goal,
 * puts each new at_risk / breached / met on the event path once (claims shared by replicas), posts
 * those and check-in reminders to the channels, and the weekly report once a week.
 * @example
 * const s = new GoalSchedule(domain, goals, { webhookUrl }); await s.start();
 */
export class GoalSchedule {
  private timer?: NodeJS.Timeout;
  private running?: Promise<TickResult>;

  constructor(private readonly domain: StudioDomain, private readonly goals: GoalBook, private readonly settings: GoalScheduleSettings = {}) {}

  async start(): Promise<void> {
    const every = this.settings.intervalMs ?? 5 * 60_000;
    if (every <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((err: Error) => logger('aigoat').error({ err }, 'goal check failed')), every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass; a pass still running is joined, not doubled. */
  tick(): Promise<TickResult> {
    this.running ??= this.pass().finally(() => { this.running = undefined; });
    return this.running;
  }

  private channelsOf(g?: GoalView): ChannelSettings {
    return {
      ...(this.settings.webhookUrl ? { webhookUrl: this.settings.webhookUrl } : {}), ...(this.settings.slackUrl ? { slackUrl: this.settings.slackUrl } : {}),
      ...(g?.channels.webhook_url ? { webhookUrl: g.channels.webhook_url } : {}), ...(g?.channels.slack_url ? { slackUrl: g.channels.slack_url } : {}),
    };
  }

  private async pass(): Promise<TickResult> {
    const { domain } = this;
    const now = domain.clock();
    const claim = (key: string) => domain.state.claim(`aigoat:${key}`, now, now - CLAIM_TTL_MS);
    const release = (key: string) => domain.state.release(`aigoat:${key}`);
    const reads = this.goals.reads(); // one pass reads each place and period once
    const transitions = await this.goals.evaluate({
      claim, release,
      publish: async (t) => { if (domain.publish) await domain.publish(goalEvent(t, now)); },
    }, reads);
    const result: TickResult = { evaluated: 0, events: transitions.map((t) => t.key), reminders: [] };
    // Channels are told after the event is on its path; a channel failing is logged, not retried as an event.
    for (const t of transitions) {
      const posted = await postReport(this.channelsOf(t.goal), { agent: 'aigoat', kind: GOAL_EVENT_TYPES[t.status], title: `Goal ${t.status.replace('_', ' ')}: ${t.goal.title}`, text: goalLine(goalSummary(t.goal) as Parameters<typeof goalLine>[0]), goal: goalSummary(t.goal) });
      for (const p of posted.filter((x) => !x.ok)) logger('aigoat').warn({ channel: p.channel, status: p.status, error: p.error }, `${t.key} not delivered`);
    }
    const all = await this.goals.list(reads);
    result.evaluated = all.length;
    // Reminders: a tracked goal whose check-in is due, or due within two days and not met: once a day.
    const today = new Date(now).toISOString().slice(0, 10);
    for (const g of all) {
      if (g.progress.measure !== 'tracked' || g.status === 'met' || g.status === 'breached') continue;
      if (!g.progress.check_in_due && g.progress.days_left > 2) continue;
      const channels = this.channelsOf(g);
      if (!channels.webhookUrl && !channels.slackUrl) continue;
      const key = `remind:${g.id}:${today}`;
      if (!(await claim(key))) continue;
      const why = g.progress.check_in_due ? 'a check-in is due' : `${g.progress.days_left} days left`;
      const posted = await postReport(channels, { agent: 'aigoat', kind: 'reminder', title: `Reminder${g.owner ? ` for ${g.owner}` : ''}: ${g.title} (${why})`, text: `${goalLine(goalSummary(g) as Parameters<typeof goalLine>[0])} Check in with "check in on ${g.id}: …" or POST /api/v1/goals/${g.id}/check-ins.`, goal: goalSummary(g) });
      if (posted.length && posted.every((p) => !p.ok)) await release(key);
      else result.reminders.push(g.id);
    }
    const report = await this.weekly(all, now, claim, release);
    if (report) result.report = report;
    return result;
  }

  /** The weekly report: every goal's line, once per week (first tick at or after Monday 08:00 UTC). */
  private async weekly(all: GoalView[], now: number, claim: (k: string) => Promise<boolean>, release: (k: string) => Promise<void>): Promise<TickResult['report']> {
    const channels = this.channelsOf();
    if (!channels.webhookUrl && !channels.slackUrl) return undefined;
    const d = new Date(now);
    const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
    const due = now >= monday + REPORT_OFFSET_MS ? monday : monday - 7 * DAY;
    const week = new Date(due).toISOString().slice(0, 10);
    if (!(await claim(`report:${week}`))) return undefined;
    const summaries = all.map((g) => goalSummary(g) as Parameters<typeof goalLine>[0]);
    const { response, data } = listAnswer(summaries);
    const posted = await postReport(channels, { agent: 'aigoat', kind: 'weekly_report', title: `Goals, week of ${week}`, text: response, ...data });
    if (posted.every((p) => !p.ok)) await release(`report:${week}`);
    return { week, channels: posted };
  }
}
