import { createHash } from 'node:crypto';
import { parseCsv } from './csv.js';
import { COLUMNS, kindOfHeader, mapHeader, sourceOfHeader, type CsvSource, type ImportKind } from './columns.js';
import { ACTIVITY_TYPES, parseAmount, parseCrmDate, stageOf, STAGES, dayOf, type ActivityType, type Stage } from './model.js';

/** A row that was not imported, and why (a line number of the file, 1 = the header). */
export interface RejectedRow { row: number; reason: string }

/** A valid row's fields, before its company and contact names are resolved to records. */
export interface RowDraft {
  row: number;
  id: string;
  fields: Record<string, string | number | null>;
  company?: string;
  contact?: string;
  deal?: string;
}

export interface ParsedImport {
  kind: ImportKind;
  source: CsvSource;
  /** Field → header that fed it. */
  mapped: Record<string, string>;
  unmapped: string[];
  drafts: RowDraft[];
  rejected: RejectedRow[];
  rows: number;
}

export interface ImportOptions {
  kind?: ImportKind;
  /** Currency for deals whose file has none (`CRM_DEFAULT_CURRENCY`). */
  defaultCurrency: string;
  now: number;
  /** Line of the file this text's first data row is (the CLI sends big files in chunks). */
  firstRow?: number;
}

/** Most data rows one import takes (a larger file goes in several requests, as the CLI sends it). */
export const MAX_IMPORT_ROWS = 100_000;

const REQUIRED: Record<ImportKind, string[][]> = { deals: [['name'], ['stage', 'status']], contacts: [['name', 'first_name', 'last_name', 'email']], companies: [['name']], activities: [['type'], ['at']] };

/** Thrown for a file that cannot be imported at all (no header, unknown kind, a required column missing). */
export class ImportFileError extends Error {
  constructor(message: string, readonly field: string) { super(message); }
}

const probability = (t: string): number | undefined => {
  const pct = t.trim().endsWith('%');
  const n = Number(t.trim().replace(/%$/, ''));
  if (t.trim() === '' || !Number.isFinite(n) || n < 0) return undefined;
  const p = pct || n > 1 ? n / 100 : n;
  return p <= 1 ? p : undefined;
};

