import type { Hono } from 'hono';
import { HttpError } from './http-error.js';
import { GoalError } from '../goals/goal.js';
import type { GoalBook } from '../goals/goal-book.js';
import type { StudioMetrics } from '../metrics.js';

const STATUSES = ['on_track', 'at_risk', 'breached', 'met', 'no_data'];
const STATUS_OF = { invalid: 400, not_found: 404, conflict: 409, limit: 409 } as const;

async function jsonBody(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new GoalError(text.trim() ? 'body must be JSON' : 'body must be a JSON object', '(body)', 'invalid', { cause: err });
  }
}

/**
 * `/api/v1/goals` (aigoat's goals, any agent process serves them): GET lists every goal with its
 * `attainment`, `status` and progress computed from stored data for the request (`status=` filters),
 * POST creates (201), GET/PATCH (JSON merge patch)/DELETE `/:id`, POST `/:id/check-ins` records a
 * progress update. Reading needs the read scope, the rest admin. A GoalError is answered 400/404/409
 * naming the field, and counted.
 * @example
 * goalsRoute(app, book, metrics);
 */
export function goalsRoute(app: Hono, book: GoalBook, metrics?: StudioMetrics): void {
  const run = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      if (!(err instanceof GoalError)) throw err;
      metrics?.goalRejections.inc({ reason: err.code });
      throw new HttpError(STATUS_OF[err.code], err.message, err.field, err.code === 'limit' ? 'limit' : err.code, { cause: err });
    }
  };
  const notFound = (id: string) => run(() => Promise.reject(new GoalError(`no goal ${id}`, 'id', 'not_found')));
  app.get('/api/v1/goals', async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !STATUSES.includes(status)) return run(() => Promise.reject(new GoalError(`status must be one of ${STATUSES.join(', ')}`, 'status')));
    const goals = await book.list();
    return c.json({ goals: status ? goals.filter((g) => g.status === status) : goals });
  });
  app.post('/api/v1/goals', async (c) => c.json(await run(async () => book.create(await jsonBody(c))), 201));
  app.get('/api/v1/goals/:id', async (c) => {
    const g = await book.get(c.req.param('id'));
    return g ? c.json(g) : notFound(c.req.param('id'));
  });
  app.patch('/api/v1/goals/:id', async (c) => c.json(await run(async () => book.update(c.req.param('id'), await jsonBody(c)))));
  app.post('/api/v1/goals/:id/check-ins', async (c) => c.json(await run(async () => book.checkIn(c.req.param('id'), await jsonBody(c))), 201));
  app.delete('/api/v1/goals/:id', async (c) => ((await book.remove(c.req.param('id'))) ? c.body(null, 204) : notFound(c.req.param('id'))));
}
