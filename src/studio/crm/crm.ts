import { randomUUID } from 'node:crypto';
import { Conflict, InvalidInput } from '../../core/errors.js';
import { mergePatch } from '../../core/merge-patch.js';
import type { ContactErasure, CrmRepository, LinkFilter } from './crm-repository.js';
import { ImportFileError, parseImport, type ImportOptions, type RejectedRow } from './csv-import.js';
import type { CsvSource, ImportKind } from './columns.js';
import { firstIssue, INPUT } from './schemas.js';
import type { Activity, Company, Contact, Deal, Kind, RecordOf, Reminder } from './model.js';

/** What an import did: what it mapped, what it could not, and every rejected row with its reason. */
export interface ImportReport {
  kind: ImportKind;
  source: CsvSource;
  rows: number;
  imported: number;
  created: number;
  updated: number;
  companies_created: number;
  contacts_created: number;
  mapped: Record<string, string>;
  unmapped: string[];
  /** The first {@link MAX_REJECTS_LISTED} rejected rows; `rejected_total` counts them all. */
  rejected: RejectedRow[];
  rejected_total: number;
}

/** Rejected rows listed in one report at most (all are counted). */
export const MAX_REJECTS_LISTED = 1000;

const PREFIX: Record<Kind, string> = { companies: 'company', contacts: 'contact', deals: 'deal', activities: 'activity', reminders: 'reminder' };
const norm = (s: string) => s.trim().toLowerCase().replace(/[^\p{L}\p{N}@.]+/gu, ' ').trim();
const LEGAL = /\s+(inc|llc|ltd|gmbh|corp|co|plc|sa|ag|bv|oy|ab)\.?$/;

export interface CrmOptions {
  /** `CRM_DEFAULT_CURRENCY` (default USD): for imported deals whose file names none. */
  defaultCurrency?: string;
  clock?: () => number;
}

/**
 * The CRM domain API (agent-mary-kay and `/api/v1/crm` use this, never the repository): records
 * checked against their schema, links checked to exist, a contact's erasure with its activities,
 * per-contact export, CSV import, and names looked up the way people say them ("Acme" for "Acme Inc").
 * @example
 * const crm = new Crm(new SqliteCrmRepository('./data/crm.db')); await crm.open();
 * await crm.create('companies', { name: 'Acme Inc' });
 */
export class Crm {
  private readonly clock: () => number;
  readonly defaultCurrency: string;
  constructor(readonly repo: CrmRepository, o: CrmOptions = {}) {
    this.clock = o.clock ?? Date.now;
    this.defaultCurrency = o.defaultCurrency ?? 'USD';
  }

  open(): Promise<void> { return this.repo.open(); }
  close(): Promise<void> { return this.repo.close(); }

  list<K extends Kind>(kind: K, links: LinkFilter = {}, limit?: number): Promise<RecordOf[K][]> { return this.repo.list(kind, links, limit); }
  get<K extends Kind>(kind: K, id: string): Promise<RecordOf[K] | undefined> { return this.repo.get(kind, id); }
  linkedToAny<K extends Kind>(kind: K, links: LinkFilter): Promise<RecordOf[K][]> { return this.repo.linkedToAny(kind, links); }
  dueReminders(now: number, limit: number): Promise<Reminder[]> { return this.repo.dueReminders(now, limit); }

  private check<K extends Kind>(kind: K, input: unknown): RecordOf[K] {
    const r = INPUT[kind].safeParse(input);
    if (!r.success) {
      const { field, message } = firstIssue(r.error);
      throw new InvalidInput(message, { field, cause: r.error });
    }
    return r.data as unknown as RecordOf[K];
  }

  private async checkLinks(r: object): Promise<void> {
    const o = r as LinkFilter;
    const pairs: [keyof LinkFilter, Kind][] = [['company_id', 'companies'], ['contact_id', 'contacts'], ['deal_id', 'deals']];
    for (const [field, kind] of pairs) {
      if (o[field] && !(await this.repo.get(kind, o[field]))) throw new InvalidInput(`${field}: no ${PREFIX[kind]} ${o[field]}`, { field });
    }
  }

