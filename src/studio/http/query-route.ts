import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { HttpError, httpErrorOf } from './http-error.js';
import type { Agent } from '../../core/agent.js';
import type { AgentHost } from '../agent-host.js';
import type { StudioMetrics } from '../metrics.js';
import type { Scope } from './auth.js';

const MAX_QUERY_CHARS = 2000;
type Env = { Variables: { coldStart: boolean; startedAt: number; scopes: Scope[] } };

/**
 * `POST /query` (agent-bruno) and `POST /agents/{name}/query` (any served agent, the answer
 * naming it in `agent`) with `{"query": "…"}` or a plain-text body →
 * `{query, response, intent, data, cold_start, latency_ms}`. With `Accept: text/event-stream` the
 * answer streams as server-sent events: `step` per model tool call, then `answer`. An action the
 * caller's token may not take (creating, changing or deleting alerts needs admin, as the REST
 * routes do) is a 403 whose body is the answer (saying which scope is missing) plus `error`.
 */
export function queryRoute(app: Hono<Env>, host: AgentHost, metrics: StudioMetrics): void {
  app.post('/query', async (c) => {
    const bruno = host.get('agent-bruno');
    if (!bruno) throw new HttpError(404, `agent-bruno is not served by this process (agents here: ${host.names.join(', ') || 'none'}); ask one at POST /agents/{name}/query`, 'agent', 'not_found');
    return answer(c, bruno, metrics, false);
  });
  app.post('/agents/:name/query', async (c) => {
    const name = c.req.param('name');
    const agent = host.get(name);
    if (!agent) throw new HttpError(404, `no agent "${name}" here; agents: ${host.names.join(', ') || 'none'} (GET /api/v1/agents)`, 'name', 'not_found');
    return answer(c, agent, metrics, true);
  });
}

async function answer(c: Context<Env>, agent: Agent, metrics: StudioMetrics, named: boolean): Promise<Response> {
  const body = await c.req.text();
  const type = c.req.header('content-type') ?? '';
  let query = body;
  let conversationId: string | undefined;
  if (type.includes('json') || body.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(body) as { query?: unknown; conversation_id?: unknown };
      if (typeof parsed.query !== 'string') throw new HttpError(400, 'body must be {"query": "<question>"} with a string query, or a plain-text question', 'query');
      query = parsed.query;
      if (parsed.conversation_id !== undefined) {
        if (typeof parsed.conversation_id !== 'string' || parsed.conversation_id.length > 128) throw new HttpError(400, 'conversation_id must be a string of at most 128 characters', 'conversation_id');
        conversationId = parsed.conversation_id;
      }
    } catch (err) {
      const e = httpErrorOf(err) ?? new HttpError(400, 'body is not valid JSON; send {"query": "…"} or plain text', '(body)');
      return c.json(e.toJSON(), 400);
    }
  }
  query = query.trim();
  if (!query) return c.json(new HttpError(400, 'the question is empty', 'query').toJSON(), 400);
  if (query.length > MAX_QUERY_CHARS) return c.json(new HttpError(400, `the question is longer than ${MAX_QUERY_CHARS} characters`, 'query').toJSON(), 400);
  const request = { query, ...(conversationId ? { conversationId } : {}), scopes: c.get('scopes') ?? ['admin'] };
  const shape = (a: Awaited<ReturnType<Agent['ask']>>) => ({
    query: a.query, response: a.response, intent: a.intent, data: a.data,
    ...(named ? { agent: agent.name } : {}),
    ...(conversationId ? { conversation_id: conversationId } : {}),
    cold_start: c.get('coldStart'), latency_ms: Math.round((performance.now() - c.get('startedAt')) * 100) / 100,
  });
  if ((c.req.header('accept') ?? '').includes('text/event-stream')) {
    // Server-sent events: each tool call of a model answer as it happens, then the answer.
    return streamSSE(c, async (sse) => {
      const a = await agent.ask({ ...request, onStep: (step) => void sse.writeSSE({ event: 'step', data: JSON.stringify(step) }) });
      metrics.queries.inc({ intent: a.intent });
      await sse.writeSSE({ event: 'answer', data: JSON.stringify(shape(a)) });
    });
  }
  const a = await agent.ask(request);
  metrics.queries.inc({ intent: a.intent });
  const refused = a.status ? { error: new HttpError(a.status, a.response, a.status === 403 ? 'authorization' : undefined, a.status === 403 ? 'forbidden' : 'invalid').toJSON().error } : {};
  return c.json({ ...shape(a), ...refused }, a.status ?? 200);
}
