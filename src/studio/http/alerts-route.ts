import type { Hono } from 'hono';
import { HttpError } from './http-error.js';
import type { AlertStateName } from '../alerts/alert.js';
import type { AlertEngine } from '../alerts/engine.js';
import { parseTimestamp } from '../../core/time.js';
import { parseDuration } from './params.js';

const STATES: readonly string[] = ['pending', 'firing', 'resolved'] satisfies AlertStateName[];

async function jsonBody(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    throw new HttpError(400, 'body must be JSON', '(body)', 'malformed_json');
  }
}

const notFound = (id: string) => new HttpError(404, `no alert rule ${id}`, 'id', 'not_found');

/**
 * `/api/v1/alerts`: rules and their alerts. GET lists (filter `state=pending|firing|resolved`),
 * POST creates a rule (400 naming the bad field), GET/DELETE `/:id` one rule (404 when unknown),
 * PATCH `/:id` edits one (JSON Merge Patch), `/:id/silence` silences it (POST) or lifts that (DELETE),
 * POST `/test` (a channel) and `/:id/test` (a rule's channels) send a test notification;
 * `POST /api/v1/alerts/alertmanager` takes Alertmanager's webhook (version 4).
 * @example
 * alertsRoute(app, alerts); // beside the other /api/v1 routes
 */
export function alertsRoute(app: Hono, engine: AlertEngine): void {
  app.get('/api/v1/alerts', async (c) => {
    const state = c.req.query('state');
    if (state !== undefined && !STATES.includes(state)) throw new HttpError(400, `state must be one of ${STATES.join(', ')}`, 'state');
    return c.json({ rules: await engine.rules(), alerts: await engine.alerts(state ? { state: state as AlertStateName } : {}) });
  });
  app.get('/api/v1/alerts/:id', async (c) => {
    const rule = await engine.rule(c.req.param('id'));
    if (!rule) throw notFound(c.req.param('id'));
    return c.json({ rule, alerts: await engine.alerts({ ruleId: rule.id }) });
  });
  app.post('/api/v1/alerts/alertmanager', async (c) => c.json({ recorded: await engine.fromAlertmanager(await jsonBody(c)) }));
  app.post('/api/v1/alerts', async (c) => c.json(await engine.create(await jsonBody(c)), 201));
  app.patch('/api/v1/alerts/:id', async (c) => {
    const rule = await engine.update(c.req.param('id'), await jsonBody(c));
    if (!rule) throw notFound(c.req.param('id'));
    return c.json(rule);
  });
  // Silence: notifications held back for `for` (a duration) or until `until` (a time); DELETE lifts it.
  app.post('/api/v1/alerts/:id/silence', async (c) => {
    const body = (await jsonBody(c)) as { for?: unknown; until?: unknown } | null;
    const until = typeof body?.for === 'string' ? Date.now() + parseDuration(body.for, 'for')
      : body?.until !== undefined ? parseTimestamp(body.until as string | number, 'until') : undefined;
    if (until === undefined) throw new HttpError(400, 'give {"for": "1h"} or {"until": "<RFC 3339 or epoch ms>"}', 'for');
    if (until <= Date.now()) throw new HttpError(400, 'the silence must end in the future', 'until');
    const rule = await engine.update(c.req.param('id'), { silenced_until: until });
    if (!rule) throw notFound(c.req.param('id'));
    return c.json(rule);
  });
  app.delete('/api/v1/alerts/:id/silence', async (c) => {
    const rule = await engine.update(c.req.param('id'), { silenced_until: null });
    if (!rule) throw notFound(c.req.param('id'));
    return c.json(rule);
  });
  // Test notifications: a channel given in the body (before saving a rule), or every channel of a rule.
  app.post('/api/v1/alerts/test', async (c) => {
    const body = (await jsonBody(c)) as { channel?: unknown } | null;
    if (!body || typeof body !== 'object' || body.channel === undefined) throw new HttpError(400, 'give {"channel": {"type": "webhook", "url": "…"}}', 'channel');
    return c.json({ results: await engine.test({ channel: body.channel }) });
  });
  app.post('/api/v1/alerts/:id/test', async (c) => {
    const results = await engine.test({ ruleId: c.req.param('id') });
    if (!results) throw notFound(c.req.param('id'));
    if (!results.length) throw new HttpError(400, 'this rule has no channels to test', 'channels');
    return c.json({ results });
  });
  app.delete('/api/v1/alerts/:id', async (c) => {
    if (!(await engine.deleteRule(c.req.param('id')))) throw notFound(c.req.param('id'));
    return c.body(null, 204);
  });
}
