import { z } from 'zod';
import { AggregateSchema, AnomalySchema, ExplanationSchema, HealthSchema, ModelStateSchema, ReadingSchema } from '../../core/schemas.js';
import { TrainBody } from './models-route.js';
import { SEVERITIES } from '../../core/severity.js';
import { AlertRuleInput } from '../alerts/rule.js';
import { CheckInInput, GoalInput } from '../goals/goal.js';
import { ENTITY_TYPES } from '../graph/graph-repository.js';
import { READINGS_PARQUET_SCHEMA } from './export-parquet.js';
import { EXPORT_FORMATS } from './export-route.js';
import { crmPaths } from './openapi-crm.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const error = { description: 'error: {error: {status, reason, message, field?}}', ...json('Error') };

type Param = { name: string; in: 'query' | 'path'; required: boolean; description?: string; schema: Record<string, unknown> };
const path = (name: string, description?: string): Param => ({ name, in: 'path', required: true, ...(description ? { description } : {}), schema: { type: 'string' } });
const query = (name: string, s: Record<string, unknown>, description?: string): Param => ({ name, in: 'query', required: false, ...(description ? { description } : {}), schema: s });
const str = { type: 'string' };
const where = (['node', 'sensor', 'kind', 'location'] as const).map((n) => query(n, str, `only series with this ${n}`));
const range = (fallback: string): Param[] => [
  query('from', str, 'start, inclusive: RFC 3339 or epoch ms'),
  query('to', str, 'end, exclusive: RFC 3339 or epoch ms (default now)'),
  query('range', { type: 'string', pattern: '^\\d+(ms|s|m|h|d|w)$' }, `window before \`to\` when \`from\` is absent (default ${fallback})`),
];
const limit = (fallback: number, max: number) => query('limit', { type: 'integer', minimum: 1, maximum: max, default: fallback }, `at most this many (larger values are capped at ${max})`);

// The body both annotation routes take (graph-route.ts validates it with its AnnotationBody schema).
const annotation = (withAnomalyId: boolean) => ({
  type: 'object', additionalProperties: false, anyOf: [{ required: ['root_cause'] }, { required: ['resolution'] }],
  description: 'give a root_cause, a resolution, or both',
  properties: {
    root_cause: { type: 'string', minLength: 1, maxLength: 200 },
    resolution: { type: 'string', minLength: 1, maxLength: 1000 },
    author: { type: 'string', minLength: 1, maxLength: 100 },
    ...(withAnomalyId ? { anomaly_id: { type: 'string', minLength: 1, maxLength: 600, description: 'the anomaly that the incident is known by, when that is easier to name' } } : {}),
  },
});

// Media types without parameters (`text/csv; charset=utf-8` is `text/csv` as a content key).
const exportContent = Object.fromEntries(Object.values(EXPORT_FORMATS).map((t) => [t.split(';')[0]!, { schema: {} }]));
const parquetColumns = READINGS_PARQUET_SCHEMA.slice(1).map((e) => `${e.name} ${e.logical_type?.type === 'TIMESTAMP' ? 'timestamp(ms, UTC)' : e.converted_type === 'UTF8' ? 'string' : e.type!.toLowerCase()}${e.repetition_type === 'OPTIONAL' ? '?' : ''}`).join(', ');

