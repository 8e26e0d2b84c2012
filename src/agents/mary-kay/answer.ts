import type { AgentAnswer } from '../../core/agent.js';
import type { CallResult } from '../runtime/definition.js';
import type { CallTarget, CurrencyPipeline, QuarterResult, StalledDeal } from './analysis.js';

type Answer = Omit<AgentAnswer, 'query'>;
const HELP = 'I can answer: "what\'s in my pipeline this month?", "which deals have had no activity for 14 days?", "who should I call today?", "how did Q3 close against Q2?", "log a call with Acme: they want a quote by Friday", "draft a follow-up to Acme", "what do we know about Acme?".';

function pipelineText(r: { label: string; from: string; to: string; by_currency: CurrencyPipeline[] }): string {
  if (!r.by_currency.length) return `No open deals are expected to close in ${r.label} (${r.from} to ${r.to}).`;
  return r.by_currency.map((c) => `Pipeline for ${r.label} (${r.from} to ${r.to}), ${c.currency}: ${c.count} open deal${c.count === 1 ? '' : 's'}, ${c.amount} ${c.currency}, weighted ${c.weighted} ${c.currency}.\n`
    + c.stages.map((s) => `- ${s.stage} (${s.weight_pct}%): ${s.count} deal${s.count === 1 ? '' : 's'}, ${s.amount} ${c.currency}, weighted ${s.weighted} ${c.currency}`).join('\n')).join('\n');
}

function stalledText(r: { days: number; count: number; deals: StalledDeal[]; more: number }): string {
  if (!r.count) return `No open deal has gone ${r.days} days without activity.`;
  const lines = r.deals.map((d) => `- ${d.name}${d.company ? ` (${d.company})` : ''}: ${d.stage}, ${d.amount} ${d.currency}, ${d.last_activity ? `last activity ${d.last_activity}` : 'no activity ever'}, idle ${d.idle_days} days`);
  return `${r.count} open deal${r.count === 1 ? ' has' : 's have'} had no activity for ${r.days} days or more:\n${lines.join('\n')}${r.more ? `\n… and ${r.more} more` : ''}`;
}

function callText(r: { date: string; calls: CallTarget[] }): string {
  if (!r.calls.length) return `Nobody needs a call today (${r.date}): no reminders due, no deal closing within 7 days, no deal idle 14 days.`;
  return `Who to call today (${r.date}), most pressing first:\n${r.calls.map((c, i) => `${i + 1}. ${c.contact ?? c.company}${c.contact && c.company ? ` (${c.company})` : ''}: ${c.reasons.join('; ')}`).join('\n')}`;
}

function quarterText(a: QuarterResult, b: QuarterResult): string {
  const currencies = [...new Set([...a.by_currency, ...b.by_currency].map((c) => c.currency))].sort();
  if (!currencies.length) return `No deals were won or lost in ${a.label} (${a.from} to ${a.to}) or ${b.label} (${b.from} to ${b.to}).`;
  const one = (q: QuarterResult, cur: string) => {
    const c = q.by_currency.find((x) => x.currency === cur);
    return c ? `${q.label}: ${c.won} won for ${c.won_amount} ${cur}, ${c.lost} lost${c.win_rate_pct === null ? '' : `, win rate ${c.win_rate_pct}%`}` : `${q.label}: none won or lost`;
  };
  return currencies.map((cur) => {
    const ca = a.by_currency.find((x) => x.currency === cur);
    const cb = b.by_currency.find((x) => x.currency === cur);
    const diff = (ca?.won_amount ?? 0) - (cb?.won_amount ?? 0);
    const verdict = diff > 0 ? `${a.label} closed more` : diff < 0 ? `${a.label} closed less` : 'the same won amount';
    return `${cur}: ${one(a, cur)}; ${one(b, cur)} (${verdict}).`;
  }).join('\n');
}

interface Draft { company?: string; contact?: string; first_name?: string; email?: string | null; last_activity: { type: string; date: string; note: string | null } | null; deal: { deal: string; stage: string; amount: number; currency: string; expected_close: string | null; owner: string | null } | null; reminder: { due_day: string; text: string } | null }

