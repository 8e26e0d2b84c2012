import type { Hono } from 'hono';
import { z } from 'zod';
import { HomelabError } from '../../core/errors.js';
import { parseWith } from '../../core/schemas.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { EntityType } from '../graph/graph-repository.js';
import { filterAndRange, parseLimit } from './params.js';

const TYPES: EntityType[] = ['node', 'sensor', 'location', 'anomaly', 'incident', 'root_cause', 'process'];
const Annotation = z.object({ root_cause: z.string().trim().min(1).max(200), resolution: z.string().trim().max(1000).optional(), author: z.string().trim().max(100).optional() });

/**
 * `/api/v1/graph`: entities (filter by `type`, name `q`), an entity with its neighbourhood,
 * incidents (with their anomalies, root cause and similar past incidents), and annotations.
 */
export function graphRoute(app: Hono, graph: KnowledgeGraph): void {
  app.get('/api/v1/graph/entities', async (c) => {
    const type = c.req.query('type');
    if (type && !TYPES.includes(type as EntityType)) throw new HomelabError(400, `type must be one of ${TYPES.join(', ')}`, 'type');
    const q = c.req.query('q');
    return c.json({ entities: await graph.repo.entities({ ...(type ? { type: type as EntityType } : {}), ...(q ? { q } : {}), limit: parseLimit(c.req.query('limit'), 200, 1000) }) });
  });
  app.get('/api/v1/graph/entities/:id', async (c) => {
    const depth = Number(c.req.query('depth') ?? 1);
    const n = await graph.neighbourhood(c.req.param('id'), depth === 2 ? 2 : 1);
    if (!n.entity) throw new HomelabError(404, `no entity ${c.req.param('id')}; ids look like node:pi-node-1, incident:warehouse-b-…`, 'id', 'not_found');
    return c.json(n);
  });
  app.get('/api/v1/graph/incidents', async (c) => {
    const f = filterAndRange({ range: '30d', ...c.req.query() });
    const location = c.req.query('location');
    const incidents = (await graph.repo.entities({ type: 'incident', from: f.from, to: f.to, limit: 500 })).filter((i) => !location || i.props.place === location);
    return c.json({ incidents });
  });
  app.get('/api/v1/graph/incidents/:id', async (c) => {
    const id = c.req.param('id').startsWith('incident:') ? c.req.param('id') : `incident:${c.req.param('id')}`;
    const incident = await graph.repo.entity(id);
    if (!incident) throw new HomelabError(404, `no incident ${id}`, 'id', 'not_found');
    const rel = await graph.repo.relations(id);
    return c.json({
      incident,
      anomalies: await Promise.all(rel.filter((r) => r.type === 'part_of').map((r) => graph.repo.entity(r.from))),
      root_cause: await Promise.all(rel.filter((r) => r.type === 'caused_by').map(async (r) => ({ ...(await graph.repo.entity(r.to)), ...r.props }))),
      similar: await graph.similarIncidents(id),
    });
  });
  app.post('/api/v1/graph/incidents/:id/annotations', async (c) => {
    const id = c.req.param('id').startsWith('incident:') ? c.req.param('id') : `incident:${c.req.param('id')}`;
    let body: unknown;
    try { body = JSON.parse(await c.req.text()); } catch { throw new HomelabError(400, 'body must be JSON: {"root_cause", "resolution"?, "author"?}', '(body)'); }
    const note = parseWith(Annotation, body);
    if (!(await graph.repo.entity(id))) throw new HomelabError(404, `no incident ${id}`, 'id', 'not_found');
    return c.json({ root_cause: await graph.annotate(id, { root_cause: note.root_cause, ...(note.resolution ? { resolution: note.resolution } : {}), ...(note.author ? { author: note.author } : {}) }) }, 201);
  });
}
