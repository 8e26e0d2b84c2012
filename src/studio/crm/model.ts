/**
 * The CRM's records (agent-mary-kay's domain): companies, contacts, deals, activities and
 * reminders, as the store keeps them and the REST API shows them. Times are epoch ms; a deal's
 * expected close is a calendar day (`YYYY-MM-DD`, read in UTC). Amounts are in the deal's own
 * currency and are never added across currencies.
 */

export const KINDS = ['companies', 'contacts', 'deals', 'activities', 'reminders'] as const;
export type Kind = (typeof KINDS)[number];

export interface Company {
  id: string; name: string; domain?: string; industry?: string; phone?: string; city?: string; country?: string; owner?: string;
  created_at: number; updated_at: number;
}

export interface Contact {
  id: string; name: string; first_name?: string; last_name?: string; email?: string; phone?: string; title?: string;
  company_id?: string; owner?: string; created_at: number; updated_at: number;
}

export interface Deal {
  id: string; name: string; stage: Stage; amount: number; currency: string;
  /** `YYYY-MM-DD` (UTC day) or null when the CRM had none. */
  expected_close: string | null;
  owner?: string; company_id?: string; contact_id?: string;
  /** The deal's own win probability (0–1), when its CRM had one; else the stage's weight counts. */
  probability?: number;
  /** When it was won or lost (epoch ms), for closed deals. */
  closed_at?: number;
  /** The last activity its CRM knew of (imported), besides the activities stored here. */
  last_activity_at?: number;
  created_at: number; updated_at: number;
}

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface Activity {
  id: string; type: ActivityType; at: number; subject?: string; body?: string;
  company_id?: string; contact_id?: string; deal_id?: string; created_at: number; updated_at: number;
}

export interface Reminder {
  id: string; due_at: number; text: string; state: 'pending' | 'sent' | 'failed';
  company_id?: string; contact_id?: string; deal_id?: string; activity_id?: string;
  /** What the notification channels answered, once sent (or failed after every attempt). */
  sent_at?: number; attempts?: number; last_error?: string;
  created_at: number; updated_at: number;
}

export type CrmRecord = Company | Contact | Deal | Activity | Reminder;
export interface RecordOf { companies: Company; contacts: Contact; deals: Deal; activities: Activity; reminders: Reminder }

/**
 * Deal stages and the probability each is weighted by in the pipeline (the README documents this
 * table). The weights of the middle stages are HubSpot's default pipeline's; Pipedrive's default
 * stages map by name. A deal's own probability, when its CRM exported one, replaces its stage's.
 */
export const STAGE_WEIGHTS = { lead: 0.1, qualified: 0.2, meeting: 0.4, proposal: 0.6, negotiation: 0.8, contract: 0.9, won: 1, lost: 0 } as const;
export type Stage = keyof typeof STAGE_WEIGHTS;
export const STAGES = Object.keys(STAGE_WEIGHTS) as Stage[];
export const OPEN_STAGES: readonly Stage[] = STAGES.filter((s) => s !== 'won' && s !== 'lost');

/** Stage names as HubSpot (labels and internal ids) and Pipedrive (default pipeline) export them. */
const STAGE_ALIASES: Record<string, Stage> = {
  lead: 'lead', new: 'lead', 'lead in': 'lead', 'new lead': 'lead',
  qualified: 'qualified', 'appointment scheduled': 'qualified', appointmentscheduled: 'qualified', 'contact made': 'qualified',
  meeting: 'meeting', 'qualified to buy': 'meeting', qualifiedtobuy: 'meeting', 'demo scheduled': 'meeting', 'needs defined': 'meeting', 'meeting scheduled': 'meeting',
  proposal: 'proposal', 'presentation scheduled': 'proposal', presentationscheduled: 'proposal', 'proposal made': 'proposal', 'proposal sent': 'proposal',
  negotiation: 'negotiation', 'decision maker bought-in': 'negotiation', decisionmakerboughtin: 'negotiation', 'negotiations started': 'negotiation', negotiations: 'negotiation',
  contract: 'contract', 'contract sent': 'contract', contractsent: 'contract',
  won: 'won', 'closed won': 'won', closedwon: 'won',
  lost: 'lost', 'closed lost': 'lost', closedlost: 'lost',
};

/** A stage from its exported name (case and spacing ignored), or undefined when unknown. */
export function stageOf(text: string): Stage | undefined {
  return STAGE_ALIASES[text.trim().toLowerCase().replace(/[\s_]+/g, ' ')];
}

/** The probability a deal is weighted by: its own, else its stage's. */
export const dealWeight = (d: Pick<Deal, 'stage' | 'probability'>): number => (d.stage === 'won' || d.stage === 'lost' ? STAGE_WEIGHTS[d.stage] : d.probability ?? STAGE_WEIGHTS[d.stage]);

export const isOpen = (d: Pick<Deal, 'stage'>): boolean => d.stage !== 'won' && d.stage !== 'lost';

/** Which fields of a record hold personal data (never handed to a model unless allowed). */
export const PERSONAL_FIELDS: Record<Kind, readonly string[]> = {
  companies: ['phone'],
  contacts: ['name', 'first_name', 'last_name', 'email', 'phone', 'title'],
  deals: [],
  activities: ['subject', 'body'],
  reminders: ['text'],
};

/**
 * An amount as CRMs export it: `1234.5`, `1,234.50`, `$1,234`, `1 234,50 €` is not accepted (a
 * comma is a thousands separator only). Undefined when it is not a finite amount ≥ 0.
 * @example
 * parseAmount('$12,500.00') // 12500
 */
export function parseAmount(text: string): number | undefined {
  const t = text.trim().replace(/^[$€£¥]\s*/, '').replace(/\s*[$€£¥]$/, '');
  if (!/^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) && n >= 0 && n < 1e15 ? n : undefined;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A date or date-time as CRMs export it (`2024-03-15`, `2024-03-15 10:30`, ISO 8601; no zone =
 * UTC) as epoch ms, or undefined when it is not a real calendar date.
 * @example
 * parseCrmDate('2024-02-30') // undefined
 */
export function parseCrmDate(text: string): number | undefined {
  const m = DAY.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = Date.UTC(y, mo - 1, d);
  const back = new Date(day);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  if (!m[4]) return day;
  const hh = Number(m[4]);
  const mm = Number(m[5]);
  const ss = Number(m[6] ?? 0);
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  let offset = 0;
  const z = m[7];
  if (z && z !== 'Z') {
    const sign = z.startsWith('-') ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return day + ((hh * 60 + mm) * 60 + ss) * 1000 - offset;
}

/** The UTC calendar day of an epoch ms. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
