import { dealWeight, isOpen, OPEN_STAGES, STAGE_WEIGHTS, type Activity, type Company, type Contact, type Deal, type Reminder, type Stage } from '../../studio/crm/model.js';

export const DAY_MS = 86_400_000;
/** Amounts as answers write them: at most 2 decimals, no thousands separators (so every figure is checkable). */
export const money = (n: number): number => Math.round(n * 100) / 100;

export interface StageRow { stage: Stage; weight_pct: number; count: number; amount: number; weighted: number }
export interface CurrencyPipeline { currency: string; count: number; amount: number; weighted: number; stages: StageRow[] }

/**
 * Open deals expected to close in [from, to) (UTC days), by currency and stage: count, amount and
 * amount weighted by the deal's probability (its own, else its stage's; see STAGE_WEIGHTS).
 * Currencies are never added together.
 * @example
 * pipeline(deals, Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1))
 */
export function pipeline(deals: readonly Deal[], from: number, to: number): CurrencyPipeline[] {
  const fromDay = new Date(from).toISOString().slice(0, 10);
  const toDay = new Date(to).toISOString().slice(0, 10);
  const by = new Map<string, Map<Stage, { count: number; amount: number; weighted: number }>>();
  for (const d of deals) {
    if (!isOpen(d) || !d.expected_close || d.expected_close < fromDay || d.expected_close >= toDay) continue;
    const stages = by.get(d.currency) ?? new Map();
    by.set(d.currency, stages);
    const row = stages.get(d.stage) ?? { count: 0, amount: 0, weighted: 0 };
    stages.set(d.stage, row);
    row.count++;
    row.amount += d.amount;
    row.weighted += d.amount * dealWeight(d);
  }
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([currency, stages]) => {
    const rows = OPEN_STAGES.filter((s) => stages.has(s)).map((s) => {
      const r = stages.get(s)!;
      return { stage: s, weight_pct: Math.round(STAGE_WEIGHTS[s] * 100), count: r.count, amount: money(r.amount), weighted: money(r.weighted) };
    });
    return { currency, count: rows.reduce((n, r) => n + r.count, 0), amount: money([...stages.values()].reduce((n, r) => n + r.amount, 0)), weighted: money([...stages.values()].reduce((n, r) => n + r.weighted, 0)), stages: rows };
  });
}

/**
 * The last time anything happened on a deal: its CRM's last activity date, or the latest activity
 * stored for the deal, its contact or its company; undefined when there was none.
 */
export function lastTouch(d: Deal, activities: readonly Activity[]): number | undefined {
  let t = d.last_activity_at;
  for (const a of activities) {
    if (a.deal_id === d.id || (d.company_id && a.company_id === d.company_id) || (d.contact_id && a.contact_id === d.contact_id)) t = Math.max(t ?? a.at, a.at);
  }
  return t;
}

export interface StalledDeal { id: string; name: string; company?: string; stage: Stage; amount: number; currency: string; last_activity: string | null; idle_days: number }

/**
 * Open deals with no activity for at least `days`: measured from their last touch, or from when
 * they were created when nothing ever happened on them. Longest idle first.
 */
export function stalledDeals(deals: readonly Deal[], activities: readonly Activity[], companies: ReadonlyMap<string, Company>, now: number, days = 14): StalledDeal[] {
  const out: StalledDeal[] = [];
  for (const d of deals) {
    if (!isOpen(d)) continue;
    const touch = lastTouch(d, activities);
    const since = touch ?? d.created_at;
    if (now - since < days * DAY_MS) continue;
    const company = d.company_id ? companies.get(d.company_id)?.name : undefined;
    out.push({ id: d.id, name: d.name, ...(company ? { company } : {}), stage: d.stage, amount: money(d.amount), currency: d.currency, last_activity: touch === undefined ? null : new Date(touch).toISOString().slice(0, 10), idle_days: Math.floor((now - since) / DAY_MS) });
  }
  return out.sort((a, b) => b.idle_days - a.idle_days || b.amount - a.amount || a.id.localeCompare(b.id));
}

export interface CallTarget { contact?: string; contact_id?: string; company?: string; score: number; reasons: string[] }

/**
 * Who to call today, ranked: a reminder due today or overdue counts most, then a deal closing within
 * 7 days (or past its close date and still open), then a deal idle 14 days or more; ties by the
 * weighted amount at stake. Every reason names its figure.
 */