/** Field → text check; a string is the reason the row is rejected. */
function checkDeal(get: (f: string) => string, defaultCurrency: string): Record<string, string | number | null> | string {
  const name = get('name');
  if (!name) return 'no deal name';
  const status = get('status').toLowerCase();
  let stage: Stage | undefined;
  if (status === 'won' || status === 'lost') stage = status;
  else if (status && status !== 'open' && status !== 'deleted') return `unknown status "${get('status')}" (open, won or lost)`;
  else if (status === 'deleted') return 'a deleted deal';
  else {
    if (!get('stage')) return 'no deal stage';
    stage = stageOf(get('stage'));
    if (!stage) return `unknown deal stage "${get('stage')}" (known: ${STAGES.join(', ')} and their HubSpot/Pipedrive names)`;
  }
  const amountText = get('amount');
  const amount = amountText === '' ? 0 : parseAmount(amountText);
  if (amount === undefined) return `amount "${amountText}" is not a number ≥ 0`;
  const currency = (get('currency') || defaultCurrency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return `currency "${get('currency')}" is not a 3-letter ISO 4217 code`;
  const out: Record<string, string | number | null> = { name, stage, amount, currency, expected_close: null };
  for (const [field, key] of [['expected_close', 'expected_close'], ['created', 'created_at'], ['last_activity', 'last_activity_at'], ['closed', 'closed_at']] as const) {
    const t = get(field);
    if (!t) continue;
    const ms = parseCrmDate(t);
    if (ms === undefined) return `${field.replace('_', ' ')} "${t}" is not a date (YYYY-MM-DD or ISO 8601)`;
    out[key] = field === 'expected_close' ? dayOf(ms) : ms;
  }
  if (get('probability')) {
    const p = probability(get('probability'));
    if (p === undefined) return `probability "${get('probability')}" is not a fraction 0–1 or a percentage 0–100`;
    out.probability = p;
  }
  if (get('owner')) out.owner = get('owner');
  return out;
}

function checkOther(kind: ImportKind, get: (f: string) => string): Record<string, string | number | null> | string {
  const out: Record<string, string | number | null> = {};
  for (const f of Object.keys(COLUMNS[kind])) {
    if (['external_id', 'company', 'contact', 'deal', 'created', 'at'].includes(f)) continue;
    if (get(f)) out[f] = get(f);
  }
  if (kind === 'contacts') {
    const name = get('name') || [get('first_name'), get('last_name')].filter(Boolean).join(' ') || get('email');
    if (!name) return 'no name or email';
    out.name = name;
    if (get('email') && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(get('email'))) return `email "${get('email')}" is not an address`;
  }
  if (kind === 'companies' && !get('name')) return 'no company name';
  if (kind === 'activities') {
    const type = get('type').toLowerCase() as ActivityType;
    if (!ACTIVITY_TYPES.includes(type)) return `activity type "${get('type')}" is not one of ${ACTIVITY_TYPES.join(', ')}`;
    out.type = type;
    const at = parseCrmDate(get('at'));
    if (at === undefined) return `date "${get('at')}" is not a date (YYYY-MM-DD or ISO 8601)`;
    out.at = at;
  }
  if (get('created')) {
    const ms = parseCrmDate(get('created'));
    if (ms === undefined) return `created "${get('created')}" is not a date (YYYY-MM-DD or ISO 8601)`;
    out.created_at = ms;
  }
  return out;
}

const PREFIX: Record<ImportKind, string> = { deals: 'deal', contacts: 'contact', companies: 'company', activities: 'activity' };

/**
 * Reads a CRM's CSV export: finds its kind and source from the header, maps columns by name,
 * checks every row and gives each valid one a stable id (the CRM's record id when the file has one,
 * else a digest of the row), so importing the same file twice stores each record once. Rows that
 * fail a check are rejected with their line and reason; the rest of the file still imports.
 * @example
 * const p = parseImport(csvText, { defaultCurrency: 'USD', now: Date.now() });
 */
export function parseImport(text: string, o: ImportOptions): ParsedImport {
  const records = parseCsv(text);
  const header = records[0];
  if (!header || header.fields.every((f) => !f.trim())) throw new ImportFileError('the file has no header row', '(body)');
  if (header.error) throw new ImportFileError(`the header row is not valid CSV: ${header.error}`, '(body)');
  if (records.length - 1 > MAX_IMPORT_ROWS) throw new ImportFileError(`the file has ${records.length - 1} rows; at most ${MAX_IMPORT_ROWS} per request: split it (homelab crm import does)`, '(body)');
  const kind = o.kind ?? kindOfHeader(header.fields);
  if (!kind) throw new ImportFileError(`cannot tell what the file holds from its header (${header.fields.slice(0, 6).join(', ')}); give kind=deals|contacts|companies|activities`, 'kind');
  const { fields, unmapped } = mapHeader(kind, header.fields);
  for (const any of REQUIRED[kind]) {
    if (!any.some((f) => fields[f] !== undefined)) throw new ImportFileError(`no column for ${any.join(' or ')} among ${header.fields.join(', ')}; expected e.g. ${any.map((f) => `"${COLUMNS[kind][f]![0]}"`).join(' or ')}`, any[0]!);
  }
  const source = sourceOfHeader(header.fields);
  const offset = (o.firstRow ?? 2) - 2;
  const drafts: RowDraft[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of records.slice(1)) {
    const row = rec.line + offset;
    if (rec.error) { rejected.push({ row, reason: `not valid CSV: ${rec.error}` }); continue; }
    if (rec.fields.length > header.fields.length && rec.fields.slice(header.fields.length).some((f) => f.trim())) {
      rejected.push({ row, reason: `${rec.fields.length} fields but the header has ${header.fields.length}` });
      continue;
    }
    const get = (f: string) => (fields[f] === undefined ? '' : (rec.fields[fields[f]!] ?? '').trim());
    const checked = kind === 'deals' ? checkDeal(get, o.defaultCurrency) : checkOther(kind, get);
    if (typeof checked === 'string') { rejected.push({ row, reason: checked }); continue; }
    const ext = get('external_id');
    const id = ext ? `${PREFIX[kind]}-${source}-${ext.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80)}`
      : `${PREFIX[kind]}-${createHash('sha256').update(JSON.stringify([checked, get('company'), get('contact'), get('deal')])).digest('hex').slice(0, 16)}`;
    const dup = seen.get(id);
    if (dup !== undefined) { rejected.push({ row, reason: `the same record as row ${dup}${ext ? ` (id ${ext})` : ''}` }); continue; }
    seen.set(id, row);
    drafts.push({ row, id, fields: checked, ...(get('company') ? { company: get('company') } : {}), ...(get('contact') ? { contact: get('contact') } : {}), ...(get('deal') ? { deal: get('deal') } : {}) });
  }
  const mapped = Object.fromEntries(Object.entries(fields).map(([f, i]) => [f, header.fields[i]!]));
  return { kind, source, mapped, unmapped, drafts, rejected, rows: records.length - 1 };
}
