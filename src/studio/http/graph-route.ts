import type { Hono } from 'hono';
import { z } from 'zod';
import { HttpError } from './http-error.js';
import { parseWith } from '../../core/schemas.js';
import { parseTimestamp } from '../../core/time.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { ENTITY_TYPES, type EntityType } from '../graph/graph-repository.js';
import { parseDuration, parseLimit } from './params.js';

const AnnotationBody = z.object({
  root_cause: z.string().trim().min(1).max(200).optional(),
  resolution: z.string().trim().min(1).max(1000).optional(),
  author: z.string().trim().min(1).max(100).optional(),
  anomaly_id: z.string().trim().min(1).max(600).optional(),
}).strict().refine((b) => b.root_cause !== undefined || b.resolution !== undefined, { message: 'give a root_cause, a resolution, or both', path: ['root_cause'] });

const STATUSES = ['open', 'closed'] as const;

/**
 * `/api/v1/graph`: entities (by `type`, name/id substring `q`), one entity with its neighbourhood
 * (`depth` 1 or 2) and history, incidents (by `from`/`to` or `range`, `location`, `status`), one
 * incident with its anomalies, root cause and similar past incidents, and annotations (on an
 * incident, or on an anomaly and so its incident).
 * Ids are `type:key`; incident ids may be given without the `incident:` prefix.
 * @example
 * graphRoute(app, graph);
 * // POST /api/v1/graph/incidents/warehouse-b-1763648580000/annotations {"root_cause":"HVAC malfunction"}
 */
export function graphRoute(app: Hono, graph: KnowledgeGraph): void {
  app.get('/api/v1/graph/entities', async (c) => {
    const q = c.req.query();
    if (q.type && !ENTITY_TYPES.includes(q.type as EntityType)) throw new HttpError(400, `type must be one of ${ENTITY_TYPES.join(', ')}; got "${q.type}"`, 'type');
    const entities = await graph.entities({ ...(q.type ? { type: q.type as EntityType } : {}), ...(q.q ? { q: q.q } : {}), limit: parseLimit(q.limit, 200, 1000) });
    return c.json({ count: entities.length, entities });
  });

  app.get('/api/v1/graph/entities/:id', async (c) => {
    const id = c.req.param('id');
    const depthText = c.req.query('depth') ?? '1';
    if (depthText !== '1' && depthText !== '2') throw new HttpError(400, `depth must be 1 or 2; got "${depthText}"`, 'depth');
    const n = await graph.neighbourhood(id, Number(depthText));
    if (!n.entity) throw new HttpError(404, `no entity ${id}; ids look like node:pi-node-1, sensor:pi-node-1/dht22-temperature, incident:warehouse-b-…`, 'id', 'not_found');
    return c.json(n);
  });

  app.get('/api/v1/graph/incidents', async (c) => {
    const q = c.req.query();
    const now = Date.now();
    const to = q.to ? parseTimestamp(q.to, 'to') : now;
    // The graph is kept indefinitely; without from/range, answer every incident before `to`.
    const from = q.from ? parseTimestamp(q.from, 'from') : q.range ? to - parseDuration(q.range, 'range') : undefined;
    if (from !== undefined && from >= to) throw new HttpError(400, 'from must be before to', 'from');
    if (q.status && !STATUSES.includes(q.status as 'open')) throw new HttpError(400, `status must be open or closed; got "${q.status}"`, 'status');
    const incidents = await graph.incidents({
      to, ...(from !== undefined ? { from } : {}), ...(q.location ? { location: q.location } : {}),
      ...(q.status ? { status: q.status as 'open' | 'closed' } : {}), limit: parseLimit(q.limit, 200, 1000),
    });
    return c.json({ ...(from !== undefined ? { from } : {}), to, count: incidents.length, incidents });
  });

  app.get('/api/v1/graph/incidents/:id', async (c) => {
    const detail = await graph.incident(c.req.param('id'));
    if (!detail) throw new HttpError(404, `no incident ${c.req.param('id')}; list them at /api/v1/graph/incidents`, 'id', 'not_found');
    return c.json(detail);
  });

  app.post('/api/v1/graph/incidents/:id/annotations', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new HttpError(400, 'body must be JSON: {"root_cause"?, "resolution"?, "author"?, "anomaly_id"?}', '(body)');
    }
    const note = parseWith(AnnotationBody, body);
    return c.json(await graph.annotate({ ...note, incident_id: c.req.param('id') }), 201);
  });

  app.post('/api/v1/graph/anomalies/:id/annotations', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new HttpError(400, 'body must be JSON: {"root_cause"?, "resolution"?, "author"?}', '(body)');
    }
    const note = parseWith(AnnotationBody, body);
    if (note.anomaly_id) throw new HttpError(400, 'the anomaly is named in the path; leave anomaly_id out of the body', 'anomaly_id');
    return c.json(await graph.annotate({ ...note, anomaly_id: c.req.param('id') }), 201);
  });
}
