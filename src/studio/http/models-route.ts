import type { Hono } from 'hono';
import { z } from 'zod';
import { HttpError } from './http-error.js';
import { MODEL_TYPES, type ModelArtifact } from '../../core/model-artifact.js';
import { parseTimestamp } from '../../core/time.js';
import { ModelRefused, type ModelRegistry } from '../models/model-registry.js';
import { parseDuration, parseLimit } from './params.js';

const DAY = 86_400_000;
/** Longest training window (the seed keeps training datasets 90 days) and the default one. */
export const TRAIN_WINDOW = { maxMs: 90 * DAY, defaultMs: 14 * DAY } as const;

const name = z.string().trim().min(1).max(128);
const when = z.union([z.string().min(1).max(64), z.number()]);
export const TrainBody = z.object({
  model_type: z.enum(MODEL_TYPES).default('timeseries_forecast'),
  target: name,
  node: name.optional(),
  location: name.optional(),
  series: z.array(z.object({ node: name, sensor: name, kind: name })).max(10_000).optional(),
  from: when.optional(),
  to: when.optional(),
  range: z.string().max(16).optional(),
  holdout: z.number().gt(0).lt(0.5).optional(),
  gpus: z.number().int().min(0).max(64).optional(),
  cluster: z.string().max(128).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
}).strict();
const DeployBody = z.object({ nodes: z.array(z.string().regex(/^[A-Za-z0-9][-A-Za-z0-9_.]{0,127}$/, 'not a node name')).min(1).max(100) }).strict();

async function jsonBody(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    throw new HttpError(400, 'body must be JSON', '(body)', 'malformed_json');
  }
}

function parsed<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(body)';
  throw new HttpError(400, `${field}: ${issue.message}`, field);
}

/** What the API answers for a model: everything but the per-series state (`?full=1` adds it). */
export function modelSummary(a: ModelArtifact): Record<string, unknown> {
  return {
    id: a.id, name: a.name, version: a.version, model_type: a.model_type, target: a.target, created_at: a.created_at, trained_on: a.trained_on,
    checksum: a.checksum, params: a.params, metrics: a.metrics, ...(a.skipped ? { skipped: a.skipped } : {}),
    series: a.series.map((s) => ({ node: s.node, sensor: s.sensor, kind: s.kind, unit: s.unit, location: s.location, window: s.window, points: s.points, sample_interval_ms: s.sample_interval_ms, forecast: s.forecast !== undefined, metrics: s.metrics, checksum: s.checksum })),
  };
}

const STATUS: Record<ModelRefused['reason'], number> = { not_found: 404, conflict: 409, busy: 409, bad_checksum: 400, unsupported: 501, invalid: 400, too_large: 413 };

/** Domain refusals as HTTP answers (only this layer knows statuses). */
async function answering<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ModelRefused) throw new HttpError(STATUS[err.reason], err.message, undefined, err.reason, { cause: err });
    throw err;
  }
}

/**
 * `/api/v1/models`: POST trains from the studio's data (`{model_type, target, range|from/to, node,
 * location, series, holdout, gpus}`) or keeps an artifact trained elsewhere (`{artifact}`, checksums
 * verified); GET lists (newest first) or shows one (`?full=1`: with the per-series state);
 * POST `/{id}/deploy {"nodes": [...]}` sends each node its part over the command channel (a part too
 * large for a command goes as a reference the node fetches from `GET /api/v1/edge/{node}/models/{id}/artifact`).
 */
export function modelsRoute(app: Hono, models: ModelRegistry): void {
  app.post('/api/v1/models', async (c) => {
    const body = await jsonBody(c);
    if (body && typeof body === 'object' && 'artifact' in body) {
      const a = await answering(() => models.upload((body as { artifact: ModelArtifact }).artifact));
      return c.json(modelSummary(a), 201);
    }
    const b = parsed(TrainBody, body);
    const now = Date.now();
    const to = b.to !== undefined ? parseTimestamp(b.to, 'to') : now;
    const from = b.from !== undefined ? parseTimestamp(b.from, 'from') : to - (b.range ? parseDuration(b.range, 'range') : TRAIN_WINDOW.defaultMs);
    if (!(from < to)) throw new HttpError(400, 'from must be before to', 'from');
    if (to - from > TRAIN_WINDOW.maxMs) throw new HttpError(400, `a training window is at most 90 days; asked for ${((to - from) / DAY).toFixed(1)}`, 'range');
    const a = await answering(() => models.train({
      model_type: b.model_type, target: b.target, from, to,
      ...(b.node ? { node: b.node } : {}), ...(b.location ? { location: b.location } : {}), ...(b.series ? { series: b.series } : {}),
      ...(b.holdout !== undefined ? { holdout: b.holdout } : {}), ...(b.gpus !== undefined ? { gpus: b.gpus } : {}), ...(b.cluster ? { cluster: b.cluster } : {}),
    }));
    return c.json(modelSummary(a), 201);
  });

  app.get('/api/v1/models', async (c) => {
    const q = c.req.query();
    const list = await models.list(parseLimit(q.limit, 100, 1000), q.name);
    return c.json({ count: list.length, models: list.map(modelSummary) });
  });

  app.get('/api/v1/models/:id', async (c) => {
    const a = await answering(() => models.get(c.req.param('id')));
    return c.json(c.req.query('full') === '1' ? a : modelSummary(a));
  });

  // A node fetches its part here when it was too large for the command (ingest scope: the node's token).
  app.get('/api/v1/edge/:node/models/:id/artifact', async (c) => {
    const text = await answering(() => models.partText(c.req.param('id'), c.req.param('node')));
    return c.body(text, 200, { 'content-type': 'application/json' });
  });

  app.post('/api/v1/models/:id/deploy', async (c) => {
    const b = parsed(DeployBody, await jsonBody(c));
    const deployments = await answering(() => models.deploy(c.req.param('id'), [...new Set(b.nodes)]));
    return c.json({ model_id: c.req.param('id'), deployments }, 202);
  });
}
