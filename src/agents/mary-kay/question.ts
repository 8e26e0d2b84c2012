import type { PlannedCall } from '../runtime/definition.js';

export const PERIODS = ['this_month', 'next_month', 'last_month', 'this_quarter', 'next_quarter', 'this_year'] as const;
export type Period = (typeof PERIODS)[number];

/** [from, to) of a named period around `now`, in UTC. */
export function periodRange(p: Period, now: number): { from: number; to: number; label: string } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const month = (k: number) => ({ from: Date.UTC(y, m + k, 1), to: Date.UTC(y, m + k + 1, 1), label: new Date(Date.UTC(y, m + k, 1)).toISOString().slice(0, 7) });
  const q = Math.floor(m / 3);
  const quarter = (k: number) => {
    const start = Date.UTC(y, (q + k) * 3, 1);
    const sd = new Date(start);
    return { from: start, to: Date.UTC(y, (q + k + 1) * 3, 1), label: `Q${Math.floor(sd.getUTCMonth() / 3) + 1} ${sd.getUTCFullYear()}` };
  };
  switch (p) {
    case 'next_month': return month(1);
    case 'last_month': return month(-1);
    case 'this_quarter': return quarter(0);
    case 'next_quarter': return quarter(1);
    case 'this_year': return { from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1), label: String(y) };
    default: return month(0);
  }
}

const WHO = /\b(?:with|to|for|from|about)\s+(.+?)\s*(?:[:;–—]|\s-\s|$)/i;

/** The name a question is about ("draft a follow-up to Acme", "log a call with Jane Doe: …"). */
export function whoOf(q: string): string | undefined {
  const m = WHO.exec(q);
  const name = m?.[1]?.replace(/[?.!]+$/, '').replace(/^(?:the\s+)/i, '').trim();
  return name || undefined;
}

/**
 * Reads a question into capability calls, model-free. Unknown questions plan nothing and the
 * answer says what can be asked.
 * @example
 * planQuestion("which deals have had no activity for 14 days?") // [{ name: 'stalled_deals', args: { days: 14 } }]
 */
export function planQuestion(question: string): PlannedCall[] {
  const q = question.trim();
  const lower = q.toLowerCase();
  const log = /\b(?:log|record|add|save)\s+(?:a|an|the|my)?\s*(call|phone call|email|e-mail|meeting|note)\b/i.exec(q);
  if (log) {
    const type = log[1]!.toLowerCase().replace('phone call', 'call').replace('e-mail', 'email');
    const rest = q.slice(log.index + log[0].length);
    const who = whoOf(rest);
    const colon = /[:;–—]|\s-\s/.exec(rest);
    const note = colon ? rest.slice(colon.index + colon[0].length).trim() : '';
    return [{ name: 'log_activity', args: { type, with: who ?? '', note } }];
  }
  if (/\b(draft|write|compose|prepare)\b.*\bfollow[- ]?up\b|\bfollow[- ]?up\s+(?:email|message|note)\b/.test(lower)) {
    return [{ name: 'draft_follow_up', args: { with: whoOf(q.replace(/\bfollow[- ]?up\b/i, '')) ?? '' } }];
  }
  if (/\bno activity\b|\bstall(?:ed|ing)?\b|\bstale\b|\bgone quiet\b|\bidle\b|\buntouched\b|\bneglected\b|\bno (?:contact|touch)/.test(lower)) {
    const days = /(\d{1,3})\s*(?:days?|d)\b/.exec(lower);
    const weeks = /(\d{1,2})\s*weeks?\b/.exec(lower);
    return [{ name: 'stalled_deals', args: { days: days ? Number(days[1]) : weeks ? Number(weeks[1]) * 7 : 14 } }];
  }
  if (/\bwho\b.*\b(call|ring|phone|contact|reach out)\b|\bcall (?:list|today)\b|\bfollow up with today\b/.test(lower)) return [{ name: 'call_list', args: {} }];
  const quarters = [...lower.matchAll(/\bq([1-4])(?:\s*(\d{4}))?\b/g)];
  if (quarters.length >= 2) {
    const [a, b] = quarters;
    return [{ name: 'compare_quarters', args: { a: Number(a![1]), b: Number(b![1]), ...(a![2] ? { year_a: Number(a![2]) } : {}), ...(b![2] ? { year_b: Number(b![2]) } : {}) } }];
  }
  if (/\bpipeline\b|\bforecast\b|\bclosing\b|\bin my funnel\b|\bdeals? (?:this|next|last) (?:month|quarter|year)\b/.test(lower)) {
    const period = /\bnext month\b/.test(lower) ? 'next_month' : /\blast month\b/.test(lower) ? 'last_month' : /\bnext quarter\b/.test(lower) ? 'next_quarter'
      : /\bthis quarter\b|\bquarter\b/.test(lower) ? 'this_quarter' : /\bthis year\b|\byear\b/.test(lower) ? 'this_year' : 'this_month';
    return [{ name: 'pipeline', args: { period } }];
  }
  const about = /^(?:what do (?:we|i) (?:know|have) (?:about|on)|tell me about|show(?: me)?|look up|find)\s+(.+?)[?.!]*$/i.exec(q);
  if (about) return [{ name: 'find_record', args: { name: about[1]! } }];
  return [];
}
