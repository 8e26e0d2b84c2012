import type { Hono } from 'hono';
import { HttpError } from './http-error.js';
import { EDGE_READINGS_MAX_ROWS, type EdgeReadings, type EdgeReadingsParams } from '../commands/edge-readings.js';
import { durationParam, refusal } from './edge-commands-route.js';
import { filterAndRange, parseDuration } from './params.js';

/** How long a drill-down waits for the node by default, and at most. */
export const DRILL_DOWN_TIMEOUT = { defaultMs: 10_000, maxMs: 60_000 } as const;

/** The status a node's failure answers with, by its reason. */
const FAILED_STATUS: Record<string, number> = { bad_params: 400, result_too_large: 413, unknown_type: 501 };

/**
 * Reads a drill-down's query string: `sensor`, `kind`, `from`/`to` (or `range`, default 1h),
 * `step` (downsampled on the node), `limit` (at most {@link EDGE_READINGS_MAX_ROWS}: beyond is a 400).
 */
export function drillDownParams(q: Record<string, string>): EdgeReadingsParams {
  const f = filterAndRange(q);
  const params: EdgeReadingsParams = { from: f.from, to: f.to, limit: EDGE_READINGS_MAX_ROWS };
  if (f.sensor) params.sensor = f.sensor;
  if (f.kind) params.kind = f.kind;
  if (q.limit !== undefined) {
    const n = Number(q.limit);
    if (!Number.isInteger(n) || n < 1) throw new HttpError(400, `limit must be a positive integer, got "${q.limit.slice(0, 40)}"`, 'limit');
    if (n > EDGE_READINGS_MAX_ROWS) throw new HttpError(400, `limit ${n} is over ${EDGE_READINGS_MAX_ROWS}, the most one drill-down answers with: page with from (the answer's nextFrom) or use a step`, 'limit', 'too_many_rows');
    params.limit = n;
  }
  if (q.step) {
    const stepMs = parseDuration(q.step, 'step');
    const points = Math.ceil((f.to - f.from) / Math.max(1, stepMs));
    if (stepMs < 1 || points > EDGE_READINGS_MAX_ROWS) throw new HttpError(400, `step ${q.step} gives ${points} points per series; at most ${EDGE_READINGS_MAX_ROWS}: use a longer step or a shorter range`, 'step', 'too_many_points');
    params.stepMs = stepMs;
  }
  return params;
}

/**
 * `GET /api/v1/edge/{node}/readings`: raw readings (or a `step` downsampling) from the node's own
 * local store, asked over its command channel. 200 with `source: "node"` when it answers within
 * `timeout` (default 10 s, at most 60 s); `504` with the reason when it does not; with
 * `wait_for_node=<duration>` the query instead stays queued that long and the answer is `202` with
 * the command id (`Location`: `GET /api/v1/edge/{node}/commands/{id}` gives the outcome later).
 * @example
 * edgeReadingsRoute(app, new EdgeReadings(queue));
 */
export function edgeReadingsRoute(app: Hono, edge: EdgeReadings, maxTtlMs: number): void {
  app.get('/api/v1/edge/:node/readings', async (c) => {
    const q = c.req.query();
    const node = c.req.param('node');
    const params = drillDownParams(q);
    const timeoutMs = durationParam(q.timeout, 'timeout', DRILL_DOWN_TIMEOUT.defaultMs, 100, DRILL_DOWN_TIMEOUT.maxMs);
    const waitForNodeMs = q.wait_for_node !== undefined ? durationParam(q.wait_for_node, 'wait_for_node', 0, 1000, maxTtlMs) : undefined;
    let answer;
    try {
      answer = await edge.query(node, params, { timeoutMs, ...(waitForNodeMs !== undefined ? { waitForNodeMs } : {}), signal: c.req.raw.signal });
    } catch (err) {
      return refusal(err);
    }
    const commandUrl = `/api/v1/edge/${encodeURIComponent(node)}/commands/${answer.command.id}`;
    switch (answer.status) {
      case 'done':
        return c.json({ ...answer.result, source: 'node', command: answer.command.id });
      case 'queued':
        c.header('location', commandUrl);
        return c.json({ status: 'queued', message: `node ${node} has not answered yet; the query waits for it until ${new Date(answer.command.deadline).toISOString()}: GET ${commandUrl} for its outcome`, command: answer.command, result: commandUrl }, 202);
      case 'timeout':
        return c.json({ ...new HttpError(504, answer.reason, undefined, 'node_timeout').toJSON(), command: answer.command.id }, 504);
      case 'failed': {
        const status = FAILED_STATUS[answer.error.reason] ?? 502;
        return c.json({ ...new HttpError(status, `node ${node}: ${answer.error.message}`, undefined, answer.error.reason).toJSON(), command: answer.command.id }, status as 400);
      }
    }
  });
}
