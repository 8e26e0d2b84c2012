import { z } from 'zod';
import { INPUT } from '../crm/schemas.js';
import { KINDS } from '../crm/model.js';

type Param = { name: string; in: 'query' | 'path'; required: boolean; description?: string; schema: Record<string, unknown> };
const path = (name: string, description?: string): Param => ({ name, in: 'path', required: true, ...(description ? { description } : {}), schema: { type: 'string' } });
const query = (name: string, s: Record<string, unknown>, description?: string): Param => ({ name, in: 'query', required: false, ...(description ? { description } : {}), schema: s });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const error = { description: 'error: {error: {status, reason, message, field?}}', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const kind = path('kind', KINDS.join(', '));
const bodies = { oneOf: KINDS.map((k) => z.toJSONSchema(INPUT[k], { io: 'input', unrepresentable: 'any' })) };

/** `/api/v1/crm/…` in the OpenAPI document (agent-mary-kay's records; bodies from the schemas that check them). */
export function crmPaths(): Record<string, unknown> {
  return {
    '/api/v1/crm/{kind}': {
      get: { summary: 'CRM records of a kind, newest first', parameters: [kind, query('company_id', { type: 'string' }), query('contact_id', { type: 'string' }), query('deal_id', { type: 'string' }), query('limit', { type: 'integer', minimum: 1, maximum: 50_000, default: 1000 })], responses: { 200: ok('{<kind>: [...]}'), 400: error, 404: error } },
      post: { summary: 'Create a record (links must exist; unknown fields refused)', parameters: [kind], requestBody: { content: { 'application/json': { schema: bodies } } }, responses: { 201: ok('the record'), 400: error, 404: error, 409: error } },
    },
    '/api/v1/crm/{kind}/{id}': {
      get: { summary: 'One record', parameters: [kind, path('id')], responses: { 200: ok('the record'), 404: error } },
      patch: { summary: 'Edit a record: a JSON Merge Patch (RFC 7386), validated as a whole', parameters: [kind, path('id')], requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { 200: ok('the record'), 400: error, 404: error } },
      delete: { summary: 'Delete a record; a contact goes with its activities and reminders and is unlinked from its deals', parameters: [kind, path('id')], responses: { 200: ok('{deleted: {contact, activities, reminders, deals_unlinked}} for a contact'), 204: { description: 'deleted' }, 404: error } },
    },
    '/api/v1/crm/contacts/{id}/export': { get: { summary: 'Everything stored about one person (contact, company, activities, reminders, deals) as a JSON attachment', parameters: [path('id')], responses: { 200: ok('{contact, company?, activities, reminders, deals}'), 404: error } } },
    '/api/v1/crm/import': { post: {
      summary: 'Import a CRM CSV export (HubSpot, Pipedrive or plain headers; columns mapped by header name)',
      parameters: [query('kind', { enum: ['deals', 'contacts', 'companies', 'activities'] }, 'default: read from the header'), query('first_row', { type: 'integer', minimum: 2 }, 'the file line of the first data row (for chunks of a larger file)')],
      requestBody: { content: { 'text/csv': { schema: { type: 'string' } } } },
      responses: { 200: ok('{kind, source, rows, imported, created, updated, companies_created, contacts_created, mapped, unmapped, rejected: [{row, reason}]}'), 400: error },
    } },
  };
}
