import fc from 'fast-check';

/**
 * Test support (not shipped behaviour): generated CRM deal exports and what a reader of the README
 * computes from them by hand, written apart from the code under test (own stage table, own date
 * reading, own CSV writer) so the agent's answers can be checked against it.
 */

const DAY = 86_400_000;
/** The README's stage table, as an export names the stages: [export name, stage, weight]. */
const HUBSPOT_STAGES: [string, string, number][] = [
  ['Appointment Scheduled', 'qualified', 0.2], ['appointmentscheduled', 'qualified', 0.2], ['Qualified To Buy', 'meeting', 0.4], ['Presentation Scheduled', 'proposal', 0.6],
  ['Decision Maker Bought-In', 'negotiation', 0.8], ['Contract Sent', 'contract', 0.9], ['Closed Won', 'won', 1], ['closedlost', 'lost', 0],
];
const PIPEDRIVE_STAGES: [string, string, number][] = [['Qualified', 'qualified', 0.2], ['Contact Made', 'qualified', 0.2], ['Demo Scheduled', 'meeting', 0.4], ['Proposal Made', 'proposal', 0.6], ['Negotiations Started', 'negotiation', 0.8]];
const COMPANIES = ['Acme Inc', 'Globex, Ltd', 'Initech "IT"', 'Umbrella\nHoldings', 'Stark Industries', 'Wayne Enterprises', 'Hooli', 'Vandelay Import/Export', 'Soylent Corp', 'Cyberdyne'];
const CORRUPTIONS = ['amount_text', 'amount_negative', 'date_impossible', 'date_format', 'stage_unknown', 'name_empty', 'currency_bad'] as const;

export interface GenDeal {
  recordId: number; name: string; stage: string; canonical: string; weight: number; status?: 'won' | 'lost';
  amount: number; currency: string; close: string; created: string; lastActivity?: string; company: string;
  corrupt?: (typeof CORRUPTIONS)[number];
}
export interface GenFile { source: 'hubspot' | 'pipedrive'; deals: GenDeal[]; bom: boolean; crlf: boolean; quoteAll: boolean; withLastActivity: boolean; shuffle: number[]; extra: boolean }

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A deal export of `n` deals around `now`: ~8% of rows broken in one of the ways CORRUPTIONS names. */
export function dealFile(now: number, n: number): fc.Arbitrary<GenFile> {
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  return fc.constantFrom('hubspot' as const, 'pipedrive' as const).chain((source) => {
    const stages = source === 'hubspot' ? HUBSPOT_STAGES : [...PIPEDRIVE_STAGES, ['Proposal Made', 'won', 1] as [string, string, number], ['Demo Scheduled', 'lost', 0] as [string, string, number]];
    const deal = fc.record({
      name: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0 && !s.includes('\r')), fc.constantFrom('Renewal, 2027', 'The "big" one', 'Line\nbreak deal', ' padded ')),
      stage: fc.constantFrom(...stages),
      cents: fc.integer({ min: 0, max: 200_000_000 }),
      currency: fc.constantFrom('USD', 'EUR', 'eur', ''),
      close: fc.integer({ min: -75, max: 75 }),
      created: fc.integer({ min: 1, max: 300 }),
      idle: fc.option(fc.integer({ min: 0, max: 60 }), { freq: 3 }),
      company: fc.constantFrom(...COMPANIES),
      // about 1 row in 12 broken (fc.option's freq is the odds of *no* value, so it is spelled out)
      corrupt: fc.oneof({ arbitrary: fc.constant(null), weight: 11 }, { arbitrary: fc.constantFrom(...CORRUPTIONS), weight: 1 }),
    });
    return fc.record({
      deals: fc.array(deal, { minLength: n, maxLength: n }),
      bom: fc.boolean(), crlf: fc.boolean(), quoteAll: fc.boolean(), withLastActivity: fc.boolean(), extra: fc.boolean(),
      shuffle: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { minLength: 11, maxLength: 11 }),
    }).map((f) => ({
      source, bom: f.bom, crlf: f.crlf, quoteAll: f.quoteAll, withLastActivity: f.withLastActivity, extra: f.extra, shuffle: f.shuffle,
      deals: f.deals.map((d, i) => {
        const [stage, canonical, weight] = d.stage;
        const created = today - d.created * DAY;
        const last = d.idle === null ? undefined : Math.max(created, today - d.idle * DAY);
        return {
          recordId: 1000 + i, name: d.name, stage, canonical, weight, ...(source === 'pipedrive' && (canonical === 'won' || canonical === 'lost') ? { status: canonical as 'won' | 'lost' } : {}),
          amount: d.cents / 100, currency: d.currency, close: day(today + d.close * DAY), created: day(created), ...(last === undefined ? {} : { lastActivity: day(last) }), company: d.company,
          // a Pipedrive row whose status says won or lost needs no known stage
          ...(d.corrupt && !(d.corrupt === 'stage_unknown' && source === 'pipedrive' && (canonical === 'won' || canonical === 'lost')) ? { corrupt: d.corrupt } : {}),
        };
      }),
    }));
  });
}