/**
 * The OpenAPI 3.1 document of agent-bruno's API, with request bodies generated from the same
 * zod schemas that validate them (served at `GET /api/v1/openapi.json`). openapi.test.ts fails
 * when a route the app registers is missing here, or a documented one is not registered.
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
        Explanation: schema(ExplanationSchema), AlertRule: schema(AlertRuleInput), Goal: schema(GoalInput), CheckIn: schema(CheckInInput),
        ModelState: schema(ModelStateSchema), TrainModel: schema(TrainBody),
        Query: { type: 'object', required: ['query'], properties: { query: { type: 'string', maxLength: 2000 }, conversation_id: { type: 'string', maxLength: 128 } } },
        Answer: { type: 'object', required: ['query', 'response', 'intent', 'data', 'cold_start', 'latency_ms'], properties: { agent: { type: 'string', description: 'on /agents/{name}/query' }, query: { type: 'string' }, response: { type: 'string' }, intent: { type: 'string' }, data: { type: 'object' }, cold_start: { type: 'boolean' }, latency_ms: { type: 'number' } } },
        IncidentAnnotation: annotation(true),
        AnomalyAnnotation: annotation(false),
        Error: { type: 'object', properties: { error: { type: 'object', properties: { status: { type: 'integer' }, reason: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } } },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/events': { post: { summary: 'CloudEvents 1.0: structured, binary or batch; data per type as the schemas Reading(s), Health, Anomaly, Aggregate, Explanation, ModelState (io.homelab.edge.model)', requestBody: { content: { 'application/cloudevents+json': { schema: { type: 'object' } }, 'application/cloudevents-batch+json': { schema: { type: 'array' } } } }, responses: { 200: ok('all taken (duplicates included)'), 202: ok('stored'), 207: ok('some rejected, each with its reason'), 400: error, 413: error, 415: error } } },
      '/query': { post: { summary: 'Ask in plain language', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Query' } }, 'text/plain': { schema: { type: 'string' } } } }, responses: { 200: { description: 'the answer; with Accept: text/event-stream, server-sent events: `step` per model tool call, then `answer`', content: { ...json('Answer').content, 'text/event-stream': { schema: { type: 'string' } } } }, 400: error } } },
      '/agents/{name}/query': { post: { summary: 'Ask one agent by name: the /query body and answer, plus `agent`', parameters: [path('name', 'agent-bruno, agent-auditor, agent-jamie, aigoat, agent-mary-kay (GET /api/v1/agents lists those served)')], requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Query' } }, 'text/plain': { schema: { type: 'string' } } } }, responses: { 200: json('Answer'), 400: error, 403: error, 404: error } } },
      '/api/v1/agents': { get: { summary: 'The agents this process serves: name, purpose, capabilities (name, description, scope), subscriptions (CloudEvent types), acts_on', responses: { 200: ok('{agents: [...]}') } } },
      '/api/v1/agents/{name}/actions': { get: { summary: 'An agent\'s audit log, newest first (agent-jamie: plans, refusals, approvals, executions; agent-auditor: reports)', parameters: [path('name'), limit(50, 200)], responses: { 200: ok('{agent, actions: [{id, agent, state, created_at, updated_at, detail}]}'), 400: error, 404: error } } },
      '/api/v1/agents/{name}/actions/{id}/approve': { post: { summary: 'Approve and execute a planned action (the agent requires the admin scope and records a refusal)', parameters: [path('name'), path('id')], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { by: { type: 'string', maxLength: 100 } } } } } }, responses: { 200: ok('{agent, response, data: {id, state, dry_run, results}}'), 403: error, 404: error, 409: error } } },
      '/webhooks/alertmanager': { post: { summary: 'Alertmanager webhook (v4): one io.homelab.alertmanager.alert CloudEvent per notification (deduplicated), recorded as alerts too', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { 200: ok('duplicate'), 202: ok('accepted'), 400: error, 413: error, 503: error } } },
      '/webhooks/github': { post: { summary: 'GitHub webhook, verified with X-Hub-Signature-256 (GITHUB_WEBHOOK_SECRET): io.homelab.github.<X-GitHub-Event>, id X-GitHub-Delivery', security: [], requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { 200: ok('duplicate or pong'), 202: ok('accepted'), 400: error, 401: error, 413: error, 503: error } } },
      '/webhooks/slack': { post: { summary: 'Slack Events API, verified with the signing secret and timestamp (SLACK_SIGNING_SECRET): url_verification answered; io.homelab.slack.<event.type>, id event_id', security: [], requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { 200: ok('challenge or duplicate'), 202: ok('accepted'), 400: error, 401: error, 413: error, 503: error } } },
      '/api/v1/readings': { get: { summary: 'Raw readings, or downsampled with step', parameters: [...where, ...range('1h'), query('step', str, 'bucket width (e.g. 5m): downsampled points instead of raw readings'), limit(10_000, 100_000)], responses: { 200: ok('readings or points'), 400: error } } },
      '/api/v1/anomalies': { get: { summary: 'Anomalies, newest first', parameters: [...where, ...range('24h'), query('severity', { enum: [...SEVERITIES] }, 'minimum severity (leaves out studio_found)'), query('studio', { type: 'boolean' }, 'false: only what the nodes flagged, without studio_found (spikes the studio finds in its rollups)'), limit(1000, 10_000)], responses: { 200: ok('anomalies'), 400: error } } },
      '/api/v1/nodes': { get: { summary: 'Nodes with health status and problems, and each node\'s model: {id, version, state: sending|shadow|active|rolled_back|failed, reason, since} or null', responses: { 200: ok('nodes') } } },
      '/api/v1/models': {
        get: { summary: 'Trained models, newest first (summaries: id, name, version, model_type, target, trained_on, checksum, metrics, series with their windows and held-back metrics)', parameters: [query('name', str, 'only versions of this name'), limit(100, 1000)], responses: { 200: ok('{count, models}'), 400: error } },
        post: { summary: 'Train from the stored 5-minute rollups (TrainModel), or keep an artifact trained elsewhere ({artifact}, checksums verified)', requestBody: json('TrainModel'), responses: { 201: ok('the model summary'), 400: error, 409: error, 422: error, 501: error } },
      },
      '/api/v1/models/{id}': { get: { summary: 'One model; full=1 includes each series\' detector baseline state and forecast', parameters: [path('id'), query('full', { enum: ['1'] })], responses: { 200: ok('the model'), 404: error } } },
      '/api/v1/models/{id}/deploy': { post: { summary: 'Send each node its part of the model over the command channel: shadow, then cut over, rolled back by the node when it alarms too much', parameters: [path('id')], requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['nodes'], properties: { nodes: { type: 'array', items: str, minItems: 1, maxItems: 100 } } } } } }, responses: { 202: ok('{model_id, deployments: [{node, model_id, version, state, reason, updated_at, command_id}]}'), 400: error, 404: error, 501: error } } },
      '/api/v1/nodes/{node}/health': { get: { summary: 'Health history', parameters: [path('node'), ...range('1h')], responses: { 200: ok('history'), 400: error } } },
      '/api/v1/export': { get: {
        summary: 'Raw readings as CSV, NDJSON or Parquet, streamed',
        description: `The format is \`format\` when given, else the media type in Accept (highest q) among ${Object.values(EXPORT_FORMATS).map((t) => t.split(';')[0]).join(', ')}, else CSV. Rows in time order, read from the store a page at a time. Parquet: one row group per 65 536 rows, snappy, columns ${parquetColumns}; an empty range is a valid file with no row groups. A failure part way breaks the download (no clean end).`,
        parameters: [...where, ...range('24h'), query('format', { enum: Object.keys(EXPORT_FORMATS) }), query('source', { enum: ['auto', 'raw', 'rollups', 'node'], default: 'auto' }, 'auto: raw readings, or the 5-minute rollups (count, mean, min, max) when the studio holds the window only as aggregates; raw; rollups; node: the node\'s own raw store (needs node). X-Homelab-Export-Source says which (studio-raw, studio-rollups, node-raw-store, none), X-Homelab-Export-Note why')],
        responses: { 200: { description: 'the file (attachment readings.<format>, or rollups.<format>)', content: exportContent }, 400: error, 409: error, 502: error, 504: error },
      } },
      '/api/v1/edge/{node}/readings': { get: {
        summary: 'Drill-down: raw readings (or a step downsampling) from the node\'s own local store, asked over its command channel (read scope)',
        description: 'source "node" in the answer. At most 10 000 readings (or points per series) per answer: a larger limit is a 400 (too_many_rows); truncated + nextFrom page on. 504 (node_timeout) with the reason when the node does not answer within timeout; with wait_for_node the query stays queued that long and the answer is 202 with the command (Location: its URL). A node failure answers 400 (bad_params), 413 (result_too_large), 501 (unknown_type: an older collector) or 502.',
        parameters: [path('node'), query('sensor', str, 'only this sensor'), query('kind', str, 'only this kind'), ...range('1h'), query('step', str, 'bucket width (e.g. 1m): count, mean, min, max per series per bucket'),
          query('limit', { type: 'integer', minimum: 1, maximum: 10_000, default: 10_000 }, 'at most this many raw readings (over 10 000: 400)'),
          query('timeout', { type: 'string', pattern: '^\\d+(ms|s|m|h|d|w)$' }, 'how long to wait for the node (default 10s, 100ms to 60s)'),
          query('wait_for_node', { type: 'string', pattern: '^\\d+(ms|s|m|h|d|w)$' }, 'when the node has not answered within timeout, keep the query queued this long (at most COMMAND_MAX_TTL) and answer 202')],
        responses: { 200: ok('{node, from, to, count, truncated, nextFrom?, readings | stepMs + points, source: "node", command}'), 202: ok('{status: "queued", message, command, result: URL}'), 400: error, 404: error, 413: error, 429: error, 501: error, 502: error, 504: error },
      } },
      '/api/v1/edge/{node}/commands': {
        get: { summary: 'The node\'s commands, newest first, and its command channel (polling now, lastPollAt)', parameters: [path('node'), limit(100, 1000)], responses: { 200: ok('{node, channel, commands}') } },
        post: { summary: 'Queue a command for the node (admin scope): 202 with the command; 429 queue_full, 413 command_too_large, 400 bad_command', parameters: [path('node')],
          requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['type'], properties: { type: { type: 'string', pattern: '^[a-z][a-z0-9_.-]{0,63}$' }, params: {}, ttl: { type: 'string', pattern: '^\\d+(ms|s|m|h|d|w)$', description: 'how long it may wait for the node (default 60s, at most COMMAND_MAX_TTL)' } } } } } },
          responses: { 202: ok('{command}'), 400: error, 413: error, 429: error } },
      },
      '/api/v1/edge/{node}/commands/{id}': { get: { summary: 'One command: state queued, delivered, done (result), failed or expired (error: reason, message)', parameters: [path('node'), path('id'), query('wait', { type: 'string', pattern: '^\\d+(ms|s|m|h|d|w)$' }, 'wait up to this long (at most 60s) for its outcome')], responses: { 200: ok('{command}'), 404: error } } },
      '/api/v1/edge/{node}/commands/next': { get: { summary: 'The node\'s long-poll (ingest scope): due commands, delivered to it', parameters: [path('node'), query('wait', { type: 'string', pattern: '^\\d+(ms|s|m|h|d|w)$' }, 'wait up to this long for a command (default 25s, at most 60s)'), query('holding', str, 'comma-separated ids the node still works on (never handed out again; others delivered earlier are)')], responses: { 200: ok('{commands: [{id, node, type, params, createdAt, deadline, maxResultBytes, attempt}]}'), 401: error } } },
      '/api/v1/edge/{node}/commands/{id}/result': { post: { summary: 'The node\'s outcome of a command (ingest scope); the first one is kept', parameters: [path('node'), path('id')],
        requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' }, result: {}, error: { type: 'object', properties: { reason: { type: 'string' }, message: { type: 'string' } } } } } } } },
        responses: { 200: ok('{id, status: stored | duplicate}'), 400: error, 404: error, 409: error, 410: error, 413: error } } },
      '/api/v1/edge/{node}/models/{id}/artifact': { get: { summary: 'The node\'s part of a model (ingest scope), fetched when it was too large for a model.deploy command (artifact_ref: checked against its sha256 and length)', parameters: [path('node'), path('id')], responses: { 200: ok('the part: the model with this node\'s series only'), 401: error, 404: error } } },
      '/api/v1/openapi.json': { get: { summary: 'This document', responses: { 200: ok('OpenAPI 3.1') } } },
      '/api/v1/alerts': {
        get: { summary: 'Rules and alerts', parameters: [query('state', { enum: ['pending', 'firing', 'resolved'] })], responses: { 200: ok('rules and alerts'), 400: error } },
        post: { summary: 'Create a rule', requestBody: json('AlertRule'), responses: { 201: ok('the rule'), 400: error } },
      },
      '/api/v1/alerts/{id}': {
        get: { summary: 'A rule and its alerts', parameters: [path('id')], responses: { 200: ok('rule'), 404: error } },
        patch: { summary: 'Edit a rule: a JSON Merge Patch (RFC 7386) of its spec, validated as a whole', parameters: [path('id')], requestBody: { content: { 'application/json': { schema: { type: 'object' } }, 'application/merge-patch+json': { schema: { type: 'object' } } } }, responses: { 200: ok('the rule'), 400: error, 404: error } },
        delete: { summary: 'Delete a rule', parameters: [path('id')], responses: { 204: { description: 'deleted' }, 404: error } },
      },
      '/api/v1/alerts/{id}/silence': {
        post: { summary: 'Hold back a rule\'s notifications (states are still tracked)', parameters: [path('id')], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { for: { type: 'string', pattern: '^\\d+(ms|s|m|h|d|w)$' }, until: { type: ['string', 'integer'], description: 'RFC 3339 or epoch ms, in the future' } } } } } }, responses: { 200: ok('the rule with silenced_until'), 400: error, 404: error } },
        delete: { summary: 'Lift a silence', parameters: [path('id')], responses: { 200: ok('the rule'), 404: error } },
      },
      '/api/v1/alerts/{id}/test': { post: { summary: 'Send a test notification to every channel of a rule', parameters: [path('id')], responses: { 200: ok('{results: [{channel, ok, status?, error?, attempts}]}'), 400: error, 404: error } } },
      '/api/v1/goals': {
        get: { summary: 'Every goal (aigoat) with its numeric attainment, status and progress (budget, trend, projection, costliest moments) computed from stored data for the request', parameters: [query('status', { enum: ['on_track', 'at_risk', 'breached', 'met', 'no_data'] })], responses: { 200: ok('{goals: [{id, title, kind, status, attainment, progress, …}]}'), 400: error } },
        post: { summary: 'Set a goal: measured (with `measure`) or tracked (key results, check-ins); an unknown node, place or kind is 400 naming it', requestBody: json('Goal'), responses: { 201: ok('the goal with its progress'), 400: error, 409: error } },
      },
      '/api/v1/goals/{id}': {
        get: { summary: 'One goal with its progress', parameters: [path('id')], responses: { 200: ok('the goal'), 404: error } },
        patch: { summary: 'Edit a goal: a JSON Merge Patch (RFC 7386) of title, owner, start, deadline, measure, key_results, checkin_every_days, channels', parameters: [path('id')], requestBody: { content: { 'application/json': { schema: { type: 'object' } }, 'application/merge-patch+json': { schema: { type: 'object' } } } }, responses: { 200: ok('the goal'), 400: error, 404: error } },
        delete: { summary: 'Delete a goal', parameters: [path('id')], responses: { 204: { description: 'deleted' }, 404: error } },
      },
      '/api/v1/goals/{id}/check-ins': { post: { summary: 'A progress update: a note, progress_pct, or a key result\'s value or done', parameters: [path('id')], requestBody: json('CheckIn'), responses: { 201: ok('the goal with its progress'), 400: error, 404: error } } },
      '/api/v1/alerts/test': { post: { summary: 'Send a test notification to one channel (before saving a rule)', requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['channel'], properties: { channel: { type: 'object' } } } } } }, responses: { 200: ok('{results: [{channel, ok, status?, error?, attempts}]}'), 400: error } } },
      '/api/v1/alerts/alertmanager': { post: { summary: 'Alertmanager webhook (version 4)', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { 200: ok('recorded'), 400: error } } },
      '/api/v1/graph/entities': { get: { summary: 'Knowledge-graph entities', parameters: [query('type', { enum: [...ENTITY_TYPES] }), query('q', str, 'name or id substring'), limit(200, 1000)], responses: { 200: ok('entities'), 400: error } } },
      '/api/v1/graph/entities/{id}': { get: { summary: 'Entity with neighbourhood', parameters: [path('id', 'type:key, e.g. node:pi-node-1'), query('depth', { type: 'integer', enum: [1, 2], default: 1 })], responses: { 200: ok('neighbourhood'), 400: error, 404: error } } },
      '/api/v1/graph/incidents': { get: {
        summary: 'Incidents (anomalies at one place within 15 minutes)',
        parameters: [...range('none: every incident before `to`'), query('location', str), query('status', { enum: ['open', 'closed'] }), limit(200, 1000)],
        responses: { 200: ok('incidents'), 400: error },
      } },
      '/api/v1/graph/incidents/{id}': { get: { summary: 'Incident with anomalies, root cause, similar past incidents', parameters: [path('id', 'with or without the incident: prefix')], responses: { 200: ok('incident'), 404: error } } },
      '/api/v1/graph/incidents/{id}/annotations': { post: { summary: 'Record root cause / resolution of an incident', parameters: [path('id')], requestBody: json('IncidentAnnotation'), responses: { 201: ok('root cause'), 400: error, 404: error } } },
      '/api/v1/graph/anomalies/{id}/annotations': { post: { summary: 'Record root cause / resolution through one of its anomalies (and so its incident)', parameters: [path('id', 'anomaly id, e.g. anomaly:…')], requestBody: json('AnomalyAnnotation'), responses: { 201: ok('root cause'), 400: error, 404: error } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition' } } } },
      '/metrics/sensors': { get: { summary: 'Sensor values for Prometheus: homelab_sensor_value, _last_seen_timestamp_seconds, _readings_total, _anomalies_total{severity}, _anomaly_score (5-minute max); at most 1000 series (most recently seen), homelab_sensor_series{state} counts the rest', responses: { 200: { description: 'text exposition' } } } },
      '/': { get: { summary: 'The web dashboard (open; its API calls need the read scope, edits the admin scope)', security: [], responses: { 200: { description: 'HTML page' } } } },
      '/ui/*': { get: { summary: 'The dashboard\'s files (ES modules, CSS, uPlot), gzip and ETag', security: [], responses: { 200: { description: 'a file' }, 304: { description: 'not modified' }, 404: error } } },
      '/api/v1/series': { get: {
        summary: 'Chart series downsampled on the server to `width` buckets, min/max/mean/count per bucket (a spike is never averaged away)',
        description: 'Columns per series: ts, mean, min, max, count. Buckets narrower than 5 minutes come from raw readings (and edge aggregates where only those exist; source "raw"), wider ones from rollups (source = rollup width in ms). More than 50 000 raw readings in range fall back to rollups.',
        parameters: [...where, ...range('24h'), query('width', { type: 'integer', minimum: 1, maximum: 4000, default: 800 }, 'buckets per series: the chart\'s width in pixels'), limit(200, 1000)],
        responses: { 200: ok('{from, to, width, step_ms, truncated, series: [{node, sensor, kind, unit, location, source, points}]}'), 400: error },
      } },
      '/api/v1/sensors': { get: { summary: 'Every series with its latest value', parameters: where, responses: { 200: ok('{count, sensors: [{node, sensor, kind, unit, location, firstSeen, lastTs, lastValue}]}') } } },
      '/api/v1/stream': { get: { summary: 'Server-sent events for dashboards: hello, readings (latest per series each second), anomalies, health, alert, rule, resync', responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 503: error } } },
      '/api/v1/session': {
        get: { summary: 'Whether tokens are needed and what this request may do', security: [], responses: { 200: ok('{auth: none|token, authenticated, scopes}') } },
        post: { summary: 'Log the dashboard in: keeps the token in an httpOnly, SameSite=Strict cookie the API accepts like the bearer token', security: [], requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } } } } }, responses: { 200: ok('{auth, authenticated, scopes}'), 400: error, 401: error } },
        delete: { summary: 'Log out (forget the cookie)', security: [], responses: { 204: { description: 'done' } } },
      },
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { 200: ok('ok') } } },
      '/readyz': { get: { summary: 'Readiness', security: [], responses: { 200: ok('ready'), 503: ok('starting') } } },
      ...crmPaths(),
    },
  };
}