export function callList(x: { deals: readonly Deal[]; activities: readonly Activity[]; reminders: readonly Reminder[]; companies: ReadonlyMap<string, Company>; contacts: ReadonlyMap<string, Contact>; now: number }, limit = 5): CallTarget[] {
  const targets = new Map<string, CallTarget & { stake: number }>();
  const today = new Date(x.now).toISOString().slice(0, 10);
  const endOfToday = Date.parse(`${today}T00:00:00Z`) + DAY_MS;
  const target = (contact_id: string | undefined, company_id: string | undefined) => {
    const key = contact_id ? `c:${contact_id}` : `o:${company_id}`;
    let t = targets.get(key);
    if (!t) {
      const contact = contact_id ? x.contacts.get(contact_id) : undefined;
      const company = (company_id ? x.companies.get(company_id) : undefined) ?? (contact?.company_id ? x.companies.get(contact.company_id) : undefined);
      t = { ...(contact ? { contact: contact.name, contact_id: contact.id } : {}), ...(company ? { company: company.name } : {}), score: 0, reasons: [], stake: 0 };
      targets.set(key, t);
    }
    return t;
  };
  for (const r of x.reminders) {
    if (r.state !== 'pending' || r.due_at >= endOfToday || (!r.contact_id && !r.company_id)) continue;
    const t = target(r.contact_id, r.company_id);
    t.score += 100;
    t.reasons.push(`reminder due ${new Date(r.due_at).toISOString().slice(0, 10)}: ${r.text}`);
  }
  for (const d of x.deals) {
    if (!isOpen(d) || (!d.contact_id && !d.company_id)) continue;
    const weighted = money(d.amount * dealWeight(d));
    const closeIn = d.expected_close ? Math.round((Date.parse(`${d.expected_close}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS) : undefined;
    const touch = lastTouch(d, x.activities) ?? d.created_at;
    const idle = Math.floor((x.now - touch) / DAY_MS);
    const reasons: string[] = [];
    let score = 0;
    if (closeIn !== undefined && closeIn <= 7) {
      score += 50;
      reasons.push(closeIn < 0 ? `${d.name} was expected to close ${d.expected_close} and is still open (${d.amount} ${d.currency})` : `${d.name} is expected to close ${d.expected_close} (${d.amount} ${d.currency}, ${d.stage})`);
    }
    if (idle >= 14) {
      score += 30 + Math.min(idle, 60) / 2;
      reasons.push(`no activity on ${d.name} for ${idle} days (${d.amount} ${d.currency})`);
    }
    if (!score) continue;
    const t = target(d.contact_id, d.company_id);
    t.score += score;
    t.stake += weighted;
    t.reasons.push(...reasons);
  }
  return [...targets.values()].filter((t) => t.score > 0)
    .sort((a, b) => b.score - a.score || b.stake - a.stake || (a.contact ?? a.company ?? '').localeCompare(b.contact ?? b.company ?? ''))
    .slice(0, limit).map(({ stake: _s, score, ...t }) => ({ ...t, score: Math.round(score) }));
}

export interface QuarterResult { label: string; from: string; to: string; by_currency: { currency: string; won: number; won_amount: number; lost: number; win_rate_pct: number | null }[] }

/** Deals won and lost in a quarter (by their close time, else their expected close day), per currency. */
export function quarterResult(deals: readonly Deal[], year: number, q: number): QuarterResult {
  const from = new Date(Date.UTC(year, (q - 1) * 3, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(year, q * 3, 1)).toISOString().slice(0, 10);
  const by = new Map<string, { won: number; won_amount: number; lost: number }>();
  for (const d of deals) {
    if (isOpen(d)) continue;
    const day = d.closed_at !== undefined ? new Date(d.closed_at).toISOString().slice(0, 10) : d.expected_close;
    if (!day || day < from || day >= to) continue;
    const r = by.get(d.currency) ?? { won: 0, won_amount: 0, lost: 0 };
    by.set(d.currency, r);
    if (d.stage === 'won') { r.won++; r.won_amount += d.amount; } else r.lost++;
  }
  return {
    label: `Q${q} ${year}`, from, to,
    by_currency: [...by].sort(([a], [b]) => a.localeCompare(b)).map(([currency, r]) => ({ currency, won: r.won, won_amount: money(r.won_amount), lost: r.lost, win_rate_pct: r.won + r.lost ? Math.round((r.won / (r.won + r.lost)) * 1000) / 10 : null })),
  };
}
