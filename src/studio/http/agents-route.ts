import type { Hono } from 'hono';
import { HttpError } from './http-error.js';
import type { AgentHost } from '../agent-host.js';
import type { AgentStateRepository } from '../agent-state/agent-state.js';
import type { Scope } from './auth.js';

const MAX_ACTIONS = 200;

/**
 * `GET /api/v1/agents`: every agent this process serves, with purpose, capabilities and
 * subscriptions. `GET /api/v1/agents/{name}/actions`: its audit log (newest first, `limit` ≤ 200).
 * `POST /api/v1/agents/{name}/actions/{id}/approve`: executes a planned action; the agent checks
 * the caller's scopes itself, so a refusal (403) is recorded too.
 */
export function agentsRoute(app: Hono<{ Variables: { scopes: Scope[] } }>, host: AgentHost, state: AgentStateRepository): void {
  app.get('/api/v1/agents', (c) => c.json({ agents: host.agents.map((a) => a.info()) }));
  const agentOf = (name: string) => {
    const agent = host.get(name);
    if (!agent) throw new HttpError(404, `no agent "${name}" here; agents: ${host.names.join(', ') || 'none'}`, 'name', 'not_found');
    return agent;
  };
  app.get('/api/v1/agents/:name/actions', async (c) => {
    const agent = agentOf(c.req.param('name'));
    const raw = c.req.query('limit');
    const limit = raw === undefined ? 50 : Number(raw);
    if (!Number.isInteger(limit) || limit < 1) throw new HttpError(400, 'limit must be a positive integer', 'limit');
    return c.json({ agent: agent.name, actions: await state.actions(agent.name, Math.min(limit, MAX_ACTIONS)) });
  });
  app.post('/api/v1/agents/:name/actions/:id/approve', async (c) => {
    const agent = agentOf(c.req.param('name'));
    if (!agent.approve) throw new HttpError(404, `${agent.name} has no actions to approve`, 'name', 'not_found');
    const text = await c.req.text();
    let who: string | undefined;
    if (text.trim()) {
      const body = JSON.parse(text) as { by?: unknown };
      if (body.by !== undefined && (typeof body.by !== 'string' || body.by.length > 100)) throw new HttpError(400, 'by must be a name of at most 100 characters', 'by');
      who = body.by as string | undefined;
    }
    const a = await agent.approve(c.req.param('id'), { scopes: c.get('scopes') ?? ['admin'], ...(who ? { who } : {}) });
    return c.json({ agent: agent.name, response: a.response, intent: a.intent, data: a.data, ...(a.status ? { error: new HttpError(a.status, a.response, 'id', a.status === 403 ? 'forbidden' : a.status === 404 ? 'not_found' : 'conflict').toJSON().error } : {}) }, a.status ?? 200);
  });
}
