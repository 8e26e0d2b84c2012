import * as chrono from 'chrono-node/en';
import type { Crm } from '../../studio/crm/crm.js';
import { ACTIVITY_TYPES, dealWeight, isOpen, type ActivityType, type Company, type Contact } from '../../studio/crm/model.js';
import type { Capability } from '../runtime/capability.js';
import { callList, DAY_MS, lastTouch, money, pipeline, quarterResult, stalledDeals } from './analysis.js';
import { PERIODS, periodRange, type Period } from './question.js';

export interface MaryKayCtx {
  crm: Crm;
  scopes: readonly string[];
  now: number;
  /** Why the model's answer was not used, for the model-free answer's data. */
  llmError?: string;
}

/** What a name resolves to: one company or contact, several, or nothing stored. */
export type Resolved = { company?: Company; contact?: Contact } | { error: string; candidates?: string[] };

/**
 * A name as said ("Acme", "Jane Doe") to a stored contact (first) or company; an honest "no record"
 * when neither is stored, and the candidates when it could mean several.
 */
export async function resolveName(crm: Crm, name: string): Promise<Resolved> {
  const wanted = name.trim();
  if (!wanted) return { error: 'say who: e.g. "with Acme" or "to Jane Doe"' };
  const contacts = await crm.findByName('contacts', wanted);
  const companies = await crm.findByName('companies', wanted);
  if (contacts.length === 1 && !companies.length) {
    const contact = contacts[0]!;
    const company = contact.company_id ? await crm.get('companies', contact.company_id) : undefined;
    return { contact, ...(company ? { company } : {}) };
  }
  if (companies.length === 1 && !contacts.length) return { company: companies[0]! };
  if (!contacts.length && !companies.length) return { error: `no record of "${wanted}" in the CRM (no company or contact by that name)` };
  return { error: `"${wanted}" could be several records`, candidates: [...companies.map((c) => c.name), ...contacts.map((c) => c.name)].slice(0, 10) };
}

const companyMap = async (crm: Crm) => new Map((await crm.list('companies')).map((c) => [c.id, c]));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The reminder a note asks for: the first date chrono finds in it (forward from now), 09:00 UTC when no time is said. */
export function reminderDue(note: string, now: number): { due_at: number; text: string } | undefined {
  const hit = chrono.parse(note, new Date(now), { forwardDate: true })[0];
  if (!hit) return undefined;
  const d = hit.start.date();
  const due = hit.start.isCertain('hour') ? d.getTime() : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 9);
  return { due_at: due, text: hit.text };
}

