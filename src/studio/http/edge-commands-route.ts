import type { Context, Hono } from 'hono';
import { HttpError } from './http-error.js';
import type { CommandOutcome } from '../../core/commands.js';
import { CommandRefused, type CommandQueue } from '../commands/command-queue.js';
import { parseDuration, parseLimit } from './params.js';

/** The HTTP status each refusal answers with. */
const STATUS: Record<CommandRefused['reason'], number> = {
  queue_full: 429, command_too_large: 413, result_too_large: 413, bad_command: 400, unknown_command: 404, expired: 410, wrong_node: 409,
};

/** Maps the queue's refusals to their HTTP answer (the only place that does). */
export function refusal(err: unknown): never {
  if (err instanceof CommandRefused) throw new HttpError(STATUS[err.reason], err.message, undefined, err.reason, { cause: err });
  throw err;
}

/** A duration query parameter within [minMs, maxMs], or the fallback when absent. */
export function durationParam(text: string | undefined, field: string, fallback: number, minMs: number, maxMs: number): number {
  if (text === undefined || text === '') return fallback;
  const ms = parseDuration(text, field);
  if (ms < minMs || ms > maxMs) throw new HttpError(400, `${field} must be between ${minMs} ms and ${maxMs} ms, got ${text}`, field);
  return ms;
}

const ids = (text: string | undefined): string[] => (text ? text.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 256) : []);

function outcomeOf(body: unknown): CommandOutcome {
  const b = body as { ok?: unknown; result?: unknown; error?: { reason?: unknown; message?: unknown } } | null;
  if (b && typeof b === 'object' && b.ok === true) return { ok: true, result: b.result ?? null };
  if (b && typeof b === 'object' && b.ok === false && b.error && typeof b.error.reason === 'string' && typeof b.error.message === 'string') {
    return { ok: false, error: { reason: b.error.reason, message: b.error.message } };
  }
  throw new HttpError(400, 'a result is {"ok": true, "result": …} or {"ok": false, "error": {"reason": "…", "message": "…"}}', '(body)', 'bad_result');
}

/**
 * The command channel over HTTP. The node's side (ingest scope): `GET …/commands/next` long-polls
 * for due commands (`wait`, default 25 s; `holding`: ids it still works on, so nothing it holds is
 * handed out twice and nothing a dead process held is lost), `POST …/commands/{id}/result` answers
 * one. The caller's side: `POST /api/v1/edge/{node}/commands` (admin) queues one, `GET …/commands`
 * lists the node's, `GET …/commands/{id}?wait=10s` shows one, waiting for its outcome.
 * @example
 * edgeCommandsRoute(app, queue);
 */
export function edgeCommandsRoute(app: Hono, queue: CommandQueue): void {
  app.get('/api/v1/edge/:node/commands/next', async (c) => {
    const wait = durationParam(c.req.query('wait'), 'wait', 25_000, 0, 60_000);
    const commands = await queue.next(c.req.param('node'), ids(c.req.query('holding')), wait, c.req.raw.signal);
    return c.json({ commands });
  });
  app.post('/api/v1/edge/:node/commands/:id/result', async (c) => {
    const text = await c.req.text();
    let body: unknown;
    try { body = JSON.parse(text); } catch { throw new HttpError(400, 'body must be JSON', '(body)', 'malformed_json'); }
    const outcome = outcomeOf(body);
    const bytes = outcome.ok ? Buffer.byteLength(JSON.stringify(outcome.result)) : 0;
    try {
      return c.json({ id: c.req.param('id'), status: await queue.complete(c.req.param('node'), c.req.param('id'), outcome, bytes) });
    } catch (err) {
      return refusal(err);
    }
  });
  app.post('/api/v1/edge/:node/commands', async (c) => {
    let body: { type?: unknown; params?: unknown; ttl?: unknown };
    try { body = JSON.parse(await c.req.text()) as typeof body; } catch { throw new HttpError(400, 'body must be JSON: {"type": "…", "params": {…}, "ttl": "30s"}', '(body)', 'malformed_json'); }
    if (!body || typeof body !== 'object' || typeof body.type !== 'string') throw new HttpError(400, 'type is required (a command type, e.g. "ping")', 'type');
    if (body.ttl !== undefined && typeof body.ttl !== 'string') throw new HttpError(400, 'ttl is a duration like "30s", "1h"', 'ttl');
    const ttlMs = durationParam(body.ttl as string | undefined, 'ttl', queue.limits.defaultTtlMs, 1, queue.limits.maxTtlMs);
    let command;
    try { command = await queue.send(c.req.param('node'), body.type, body.params ?? {}, { ttlMs }); } catch (err) { return refusal(err); }
    c.header('location', `/api/v1/edge/${encodeURIComponent(command.node)}/commands/${command.id}`);
    return c.json({ command }, 202);
  });
  app.get('/api/v1/edge/:node/commands', async (c) => {
    const node = c.req.param('node');
    return c.json({ node, channel: await queue.channel(node), commands: await queue.list(node, parseLimit(c.req.query('limit'), 100, 1000)) });
  });
  app.get('/api/v1/edge/:node/commands/:id', async (c) => answerCommand(c, queue));
}

async function answerCommand(c: Context, queue: CommandQueue): Promise<Response> {
  const wait = durationParam(c.req.query('wait'), 'wait', 0, 0, 60_000);
  const command = await queue.wait(c.req.param('id')!, wait, c.req.raw.signal);
  if (!command || command.node !== c.req.param('node')) throw new HttpError(404, `no command ${c.req.param('id')} for node ${c.req.param('node')} (unknown, or finished over a day ago)`, 'id', 'not_found');
  return c.json({ command });
}
