import type { Hono } from 'hono';
import { HomelabError } from '../../core/errors.js';
import type { AlertStateName } from '../alerts/alert.js';
import type { AlertEngine } from '../alerts/engine.js';

const STATES: readonly string[] = ['pending', 'firing', 'resolved'] satisfies AlertStateName[];

async function jsonBody(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    throw new HomelabError(400, 'body must be JSON', '(body)', 'malformed_json');
  }
}

const notFound = (id: string) => new HomelabError(404, `no alert rule ${id}`, 'id', 'not_found');

/**
 * `/api/v1/alerts`: rules and their alerts. GET lists (filter `state=pending|firing|resolved`),
 * POST creates a rule (400 naming the bad field), GET/DELETE `/:id` one rule (404 when unknown);
 * `POST /api/v1/alerts/alertmanager` takes Alertmanager's webhook (version 4).
 * @example
 * alertsRoute(app, alerts); // beside the other /api/v1 routes
 */
export function alertsRoute(app: Hono, engine: AlertEngine): void {
  app.get('/api/v1/alerts', async (c) => {
    const state = c.req.query('state');
    if (state !== undefined && !STATES.includes(state)) throw new HomelabError(400, `state must be one of ${STATES.join(', ')}`, 'state');
    return c.json({ rules: await engine.rules(), alerts: await engine.alerts(state ? { state: state as AlertStateName } : {}) });
  });
  app.get('/api/v1/alerts/:id', async (c) => {
    const rule = await engine.rule(c.req.param('id'));
    if (!rule) throw notFound(c.req.param('id'));
    return c.json({ rule, alerts: await engine.alerts({ ruleId: rule.id }) });
  });
  app.post('/api/v1/alerts/alertmanager', async (c) => c.json({ recorded: await engine.fromAlertmanager(await jsonBody(c)) }));
  app.post('/api/v1/alerts', async (c) => c.json(await engine.create(await jsonBody(c)), 201));
  app.delete('/api/v1/alerts/:id', async (c) => {
    if (!(await engine.deleteRule(c.req.param('id')))) throw notFound(c.req.param('id'));
    return c.body(null, 204);
  });
}