  async create<K extends Kind>(kind: K, input: unknown): Promise<RecordOf[K]> {
    const now = this.clock();
    const body = this.check(kind, input);
    await this.checkLinks(body);
    const id = body.id || `${PREFIX[kind]}-${randomUUID().slice(0, 12)}`;
    if (await this.repo.get(kind, id)) throw new Conflict(`${PREFIX[kind]} ${id} exists already; PATCH it`, { field: 'id' });
    const record = { ...body, id, created_at: now, updated_at: now } as RecordOf[K];
    await this.repo.put(kind, [record]);
    return record;
  }

  /** JSON Merge Patch (null removes an optional field); id and created_at cannot change. */
  async patch<K extends Kind>(kind: K, id: string, patch: unknown): Promise<RecordOf[K] | undefined> {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new InvalidInput('the patch must be a JSON object (RFC 7386 merge patch)', { field: '(body)' });
    for (const k of ['id', 'created_at', 'updated_at']) if (k in patch) throw new InvalidInput(`${k} cannot be changed`, { field: k });
    const current = await this.repo.get(kind, id);
    if (!current) return undefined;
    const { created_at, updated_at: _u, ...rest } = current as RecordOf[K] & { created_at: number; updated_at: number };
    const body = this.check(kind, mergePatch(rest, patch));
    await this.checkLinks(body);
    const record = { ...body, id, created_at, updated_at: Math.max(this.clock(), created_at) } as RecordOf[K];
    await this.repo.put(kind, [record]);
    return record;
  }

  /** Deletes one record. A contact goes with its activities and reminders; a company's records lose their link to it. */
  async delete(kind: Kind, id: string): Promise<ContactErasure | boolean> {
    if (kind === 'contacts') {
      const e = await this.repo.eraseContact(id);
      return e.contact ? e : false;
    }
    if (kind === 'companies') {
      for (const k of ['contacts', 'deals', 'activities', 'reminders'] as const) {
        const linked = await this.repo.list(k, { company_id: id });
        if (linked.length) await this.repo.put(k, linked.map((r) => { const { company_id: _c, ...rest } = r as RecordOf[typeof k] & { company_id?: string }; return rest as RecordOf[typeof k]; }));
      }
    }
    return this.repo.delete(kind, id);
  }

  /** Everything stored about one person (GDPR-style access): the contact, its activities, reminders and deals. */
  async exportContact(id: string): Promise<{ contact: Contact; company?: Company; activities: Activity[]; reminders: Reminder[]; deals: Deal[] } | undefined> {
    const contact = await this.repo.get('contacts', id);
    if (!contact) return undefined;
    const company = contact.company_id ? await this.repo.get('companies', contact.company_id) : undefined;
    return {
      contact, ...(company ? { company } : {}),
      activities: await this.repo.list('activities', { contact_id: id }),
      reminders: await this.repo.list('reminders', { contact_id: id }),
      deals: await this.repo.list('deals', { contact_id: id }),
    };
  }

  /**
   * Companies (or contacts) a name may mean: exact first (legal suffixes ignored), else those whose
   * name starts with it or holds it as whole words. Empty when nothing is stored under that name.
   */
  async findByName<K extends 'companies' | 'contacts'>(kind: K, name: string): Promise<RecordOf[K][]> {
    const want = norm(name).replace(LEGAL, '');
    if (!want) return [];
    const all = await this.repo.list(kind);
    const key = (r: RecordOf[K]) => norm(r.name).replace(LEGAL, '');
    const exact = all.filter((r) => key(r) === want || ('email' in r && r.email && norm(r.email) === want));
    if (exact.length) return exact;
    const re = new RegExp(`(^| )${want.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`);
    return all.filter((r) => re.test(key(r)));
  }

