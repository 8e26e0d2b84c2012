import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { HomelabError } from '../../core/errors.js';
import type { Bruno } from '../../agents/bruno/bruno.js';
import type { StudioMetrics } from '../metrics.js';
import type { Scope } from './auth.js';

const MAX_QUERY_CHARS = 2000;

/**
 * `POST /query` with `{"query": "…"}` or a plain-text body →
 * `{query, response, intent, data, cold_start, latency_ms}`. With `Accept: text/event-stream` the
 * answer streams as server-sent events: `step` per model tool call, then `answer`. An action the
 * caller's token may not take (creating, changing or deleting alerts needs admin, as the REST
 * routes do) is a 403 whose body is the answer (saying which scope is missing) plus `error`.
 */
export function queryRoute(app: Hono<{ Variables: { coldStart: boolean; startedAt: number; scopes: Scope[] } }>, bruno: Bruno, metrics: StudioMetrics): void {
  app.post('/query', async (c) => {
    const body = await c.req.text();
    const type = c.req.header('content-type') ?? '';
    let query = body;
    let conversationId: string | undefined;
    if (type.includes('json') || body.trimStart().startsWith('{')) {
      try {
        const parsed = JSON.parse(body) as { query?: unknown; conversation_id?: unknown };
        if (typeof parsed.query !== 'string') throw new HomelabError(400, 'body must be {"query": "<question>"} with a string query, or a plain-text question', 'query');
        query = parsed.query;
        if (parsed.conversation_id !== undefined) {
          if (typeof parsed.conversation_id !== 'string' || parsed.conversation_id.length > 128) throw new HomelabError(400, 'conversation_id must be a string of at most 128 characters', 'conversation_id');
          conversationId = parsed.conversation_id;
        }
      } catch (err) {
        const e = err instanceof HomelabError ? err : new HomelabError(400, 'body is not valid JSON; send {"query": "…"} or plain text', '(body)');
        return c.json(e.toJSON(), 400);
      }
    }
    query = query.trim();
    if (!query) return c.json(new HomelabError(400, 'the question is empty', 'query').toJSON(), 400);
    if (query.length > MAX_QUERY_CHARS) return c.json(new HomelabError(400, `the question is longer than ${MAX_QUERY_CHARS} characters`, 'query').toJSON(), 400);
    if ((c.req.header('accept') ?? '').includes('text/event-stream')) {
      // Server-sent events: each tool call of a model answer as it happens, then the answer.
      const q = query;
      return streamSSE(c, async (sse) => {
        const answer = await bruno.ask(q, { ...(conversationId ? { conversationId } : {}), scopes: c.get('scopes') ?? ['admin'], onStep: (step) => void sse.writeSSE({ event: 'step', data: JSON.stringify(step) }) });
        metrics.queries.inc({ intent: answer.intent });
        await sse.writeSSE({ event: 'answer', data: JSON.stringify({
          query: answer.query, response: answer.response, intent: answer.intent, data: answer.data,
          ...(conversationId ? { conversation_id: conversationId } : {}),
          cold_start: c.get('coldStart'), latency_ms: Math.round((performance.now() - c.get('startedAt')) * 100) / 100,
        }) });
      });
    }
    const answer = await bruno.ask(query, { ...(conversationId ? { conversationId } : {}), scopes: c.get('scopes') ?? ['admin'] });
    metrics.queries.inc({ intent: answer.intent });
    const forbidden = answer.status === 403 ? { error: new HomelabError(403, answer.response, 'authorization', 'forbidden').toJSON().error } : {};
    return c.json({
      query: answer.query, response: answer.response, intent: answer.intent, data: answer.data,
      ...(conversationId ? { conversation_id: conversationId } : {}),
      cold_start: c.get('coldStart'), latency_ms: Math.round((performance.now() - c.get('startedAt')) * 100) / 100, ...forbidden,
    }, answer.status ?? 200);
  });
}