const HEADERS = {
  hubspot: ['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Currency', 'Close Date', 'Create Date', 'Last Activity Date', 'Associated Company', 'Deal owner', 'Pipeline'],
  pipedrive: ['Deal - ID', 'Deal - Title', 'Deal - Stage', 'Deal - Value', 'Deal - Currency', 'Deal - Expected close date', 'Deal - Deal created', 'Deal - Last activity date', 'Deal - Organization', 'Deal - Owner', 'Deal - Status'],
};

/** The file as text, and the line each deal's row starts on. */
export function renderFile(f: GenFile): { text: string; lines: number[] } {
  const header = HEADERS[f.source];
  const cols = f.shuffle.filter((c) => f.withLastActivity || c !== 7);
  const q = (v: string) => (f.quoteAll || /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);
  const eol = f.crlf ? '\r\n' : '\n';
  const rows: string[][] = [[...cols.map((c) => header[c]!), ...(f.extra ? ['Deal Type', 'Colour'] : [])]];
  for (const d of f.deals) {
    let amount = f.source === 'hubspot' && d.amount >= 1000 && d.recordId % 3 === 0 ? d.amount.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(d.amount);
    let close = d.close;
    let stage = d.stage;
    let name = d.name;
    let currency = d.currency;
    switch (d.corrupt) {
      case 'amount_text': amount = `${Math.round(d.amount)}k`; break;
      case 'amount_negative': amount = `-${d.amount + 1}`; break;
      case 'date_impossible': close = `${close.slice(0, 4)}-02-30`; break;
      case 'date_format': close = `${close.slice(8, 10)}/${close.slice(5, 7)}/${close.slice(0, 4)}`; break;
      case 'stage_unknown': stage = 'Maybe Later'; break;
      case 'name_empty': name = '  '; break;
      case 'currency_bad': currency = 'Dollars'; break;
    }
    const status = f.source === 'pipedrive' ? d.status ?? 'open' : 'Sales Pipeline';
    const values = [String(d.recordId), name, stage, amount, currency, close, d.created, d.lastActivity ?? '', d.company, 'Mary Kay', status];
    rows.push([...cols.map((c) => values[c]!), ...(f.extra ? ['newbusiness', 'blue'] : [])]);
  }
  const lines: number[] = [];
  let line = 1;
  const text = rows.map((r, i) => {
    if (i > 0) lines.push(line);
    line += 1 + r.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    return r.map(q).join(',');
  }).join(eol) + eol;
  return { text: f.bom ? `\uFEFF${text}` : text, lines };
}

const valid = (d: GenDeal) => !d.corrupt;
const isOpen = (d: GenDeal) => d.canonical !== 'won' && d.canonical !== 'lost';
const cur = (d: GenDeal) => (d.currency || 'USD').toUpperCase();

/** Pipeline of the month `now` falls in, by currency and stage, computed by hand. */
export function expectedPipeline(f: GenFile, now: number): Map<string, Map<string, { count: number; amount: number; weighted: number }>> {
  const month = new Date(now).toISOString().slice(0, 7);
  const out = new Map<string, Map<string, { count: number; amount: number; weighted: number }>>();
  for (const d of f.deals.filter(valid).filter(isOpen)) {
    if (d.close.slice(0, 7) !== month) continue;
    const byStage = out.get(cur(d)) ?? new Map();
    out.set(cur(d), byStage);
    const r = byStage.get(d.canonical) ?? { count: 0, amount: 0, weighted: 0 };
    byStage.set(d.canonical, r);
    r.count++;
    r.amount += d.amount;
    r.weighted += d.amount * d.weight;
  }
  return out;
}

/** Record ids of open deals idle `days` or more (last activity, else created), with their idle days. */
export function expectedStalled(f: GenFile, now: number, days = 14): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of f.deals.filter(valid).filter(isOpen)) {
    const ref = Date.parse(`${(f.withLastActivity ? d.lastActivity : undefined) ?? d.created}T00:00:00Z`);
    if (now - ref >= days * DAY) out.set(d.recordId, Math.floor((now - ref) / DAY));
  }
  return out;
}

/** The lines of the rows the import must reject. */
export const expectedRejects = (f: GenFile, lines: number[]): number[] => f.deals.flatMap((d, i) => (d.corrupt ? [lines[i]!] : []));
