import type { Hono } from 'hono';
import { Counter, type Registry } from 'prom-client';
import { HttpError } from './http-error.js';
import type { Crm } from '../crm/crm.js';
import { KINDS, type Kind } from '../crm/model.js';
import { MAX_LIST } from '../crm/crm-repository.js';
import type { ImportKind } from '../crm/columns.js';

const IMPORT_KINDS: readonly string[] = ['deals', 'contacts', 'companies', 'activities'] satisfies ImportKind[];
const SINGULAR: Record<Kind, string> = { companies: 'company', contacts: 'contact', deals: 'deal', activities: 'activity', reminders: 'reminder' };

async function jsonBody(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    throw new HttpError(400, 'body must be JSON', '(body)', 'malformed_json');
  }
}

const kindOf = (k: string): Kind => {
  if (!(KINDS as readonly string[]).includes(k)) throw new HttpError(404, `no CRM collection "${k}"; collections: ${KINDS.join(', ')}`, 'kind', 'not_found');
  return k as Kind;
};

/**
 * `/api/v1/crm`: agent-mary-kay's records. `GET /:kind` lists (`company_id`, `contact_id`,
 * `deal_id`, `limit` ≤ 50000), `POST /:kind` creates (400 naming the field, 409 for a taken id),
 * `GET|PATCH|DELETE /:kind/:id` (merge patch; deleting a contact removes its activities and
 * reminders), `GET /contacts/:id/export` (everything about one person), `POST /import` (a CRM's
 * CSV export; `kind`, `first_row`). Reading needs the read scope, changing admin (as every route).
 * @example
 * crmRoute(app, crm, metrics.registry);
 */
export function crmRoute(app: Hono, crm: Crm, registry: Registry): void {
  const rows = new Counter({ name: 'homelab_crm_import_rows_total', help: 'CSV rows imported into the CRM, by outcome', labelNames: ['outcome'] as const, registers: [registry] });
  app.post('/api/v1/crm/import', async (c) => {
    const kind = c.req.query('kind');
    if (kind !== undefined && !IMPORT_KINDS.includes(kind)) throw new HttpError(400, `kind must be one of ${IMPORT_KINDS.join(', ')}`, 'kind');
    const firstText = c.req.query('first_row');
    const firstRow = firstText === undefined ? undefined : Number(firstText);
    if (firstRow !== undefined && (!Number.isInteger(firstRow) || firstRow < 2)) throw new HttpError(400, 'first_row must be a whole number ≥ 2 (the line of the first data row)', 'first_row');
    const report = await crm.importCsv(await c.req.text(), { ...(kind ? { kind: kind as ImportKind } : {}), ...(firstRow ? { firstRow } : {}) });
    rows.inc({ outcome: 'imported' }, report.imported);
    rows.inc({ outcome: 'rejected' }, report.rejected_total);
    return c.json(report);
  });
  app.get('/api/v1/crm/contacts/:id/export', async (c) => {
    const out = await crm.exportContact(c.req.param('id'));
    if (!out) throw new HttpError(404, `no contact ${c.req.param('id')}`, 'id', 'not_found');
    c.header('content-disposition', `attachment; filename="contact-${c.req.param('id').replace(/[^A-Za-z0-9_.-]/g, '_')}.json"`);
    return c.json(out);
  });
  app.get('/api/v1/crm/:kind', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 1000 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST) throw new HttpError(400, `limit must be a whole number 1–${MAX_LIST}`, 'limit');
    const links = Object.fromEntries(['company_id', 'contact_id', 'deal_id'].flatMap((k) => (c.req.query(k) ? [[k, c.req.query(k)!]] : [])));
    return c.json({ [kind]: await crm.list(kind, links, limit) });
  });
  app.post('/api/v1/crm/:kind', async (c) => c.json(await crm.create(kindOf(c.req.param('kind')), await jsonBody(c)), 201));
  app.get('/api/v1/crm/:kind/:id', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const r = await crm.get(kind, c.req.param('id'));
    if (!r) throw new HttpError(404, `no ${SINGULAR[kind]} ${c.req.param('id')}`, 'id', 'not_found');
    return c.json(r);
  });
  app.patch('/api/v1/crm/:kind/:id', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const r = await crm.patch(kind, c.req.param('id'), await jsonBody(c));
    if (!r) throw new HttpError(404, `no ${SINGULAR[kind]} ${c.req.param('id')}`, 'id', 'not_found');
    return c.json(r);
  });
  app.delete('/api/v1/crm/:kind/:id', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const r = await crm.delete(kind, c.req.param('id'));
    if (r === false) throw new HttpError(404, `no ${SINGULAR[kind]} ${c.req.param('id')}`, 'id', 'not_found');
    return r === true ? c.body(null, 204) : c.json({ deleted: r });
  });
}
