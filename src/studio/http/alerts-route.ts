import type { Hono } from 'hono';
import { HomelabError } from '../../core/errors.js';
import type { AlertEngine } from '../alerts/engine.js';

async function jsonBody(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    throw new HomelabError(400, 'body must be JSON', '(body)', 'malformed_json');
  }
}

/**
 * `/api/v1/alerts`: rules and their alerts. GET lists (filter `state=firing|resolved`), POST
 * creates a rule (400 naming the bad field), DELETE removes one (404 when unknown);
 * `POST /api/v1/alerts/alertmanager` takes Alertmanager's webhook (version 4).
 */
export function alertsRoute(app: Hono, engine: AlertEngine): void {
  app.get('/api/v1/alerts', async (c) => {
    const state = c.req.query('state');
    if (state !== undefined && state !== 'firing' && state !== 'resolved') throw new HomelabError(400, 'state must be firing or resolved', 'state');
    return c.json({ rules: await engine.repo.rules(), alerts: await engine.repo.alerts(state ? { state } : {}) });
  });
  app.get('/api/v1/alerts/:id', async (c) => {
    const rule = await engine.repo.rule(c.req.param('id'));
    if (!rule) throw new HomelabError(404, `no alert rule ${c.req.param('id')}`, 'id', 'not_found');
    return c.json({ rule, alerts: await engine.repo.alerts({ ruleId: rule.id }) });
  });
  app.post('/api/v1/alerts/alertmanager', async (c) => {
    const body = (await jsonBody(c)) as Parameters<AlertEngine['fromAlertmanager']>[0];
    if (!Array.isArray(body?.alerts)) throw new HomelabError(400, 'an Alertmanager webhook body has an "alerts" array', 'alerts');
    return c.json({ recorded: await engine.fromAlertmanager(body) });
  });
  app.post('/api/v1/alerts', async (c) => c.json(await engine.create(await jsonBody(c)), 201));
  app.delete('/api/v1/alerts/:id', async (c) => {
    if (!(await engine.repo.deleteRule(c.req.param('id')))) throw new HomelabError(404, `no alert rule ${c.req.param('id')}`, 'id', 'not_found');
    return c.body(null, 204);
  });
}