  /**
   * Imports a CRM's CSV export (see csv-import.ts): valid rows are stored in one transaction, their
   * companies and contacts found by name (or created), and every rejected row reported.
   * @example
   * const report = await crm.importCsv(text, {});
   */
  async importCsv(text: string, o: Partial<Pick<ImportOptions, 'kind' | 'firstRow'>> = {}): Promise<ImportReport> {
    const now = this.clock();
    let parsed;
    try {
      parsed = parseImport(text, { ...o, defaultCurrency: this.defaultCurrency, now });
    } catch (err) {
      if (err instanceof ImportFileError) throw new InvalidInput(err.message, { field: err.field, cause: err });
      throw err;
    }
    const companies = new Map((await this.repo.list('companies')).map((c) => [norm(c.name).replace(LEGAL, ''), c]));
    const contacts = await this.repo.list('contacts');
    const newCompanies: Company[] = [];
    const newContacts: Contact[] = [];
    const companyId = (name: string | undefined): string | undefined => {
      if (!name) return undefined;
      const key = norm(name).replace(LEGAL, '');
      let c = companies.get(key);
      if (!c) {
        c = { id: `company-${randomUUID().slice(0, 12)}`, name: name.trim(), created_at: now, updated_at: now };
        companies.set(key, c);
        newCompanies.push(c);
      }
      return c.id;
    };
    const contactId = (text: string | undefined, company_id: string | undefined): string | undefined => {
      if (!text) return undefined;
      // HubSpot writes an associated contact as "Name (email)"; Pipedrive as the name.
      const m = /^(.*?)\s*\(([^()\s]+@[^()\s]+)\)\s*$/.exec(text);
      const name = (m ? m[1]! : text).trim();
      const email = m?.[2] ?? (text.includes('@') ? text.trim() : undefined);
      let c = contacts.find((x) => (email && x.email?.toLowerCase() === email.toLowerCase()) || (!email && norm(x.name) === norm(name) && (!company_id || x.company_id === company_id)));
      if (!c) {
        c = { id: `contact-${randomUUID().slice(0, 12)}`, name: name || email!, ...(email ? { email } : {}), ...(company_id ? { company_id } : {}), created_at: now, updated_at: now };
        contacts.push(c);
        newContacts.push(c);
      }
      return c.id;
    };
    const ids = parsed.drafts.map((d) => d.id);
    const existing = new Set<string>();
    for (const id of ids) if (await this.repo.get(parsed.kind, id)) existing.add(id);
    const deals = parsed.kind === 'activities' ? await this.repo.list('deals') : [];
    const records = parsed.drafts.map((d) => {
      const company_id = parsed.kind === 'companies' ? undefined : companyId(d.company);
      const contact_id = parsed.kind === 'deals' || parsed.kind === 'activities' ? contactId(d.contact, company_id) : undefined;
      const deal_id = d.deal ? deals.find((x) => norm(x.name) === norm(d.deal!))?.id : undefined;
      const created_at = typeof d.fields.created_at === 'number' ? d.fields.created_at : now;
      return { ...d.fields, id: d.id, ...(company_id ? { company_id } : {}), ...(contact_id ? { contact_id } : {}), ...(deal_id ? { deal_id } : {}), created_at, updated_at: Math.max(now, created_at) };
    });
    await this.repo.put('companies', newCompanies);
    await this.repo.put('contacts', newContacts);
    await this.repo.put(parsed.kind, records as RecordOf[ImportKind][]);
    return {
      kind: parsed.kind, source: parsed.source, rows: parsed.rows, imported: records.length, created: records.length - existing.size, updated: existing.size,
      companies_created: newCompanies.length, contacts_created: newContacts.length, mapped: parsed.mapped, unmapped: parsed.unmapped, rejected: parsed.rejected.slice(0, MAX_REJECTS_LISTED), rejected_total: parsed.rejected.length,
    };
  }
}