/** agent-mary-kay's capabilities: the planner and the model call the same list. */
export const CAPABILITIES: Capability<MaryKayCtx>[] = [
  { spec: { name: 'pipeline', description: 'Open deals expected to close in a period, by currency and stage: count, amount, and amount weighted by stage probability.', scope: 'read', parameters: { type: 'object', properties: { period: { type: 'string', enum: [...PERIODS] } } } },
    run: async (a, ctx) => {
      const period = (PERIODS as readonly string[]).includes(String(a.period)) ? a.period as Period : 'this_month';
      const r = periodRange(period, ctx.now);
      const deals = await ctx.crm.list('deals');
      return { period, label: r.label, from: day(r.from), to: day(r.to - DAY_MS), deals_stored: deals.length, by_currency: pipeline(deals, r.from, r.to) };
    } },
  { spec: { name: 'stalled_deals', description: 'Open deals with no activity (call, email, meeting, note) for at least N days, longest idle first.', scope: 'read', parameters: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 3650 } } } },
    run: async (a, ctx) => {
      const days = Number.isInteger(a.days) && (a.days as number) >= 1 && (a.days as number) <= 3650 ? a.days as number : 14;
      const stalled = stalledDeals(await ctx.crm.list('deals'), await ctx.crm.list('activities'), await companyMap(ctx.crm), ctx.now, days);
      return { days, count: stalled.length, deals: stalled.slice(0, 50), more: Math.max(0, stalled.length - 50) };
    } },
  { spec: { name: 'call_list', description: 'Who to call today, ranked, each with its reasons (reminders due, deals closing within 7 days, deals idle 14+ days).', scope: 'read', parameters: { type: 'object', properties: {} } },
    run: async (_a, ctx) => {
      const contacts = new Map((await ctx.crm.list('contacts')).map((c) => [c.id, c]));
      return { date: day(ctx.now), calls: callList({ deals: await ctx.crm.list('deals'), activities: await ctx.crm.list('activities'), reminders: await ctx.crm.list('reminders'), companies: await companyMap(ctx.crm), contacts, now: ctx.now }) };
    } },
  { spec: { name: 'compare_quarters', description: 'Deals won and lost in two quarters (e.g. Q3 against Q2): counts, won amount and win rate per currency.', scope: 'read', parameters: { type: 'object', properties: { a: { type: 'integer', minimum: 1, maximum: 4 }, b: { type: 'integer', minimum: 1, maximum: 4 }, year_a: { type: 'integer' }, year_b: { type: 'integer' } }, required: ['a', 'b'] } },
    run: async (a, ctx) => {
      const qa = Number(a.a);
      const qb = Number(a.b);
      if (![qa, qb].every((q) => Number.isInteger(q) && q >= 1 && q <= 4)) return { error: 'quarters are 1 to 4' };
      const now = new Date(ctx.now);
      const thisQ = Math.floor(now.getUTCMonth() / 3) + 1;
      // A quarter not yet begun this year is last year's.
      const yearOf = (q: number, given: unknown) => (Number.isInteger(given) ? given as number : q > thisQ ? now.getUTCFullYear() - 1 : now.getUTCFullYear());
      const deals = await ctx.crm.list('deals');
      return { a: quarterResult(deals, yearOf(qa, a.year_a), qa), b: quarterResult(deals, yearOf(qb, a.year_b), qb) };
    } },
  { spec: { name: 'find_record', description: 'A company or contact by name, with its open deals and last activity.', scope: 'read', parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    run: async (a, ctx) => {
      const r = await resolveName(ctx.crm, String(a.name ?? ''));
      if ('error' in r) return r;
      const links = { ...(r.company ? { company_id: r.company.id } : {}), ...(r.contact ? { contact_id: r.contact.id } : {}) };
      const deals = (await ctx.crm.linkedToAny('deals', links)).filter(isOpen);
      const acts = await ctx.crm.linkedToAny('activities', links);
      const last = acts.sort((x, y) => y.at - x.at)[0];
      return {
        ...(r.company ? { company: r.company.name, company_id: r.company.id } : {}), ...(r.contact ? { contact: r.contact.name, contact_id: r.contact.id, email: r.contact.email ?? null, phone: r.contact.phone ?? null } : {}),
        open_deals: deals.map((d) => ({ deal: d.name, stage: d.stage, amount: d.amount, currency: d.currency, expected_close: d.expected_close, weighted: money(d.amount * dealWeight(d)) })),
        last_activity: last ? { type: last.type, date: day(last.at), note: last.body ?? last.subject ?? null } : null,
      };
    } },
  { spec: { name: 'log_activity', description: 'Logs a call, email, meeting or note with a company or contact; a date in the note ("by Friday") also sets a reminder.', scope: 'admin', parameters: { type: 'object', properties: { type: { type: 'string', enum: [...ACTIVITY_TYPES] }, with: { type: 'string' }, note: { type: 'string' } }, required: ['type', 'with'] } },
    run: async (a, ctx) => {
      const type = String(a.type ?? '') as ActivityType;
      if (!ACTIVITY_TYPES.includes(type)) return { error: `type must be one of ${ACTIVITY_TYPES.join(', ')}` };
      const r = await resolveName(ctx.crm, String(a.with ?? ''));
      if ('error' in r) return r;
      const note = String(a.note ?? '').trim().slice(0, 20_000);
      const links = { ...(r.company ? { company_id: r.company.id } : {}), ...(r.contact ? { contact_id: r.contact.id } : {}) };
      const deal = (await ctx.crm.linkedToAny('deals', links)).filter(isOpen).sort((x, y) => y.amount - x.amount)[0];
      const activity = await ctx.crm.create('activities', { type, at: ctx.now, ...(note ? { body: note } : {}), ...links, ...(deal ? { deal_id: deal.id } : {}) });
      const due = note ? reminderDue(note, ctx.now) : undefined;
      const who = r.contact?.name ?? r.company?.name ?? '';
      const reminder = due ? await ctx.crm.create('reminders', { due_at: due.due_at, text: `${who}: ${note}`, activity_id: activity.id, ...links, ...(deal ? { deal_id: deal.id } : {}) }) : undefined;
      return {
        activity_id: activity.id, type, date: day(activity.at), ...(r.company ? { company: r.company.name } : {}), ...(r.contact ? { contact: r.contact.name } : {}), note,
        ...(deal ? { deal: deal.name } : {}), reminder: reminder ? { id: reminder.id, due: new Date(reminder.due_at).toISOString(), due_day: day(reminder.due_at), said: due!.text } : null,
      };
    } },
  { spec: { name: 'draft_follow_up', description: 'The stored facts for a follow-up to a company or contact (contact, last activity, open deals, reminders) and a grounded draft written from them.', scope: 'read', parameters: { type: 'object', properties: { with: { type: 'string' } }, required: ['with'] } },
    run: async (a, ctx) => {
      const r = await resolveName(ctx.crm, String(a.with ?? ''));
      if ('error' in r) return r;
      const links = { ...(r.company ? { company_id: r.company.id } : {}), ...(r.contact ? { contact_id: r.contact.id } : {}) };
      const contact = r.contact ?? (r.company ? (await ctx.crm.list('contacts', { company_id: r.company.id }))[0] : undefined);
      const deals = (await ctx.crm.linkedToAny('deals', links)).filter(isOpen).sort((x, y) => y.amount - x.amount);
      const acts = (await ctx.crm.linkedToAny('activities', links)).sort((x, y) => y.at - x.at);
      const reminders = (await ctx.crm.linkedToAny('reminders', links)).filter((x) => x.state === 'pending').sort((x, y) => x.due_at - y.due_at);
      const last = acts[0];
      const deal = deals[0];
      return {
        ...(r.company ? { company: r.company.name } : {}), ...(contact ? { contact: contact.name, first_name: contact.first_name ?? contact.name.split(' ')[0], email: contact.email ?? null } : {}),
        last_activity: last ? { type: last.type, date: day(last.at), note: last.body ?? last.subject ?? null } : null,
        deal: deal ? { deal: deal.name, stage: deal.stage, amount: deal.amount, currency: deal.currency, expected_close: deal.expected_close, owner: deal.owner ?? null, idle_days: Math.floor((ctx.now - (lastTouch(deal, acts) ?? deal.created_at)) / DAY_MS) } : null,
        reminder: reminders[0] ? { due_day: day(reminders[0].due_at), text: reminders[0].text } : null,
      };
    } },
];
