import type { Context, Hono } from 'hono';
import { HttpError, httpErrorOf } from './http-error.js';
import { decodeHttp, decodeHttpBytes } from '../ingest/decode.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { StudioMetrics } from '../metrics.js';
import type { AgentHost } from '../agent-host.js';
import { CLAIM_TTL_MS, type AgentStateRepository } from '../agent-state/agent-state.js';
import { rawAgentEvent } from '../agent-events.js';
import { readBody, tooLarge, TOO_LARGE } from './read-body.js';

const utf8 = new TextDecoder();

/**
 * `POST /events`: CloudEvents 1.0 over HTTP in structured, binary and batch mode.
 * One event: 202 stored / 200 duplicate / 400 with the reason. A batch: 200 when all were taken,
 * 207 when some were rejected, 400 when none was; each event gets its own result either way.
 */
export function eventsRoute(app: Hono, ingestor: Ingestor, metrics: StudioMetrics, agentOnly?: { host: AgentHost; state: AgentStateRepository }, maxBodyBytes = Infinity): void {
  app.post('/events', async (c) => {
    const body = await readBody(c, maxBodyBytes);
    if (body === TOO_LARGE) return tooLarge(c, maxBodyBytes);
    if (agentOnly) return agentEvents(c, body, agentOnly.host, agentOnly.state, metrics);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => { headers[k.toLowerCase()] = v; });
    let raw;
    try {
      raw = decodeHttpBytes(headers, body);
    } catch (err) {
      const e = httpErrorOf(err) ?? new HttpError(400, String(err));
      metrics.ingestRejections.inc({ reason: e.reason });
      return c.json(e.toJSON(), e.status as 400);
    }
    const results = await ingestor.accept(raw);
    const isBatch = (headers['content-type'] ?? '').includes('batch');
    const rejected = results.filter((r) => r.status === 'rejected').length;
    if (!isBatch) {
      const r = results[0]!;
      if (r.status === 'rejected') {
        return c.json({ ...new HttpError(400, r.reason ?? 'rejected', r.field).toJSON(), results }, 400);
      }
      return c.json({ results }, r.status === 'stored' || r.status === 'held' ? 202 : 200);
    }
    const status = rejected === 0 ? 200 : rejected === results.length ? 400 : 207;
    return c.json({ accepted: results.length - rejected, rejected, results }, status);
  });
}

/**
 * `/events` on a process that does not own ingest (an agent's own Service): each event goes to the
 * subscribed agents, once per source + id (a broker redelivery is answered 200 and not handed on
 * again), and nothing is stored. 202 handed on, 200 duplicate or no subscriber, 400 with the reason.
 */
async function agentEvents(c: Context, body: Uint8Array, host: AgentHost, state: AgentStateRepository, metrics: StudioMetrics): Promise<Response> {
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((v, k) => { headers[k.toLowerCase()] = v; });
  let raws;
  try {
    raws = decodeHttp(headers, utf8.decode(body)); // as Request.text() decodes
  } catch (err) {
    const e = httpErrorOf(err) ?? new HttpError(400, String(err));
    metrics.ingestRejections.inc({ reason: e.reason });
    return c.json(e.toJSON(), e.status as 400);
  }
  const results = [];
  for (const raw of raws) {
    let event;
    try {
      event = rawAgentEvent(raw);
    } catch (err) {
      metrics.ingestRejections.inc({ reason: 'invalid' });
      results.push({ status: 'rejected', reason: (err as Error).message });
      continue;
    }
    const now = Date.now();
    const fresh = host.subscribers(event.type).length > 0 && await state.claim(`event:${event.source}:${event.id}`, now, now - CLAIM_TTL_MS);
    if (fresh) void host.dispatch(event);
    results.push({ id: event.id, source: event.source, status: fresh ? 'accepted' : host.subscribers(event.type).length ? 'duplicate' : 'ignored' });
  }
  const rejected = results.filter((r) => r.status === 'rejected').length;
  if (rejected === results.length) return c.json({ ...new HttpError(400, results[0]?.reason ?? 'no events', '(body)').toJSON(), results }, 400);
  return c.json({ results }, results.some((r) => r.status === 'accepted') ? 202 : 200);
}
