import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApiDocument } from './openapi.js';

test('the OpenAPI document carries the validating schemas and every public route', () => {
  const doc = openApiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> } };
  for (const p of ['/events', '/query', '/api/v1/readings', '/api/v1/anomalies', '/api/v1/nodes', '/api/v1/alerts', '/api/v1/export', '/api/v1/graph/incidents', '/metrics', '/healthz', '/readyz']) assert.ok(doc.paths[p], p);
  const reading = doc.components.schemas.Reading!;
  for (const f of ['node', 'sensor', 'kind', 'value', 'ts']) assert.ok(reading.required?.includes(f), `Reading.${f} required`);
  assert.ok(doc.components.schemas.AlertRule?.properties?.condition);
  assert.ok(doc.components.schemas.Health?.properties?.cpu_pct);
});
