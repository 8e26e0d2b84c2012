import type { Context, Hono } from 'hono';
import type { AgentEvent } from '../../core/agent.js';
import { InvalidInput } from '../../core/errors.js';
import { HttpError, httpErrorOf } from './http-error.js';
import type { AlertEngine } from '../alerts/engine.js';
import { CLAIM_TTL_MS, type AgentStateRepository } from '../agent-state/agent-state.js';
import type { EventPath } from '../event-path.js';
import type { StudioMetrics } from '../metrics.js';
import { githubProblem, slackProblem } from '../webhooks/signatures.js';
import { alertmanagerEvent, githubEvent, slackEvent } from '../webhooks/webhook-events.js';

/** Largest webhook body taken (GitHub pushes with many commits stay far below; Alertmanager groups too). */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface WebhookDeps {
  path: EventPath;
  state: AgentStateRepository;
  metrics: StudioMetrics;
  alerts?: AlertEngine;
  githubSecret?: string;
  slackSecret?: string;
  clock?: () => number;
}

type Source = 'alertmanager' | 'github' | 'slack';

/**
 * `POST /webhooks/alertmanager`, `/webhooks/github`, `/webhooks/slack`: each delivery becomes a
 * CloudEvent on the event path (see {@link EventPath}), once per delivery id (a re-sent delivery is
 * answered 200 `duplicate` and not published again). GitHub and Slack must verify (401 otherwise);
 * bodies over 1 MiB are 413; every outcome is counted in `homelab_webhook_requests_total`.
 */
export function webhooksRoute(app: Hono, deps: WebhookDeps): void {
  const clock = deps.clock ?? Date.now;
  const count = (source: Source, outcome: string) => deps.metrics.webhookRequests.inc({ source, outcome });
  const refuse = (c: Context, source: Source, e: HttpError) => {
    count(source, e.reason);
    return c.json(e.toJSON(), e.status as 400);
  };
  const body = async (c: Context, source: Source): Promise<Uint8Array | Response> => {
    // Read whole (the app's body limit bounds it first), so the client gets the 413 rather than a reset.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > MAX_WEBHOOK_BYTES) return refuse(c, source, new HttpError(413, `webhook body over ${MAX_WEBHOOK_BYTES} bytes`, '(body)', 'too_large'));
    return bytes;
  };
  const json = (bytes: Uint8Array): unknown => {
    try {
      return JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (err) {
      throw new InvalidInput('the body is not valid JSON', { field: '(body)', reason: 'invalid_json', cause: err });
    }
  };
  const publish = async (c: Context, source: Source, event: AgentEvent): Promise<Response> => {
    const now = clock();
    const key = `webhook:${event.source}:${event.id}`;
    if (!(await deps.state.claim(key, now, now - CLAIM_TTL_MS))) {
      count(source, 'duplicate');
      return c.json({ id: event.id, type: event.type, status: 'duplicate' }, 200);
    }
    try {
      await deps.path.publish(event);
    } catch (err) {
      await deps.state.release(key); // the sender retries; the retry may take the claim
      return refuse(c, source, new HttpError(503, `could not publish the event: ${(err as Error).message}`, undefined, 'unavailable'));
    }
    count(source, 'accepted');
    return c.json({ id: event.id, type: event.type, status: 'accepted', to: deps.path.target }, 202);
  };
  const guarded = (source: Source, handler: (c: Context, bytes: Uint8Array) => Promise<Response>) => async (c: Context) => {
    const bytes = await body(c, source);
    if (bytes instanceof Response) return bytes;
    try {
      return await handler(c, bytes);
    } catch (err) {
      // A payload the source's parser refused (a domain error) is answered and counted here, by its reason.
      const known = httpErrorOf(err);
      if (known) return refuse(c, source, known);
      throw err;
    }
  };

  app.post('/webhooks/alertmanager', guarded('alertmanager', async (c, bytes) => {
    const payload = json(bytes);
    const event = alertmanagerEvent(payload, clock());
    await deps.alerts?.fromAlertmanager(payload); // recorded as alerts too, as /api/v1/alerts/alertmanager does
    return publish(c, 'alertmanager', event);
  }));

  app.post('/webhooks/github', guarded('github', async (c, bytes) => {
    const problem = githubProblem(deps.githubSecret, c.req.header('x-hub-signature-256'), bytes);
    if (problem) throw new HttpError(401, problem, 'x-hub-signature-256', 'unverified');
    const type = c.req.header('x-github-event');
    if (type === 'ping') {
      count('github', 'ping');
      return c.json({ status: 'pong' }, 200);
    }
    return publish(c, 'github', githubEvent(type, c.req.header('x-github-delivery'), json(bytes), clock()));
  }));

  app.post('/webhooks/slack', guarded('slack', async (c, bytes) => {
    const problem = slackProblem(deps.slackSecret, c.req.header('x-slack-signature'), c.req.header('x-slack-request-timestamp'), bytes, clock());
    if (problem) throw new HttpError(401, problem, 'x-slack-signature', 'unverified');
    const payload = json(bytes) as { type?: unknown; challenge?: unknown };
    if (payload?.type === 'url_verification') {
      count('slack', 'url_verification');
      return c.json({ challenge: String(payload.challenge ?? '') }, 200);
    }
    return publish(c, 'slack', slackEvent(payload, clock()));
  }));
}