/** A follow-up written only from the stored facts (a template: no model). */
export function draftText(d: Draft): string {
  const lines = [`Subject: Following up${d.deal ? ` on ${d.deal.deal}` : d.company ? ` with ${d.company}` : ''}`, '', `Hi ${d.first_name ?? 'there'},`, ''];
  if (d.last_activity) lines.push(`Thank you for the ${d.last_activity.type === 'note' ? 'conversation' : d.last_activity.type} on ${d.last_activity.date}.${d.last_activity.note ? ` I noted: "${d.last_activity.note}".` : ''}`);
  if (d.deal) lines.push(`I'm following up on ${d.deal.deal} (${d.deal.amount} ${d.deal.currency})${d.deal.expected_close ? `, which we planned to conclude by ${d.deal.expected_close}` : ''}.`);
  if (d.reminder) lines.push(`As promised, I'll have this ready by ${d.reminder.due_day}.`);
  if (!d.last_activity && !d.deal) lines.push(`I wanted to follow up${d.company ? ` with ${d.company}` : ''} and see how we can help.`);
  lines.push('', 'Would you have time for a short call this week?', '', 'Best regards,', d.deal?.owner ?? '');
  return lines.join('\n').trimEnd();
}

/**
 * The model-free answer, written from the capability results only: every figure in it is one the
 * results hold (mary-kay.test.ts checks that with the runtime's grounding checker).
 */
export function answerFrom(results: CallResult[]): Answer {
  const first = results[0];
  if (!first) return { intent: 'help', response: HELP, data: {} };
  const r = first.result as Record<string, unknown> & { error?: string; candidates?: string[] };
  if (r.error) {
    const text = r.candidates?.length ? `${r.error}: ${r.candidates.join(', ')}. Say which.` : `${r.error.charAt(0).toUpperCase()}${r.error.slice(1)}.`;
    return { intent: first.name, response: text, data: { result: r }, ...(r.candidates ? {} : {}) };
  }
  switch (first.name) {
    case 'pipeline': return { intent: 'pipeline', response: pipelineText(r as never), data: { result: r } };
    case 'stalled_deals': return { intent: 'stalled_deals', response: stalledText(r as never), data: { result: r } };
    case 'call_list': return { intent: 'call_list', response: callText(r as never), data: { result: r } };
    case 'compare_quarters': return { intent: 'compare_quarters', response: quarterText(r.a as QuarterResult, r.b as QuarterResult), data: { result: r } };
    case 'log_activity': {
      const x = r as { type: string; date: string; company?: string; contact?: string; deal?: string; reminder: { due_day: string; said: string } | null };
      const who = x.contact && x.company ? `${x.contact} (${x.company})` : x.contact ?? x.company;
      return { intent: 'log_activity', response: `Logged a ${x.type} with ${who} on ${x.date}${x.deal ? ` against ${x.deal}` : ''}. ${x.reminder ? `Reminder set for ${x.reminder.due_day} ("${x.reminder.said}").` : 'No date in the note, so no reminder.'}`, data: { result: r } };
    }
    case 'draft_follow_up': return { intent: 'draft_follow_up', response: draftText(r as unknown as Draft), data: { result: r, grounded_on: 'stored records only (template, no model)' } };
    case 'find_record': {
      const x = r as { company?: string; contact?: string; open_deals: { deal: string; stage: string; amount: number; currency: string; expected_close: string | null }[]; last_activity: { type: string; date: string } | null };
      const deals = x.open_deals.length ? x.open_deals.map((d) => `${d.deal} (${d.stage}, ${d.amount} ${d.currency}${d.expected_close ? `, closes ${d.expected_close}` : ''})`).join('; ') : 'no open deals';
      return { intent: 'find_record', response: `${x.contact ?? x.company}${x.contact && x.company ? ` at ${x.company}` : ''}: ${deals}; ${x.last_activity ? `last activity a ${x.last_activity.type} on ${x.last_activity.date}` : 'no activity stored'}.`, data: { result: r } };
    }
    default: return { intent: 'help', response: HELP, data: {} };
  }
}
