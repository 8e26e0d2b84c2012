import { z } from 'zod';
import { AggregateSchema, AnomalySchema, ExplanationSchema, HealthSchema, ReadingSchema } from '../../core/schemas.js';
import { AlertRuleInput } from '../alerts/rule.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const error = { description: 'error: {error: {status, reason, message, field?}}', ...json('Error') };
const filters = ['node', 'sensor', 'kind', 'location', 'from', 'to', 'range'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));

/**
 * The OpenAPI 3.1 document of agent-bruno's API, with request bodies generated from the same
 * zod schemas that validate them (served at `GET /api/v1/openapi.json`).
 * @example
 * const doc = openApiDocument(); doc.paths['/query']
 */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'agent-bruno', version: '0.1.0', description: 'Edge events in, grounded answers out. Bearer tokens with scopes ingest, read, admin.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Reading: schema(ReadingSchema), Health: schema(HealthSchema), Anomaly: schema(AnomalySchema), Aggregate: schema(AggregateSchema),
        Explanation: schema(ExplanationSchema), AlertRule: schema(AlertRuleInput),
        Query: { type: 'object', required: ['query'], properties: { query: { type: 'string', maxLength: 2000 }, conversation_id: { type: 'string' } } },
        Answer: { type: 'object', required: ['query', 'response', 'intent', 'data', 'cold_start', 'latency_ms'], properties: { query: { type: 'string' }, response: { type: 'string' }, intent: { type: 'string' }, data: { type: 'object' }, cold_start: { type: 'boolean' }, latency_ms: { type: 'number' } } },
        Error: { type: 'object', properties: { error: { type: 'object', properties: { status: { type: 'integer' }, reason: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } } },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/events': { post: { summary: 'CloudEvents 1.0: structured, binary or batch; data per type as the schemas Reading(s), Health, Anomaly, Aggregate, Explanation', requestBody: { content: { 'application/cloudevents+json': { schema: { type: 'object' } }, 'application/cloudevents-batch+json': { schema: { type: 'array' } } } }, responses: { 200: ok('all taken (duplicates included)'), 202: ok('stored'), 207: ok('some rejected, each with its reason'), 400: error, 413: error, 415: error } } },
      '/query': { post: { summary: 'Ask in plain language', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Query' } }, 'text/plain': { schema: { type: 'string' } } } }, responses: { 200: { description: 'the answer (or text/event-stream with Accept: text/event-stream)', ...json('Answer') }, 400: error } } },
      '/api/v1/readings': { get: { summary: 'Raw readings, or downsampled with step', parameters: [...filters, { name: 'step', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { 200: ok('readings or points'), 400: error } } },
      '/api/v1/anomalies': { get: { summary: 'Anomalies, newest first', parameters: [...filters, { name: 'severity', in: 'query', schema: { enum: ['normal', 'warning', 'critical'] } }], responses: { 200: ok('anomalies'), 400: error } } },
      '/api/v1/nodes': { get: { summary: 'Nodes with health status and problems', responses: { 200: ok('nodes') } } },
      '/api/v1/nodes/{node}/health': { get: { summary: 'Health history', parameters: [{ name: 'node', in: 'path', required: true, schema: { type: 'string' } }, ...filters], responses: { 200: ok('history') } } },
      '/api/v1/export': { get: { summary: 'Raw readings as CSV or NDJSON, streamed', parameters: [...filters, { name: 'format', in: 'query', schema: { enum: ['csv', 'ndjson'] } }], responses: { 200: { description: 'the file', content: { 'text/csv': {}, 'application/x-ndjson': {} } }, 400: error } } },
      '/api/v1/alerts': { get: { summary: 'Rules and alerts', responses: { 200: ok('rules and alerts') } }, post: { summary: 'Create a rule', requestBody: json('AlertRule'), responses: { 201: ok('the rule'), 400: error } } },
      '/api/v1/alerts/{id}': { get: { summary: 'A rule and its alerts', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: ok('rule'), 404: error } }, delete: { summary: 'Delete a rule', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 204: { description: 'deleted' }, 404: error } } },
      '/api/v1/alerts/alertmanager': { post: { summary: 'Alertmanager webhook (version 4)', responses: { 200: ok('recorded'), 400: error } } },
      '/api/v1/graph/entities': { get: { summary: 'Knowledge-graph entities', parameters: [{ name: 'type', in: 'query', schema: { type: 'string' } }, { name: 'q', in: 'query', schema: { type: 'string' } }], responses: { 200: ok('entities'), 400: error } } },
      '/api/v1/graph/entities/{id}': { get: { summary: 'Entity with neighbourhood', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, { name: 'depth', in: 'query', schema: { type: 'integer', enum: [1, 2] } }], responses: { 200: ok('neighbourhood'), 404: error } } },
      '/api/v1/graph/incidents': { get: { summary: 'Incidents', parameters: filters, responses: { 200: ok('incidents') } } },
      '/api/v1/graph/incidents/{id}': { get: { summary: 'Incident with anomalies, root cause, similar past incidents', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: ok('incident'), 404: error } } },
      '/api/v1/graph/incidents/{id}/annotations': { post: { summary: 'Record root cause / resolution', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 201: ok('root cause'), 400: error, 404: error } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition' } } } },
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { 200: ok('ok') } } },
      '/readyz': { get: { summary: 'Readiness', security: [], responses: { 200: ok('ready'), 503: ok('starting') } } },
    },
  };
}
