import type { Kind } from './model.js';

/** Which CRM a file came from, judged by its header (each names its columns its own way). */
export type CsvSource = 'hubspot' | 'pipedrive' | 'generic';
export type ImportKind = Exclude<Kind, 'reminders'>;

/**
 * Header names by field, as HubSpot's and Pipedrive's exports write them (HubSpot: property labels,
 * "Record ID" first; Pipedrive: "Deal - Title", "Person - Email - Work", …), plus plain names.
 * Matched case-insensitively with spacing collapsed; a Pipedrive header with a trailing label
 * ("Person - Phone - Mobile") matches its field's name without the label.
 */
export const COLUMNS: Record<ImportKind, Record<string, readonly string[]>> = {
  deals: {
    external_id: ['record id', 'deal - id', 'deal id', 'id'],
    name: ['deal name', 'deal - title', 'title', 'name', 'deal'],
    stage: ['deal stage', 'deal - stage', 'stage'],
    status: ['deal - status', 'status'],
    amount: ['amount', 'deal - value', 'value'],
    currency: ['currency', 'deal - currency', 'deal currency code', 'deal - currency of value'],
    expected_close: ['close date', 'deal - expected close date', 'expected close date', 'expected close'],
    owner: ['deal owner', 'deal - owner', 'owner'],
    company: ['associated company', 'associated company (primary)', 'deal - organization', 'company', 'organization', 'company name'],
    contact: ['associated contact', 'deal - contact person', 'contact person', 'contact'],
    probability: ['deal probability', 'deal - probability', 'probability'],
    created: ['create date', 'deal - deal created', 'created', 'created at'],
    last_activity: ['last activity date', 'deal - last activity date', 'last activity'],
    closed: ['deal - won time', 'deal - lost time', 'deal - deal closed on', 'closed at', 'closed date'],
  },
  contacts: {
    external_id: ['record id', 'person - id', 'contact id', 'id'],
    first_name: ['first name', 'person - first name'],
    last_name: ['last name', 'person - last name'],
    name: ['person - name', 'name', 'full name'],
    email: ['email', 'person - email', 'email address'],
    phone: ['phone number', 'mobile phone number', 'person - phone', 'phone'],
    title: ['job title', 'person - job title', 'title'],
    company: ['company name', 'associated company', 'person - organization', 'organization', 'company'],
    owner: ['contact owner', 'person - owner', 'owner'],
    created: ['create date', 'person - person created', 'created'],
  },
  companies: {
    external_id: ['record id', 'organization - id', 'company id', 'id'],
    name: ['company name', 'organization - name', 'name'],
    domain: ['company domain name', 'website url', 'organization - website', 'domain', 'website'],
    industry: ['industry', 'organization - industry'],
    phone: ['phone number', 'organization - phone', 'phone'],
    city: ['city', 'organization - city'],
    country: ['country/region', 'organization - country', 'country'],
    owner: ['company owner', 'organization - owner', 'owner'],
    created: ['create date', 'organization - organization created', 'created'],
  },
  activities: {
    external_id: ['activity - id', 'activity id', 'id'],
    type: ['activity - type', 'activity type', 'type'],
    subject: ['activity - subject', 'subject'],
    body: ['activity - note', 'note', 'body', 'notes'],
    at: ['activity - due date', 'activity - date of entering', 'date', 'activity date', 'at'],
    company: ['activity - organization', 'company', 'organization'],
    contact: ['activity - contact person', 'contact'],
    deal: ['activity - deal', 'deal'],
  },
};

export const normalHeader = (h: string): string => h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, ' ');

/** The kind a header describes, when it says so (Pipedrive's prefixes, HubSpot's labels). */
export function kindOfHeader(header: readonly string[]): ImportKind | undefined {
  const h = header.map(normalHeader);
  const has = (...names: string[]) => names.some((n) => h.includes(n));
  const prefixed = (p: string) => h.some((x) => x.startsWith(p));
  if (prefixed('deal - ') || has('deal name', 'deal stage')) return 'deals';
  if (prefixed('activity - ')) return 'activities';
  if (prefixed('person - ') || has('first name', 'last name', 'email')) return 'contacts';
  if (prefixed('organization - ') || has('company name', 'company domain name')) return 'companies';
  return undefined;
}

export function sourceOfHeader(header: readonly string[]): CsvSource {
  const h = header.map(normalHeader);
  if (h.some((x) => /^(deal|person|organization|activity) - /.test(x))) return 'pipedrive';
  if (h.includes('record id')) return 'hubspot';
  return 'generic';
}

/**
 * Which column feeds which field: the first header (left to right) matching a field's names wins;
 * the others are reported as unmapped, never silently dropped.
 * @example
 * mapHeader('deals', ['Deal - Title', 'Deal - Value', 'Colour']) // { fields: {name: 0, amount: 1}, unmapped: ['Colour'] }
 */
export function mapHeader(kind: ImportKind, header: readonly string[]): { fields: Record<string, number>; unmapped: string[] } {
  const fields: Record<string, number> = {};
  const unmapped: string[] = [];
  const table = Object.entries(COLUMNS[kind]);
  header.forEach((raw, i) => {
    const h = normalHeader(raw);
    // "Person - Email - Work" → "person - email"
    const base = h.replace(/^((?:deal|person|organization|activity) - [^-]+?) - .+$/, '$1');
    const hit = table.find(([field, names]) => fields[field] === undefined && (names.includes(h) || names.includes(base)));
    if (hit) fields[hit[0]] = i;
    else unmapped.push(raw);
  });
  return { fields, unmapped };
}
