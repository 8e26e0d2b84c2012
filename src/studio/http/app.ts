import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpError, httpErrorOf } from './http-error.js';
import type { AgentHost } from '../agent-host.js';
import { agentsRoute } from './agents-route.js';
import { webhooksRoute } from './webhooks-route.js';
import type { EventPath } from '../event-path.js';
import type { AgentStateRepository } from '../agent-state/agent-state.js';
import type { HealthLimits } from '../health/node-health.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { StudioMetrics } from '../metrics.js';
import type { StudioStore } from '../store/store.js';
import { apiRoutes } from './api-routes.js';
import { eventsRoute } from './events-route.js';
import { incomingOf, tooLarge } from './read-body.js';
import { queryRoute } from './query-route.js';
import { FailedAuth, requireScopes, type Scope, type TokenGrant } from './auth.js';
import { rateLimit } from './rate-limit.js';
import { alertsRoute } from './alerts-route.js';
import { graphRoute } from './graph-route.js';
import { exportRoute } from './export-route.js';
import { openApiDocument } from './openapi.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { AlertEngine } from '../alerts/engine.js';
import type { OpenStatus } from '../lazy-open.js';
import type { StudioBus } from '../studio-events.js';
import { dashboardRoutes } from '../dashboard/routes.js';
import { diskProblem, type DiskHealth } from '../disk-health.js';
import type { GoalBook } from '../goals/goal-book.js';
import { goalsRoute } from './goals-route.js';
import { logger } from '../../core/logger.js';
import type { CommandQueue } from '../commands/command-queue.js';
import { EdgeReadings } from '../commands/edge-readings.js';
import { edgeCommandsRoute } from './edge-commands-route.js';
import { edgeReadingsRoute } from './edge-readings-route.js';
import { crmRoute } from './crm-route.js';
import type { Crm } from '../crm/crm.js';
import type { ModelRegistry } from '../models/model-registry.js';
import { modelsRoute } from './models-route.js';

/** Routes that answer while storage opens: probes, metrics and the API description touch no data. */
const WITHOUT_STORAGE = new Set(['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json']);

export interface AppDeps {
  store: StudioStore;
  ingestor: Ingestor;
  /** The agents this process serves (the studio knows only the core port). */
  agents: AgentHost;
  /** Conversations, claims and action logs of the agents. */
  agentState: AgentStateRepository;
  /** Where webhook events go (the Broker, or this process's agents). */
  eventPath?: EventPath;
  webhooks?: { githubSecret?: string; slackSecret?: string };
  /** False on an agent-only process: `/events` hands events to its agents and stores nothing. */
  ownsIngest?: boolean;
  metrics: StudioMetrics;
  healthLimits: HealthLimits;
  /** Largest accepted request body, bytes. */
  maxBodyBytes: number;
  /** The knowledge graph. */
  graph?: KnowledgeGraph;
  /** The alert engine, when alerts are on. */
  alerts?: AlertEngine;
  /** Requests per second per client (burst five times that). */
  rateLimitPerSecond?: number;
  /** Bearer tokens and their scopes; empty = open (loopback only). */
  tokens: TokenGrant[];
  /** Where opening storage stands; `/readyz` reports it. */
  readiness: () => Readonly<OpenStatus>;
  /** Resolves once storage is open (a 503 error while it cannot be); default: already open. */
  whenOpen?: () => Promise<void>;
  /** The studio's in-process events: the dashboard's live stream and sensor counters. */
  bus?: StudioBus;
  /** Whether the disk takes writes (disk errors answer 507 and make `/readyz` 503 for a while). */
  disk?: DiskHealth;
  /** agent-mary-kay's CRM (`/api/v1/crm`). */
  crm?: Crm;
  /** Sensor series on `/metrics/sensors` at most (default 1000). */
  sensorMetricsMaxSeries?: number;
  /** Goals (`/api/v1/goals`). */
  goals?: GoalBook;
  /** The command channel to the nodes (studio role only): `/api/v1/edge/{node}/…`. */
  commands?: CommandQueue;
  /** Trained models and their deployments (`/api/v1/models`; each node's model on `/api/v1/nodes`). */
  models?: ModelRegistry;
}

type Env = { Variables: { coldStart: boolean; startedAt: number; scopes: Scope[] } };

/**
 * agent-bruno's HTTP API as a Hono app (served by `StudioServer`, testable with `app.request`).
 * @example
 * const res = await createApp(deps).request('/healthz');
 */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  let served = 0;
  app.use('*', async (c, next) => {
    c.set('startedAt', performance.now());
    c.set('coldStart', served++ === 0);
    await next();
    const route = c.req.routePath || 'unmatched';
    deps.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    deps.metrics.httpDuration.observe({ method: c.req.method, route }, (performance.now() - c.get('startedAt')) / 1000);
  });
  const limit = bodyLimit({ maxSize: deps.maxBodyBytes, onError: (c) => tooLarge(c, deps.maxBodyBytes) });
  // POST /events under Node reads its body from the socket with the same bound (see readBody).
  app.use('*', (c, next) => (c.req.method === 'POST' && c.req.path === '/events' && incomingOf(c) ? next() : limit(c, next)));
  const failedAuth = new FailedAuth({
    onFailure: (reason) => deps.metrics.authFailures.inc({ reason }),
    onLimited: () => deps.metrics.authFailures.inc({ reason: 'rate_limited' }),
  });
  app.use('*', requireScopes(deps.tokens, failedAuth));
  app.use('*', rateLimit({ perSecond: deps.rateLimitPerSecond ?? 200, burst: (deps.rateLimitPerSecond ?? 200) * 5, onLimited: () => deps.metrics.ingestRejections.inc({ reason: 'rate_limited' }) }));
  if (deps.whenOpen) {
    const whenOpen = deps.whenOpen;
    app.use('*', async (c, next) => {
      if (!WITHOUT_STORAGE.has(c.req.path)) {
        await whenOpen().catch((err: unknown) => {
          // Storage cannot open because the disk is full (a restart on a full disk): a write is
          // told so (507, as when a write fails), a read that storage is not open yet (503).
          const disk = deps.disk?.status();
          if (c.req.method === 'GET' || !disk || disk.ok) throw err;
          throw Object.assign(new Error(disk.reason, { cause: err }), { code: disk.code });
        });
      }
      await next();
    });
  }
  app.onError((err, c) => {
    const known = httpErrorOf(err); // a domain error, or an HttpError a route threw
    const disk = known ? undefined : diskProblem(err);
    if (disk) {
      // A full or failing disk is said as such (507), counted, and reported by /readyz.
      deps.disk?.failed(disk);
      deps.metrics.storageErrors.inc({ code: disk.code });
      logger('http').error({ err, code: disk.code }, disk.text);
      return c.json(new HttpError(507, `${disk.text} (${disk.code}); nothing from this request was stored: free space or grow the volume, then retry`, undefined, 'insufficient_storage').toJSON(), 507);
    }
    const e = known ?? new HttpError(500, 'internal error; see the server log', undefined, 'internal');
    if (e.status >= 500 && e.reason !== 'unavailable') logger('http').error({ err, path: c.req.path }, 'request failed');
    return c.json(e.toJSON(), e.status as 400);
  });
  app.notFound((c) => c.json(new HttpError(404, `no route ${c.req.method} ${c.req.path}; see the README's endpoint reference`, undefined, 'not_found').toJSON(), 404));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  let openapi: Record<string, unknown> | undefined; // built on first request: start-up stays short
  app.get('/api/v1/openapi.json', (c) => c.json((openapi ??= openApiDocument())));
  // Ready while storage is still opening: requests wait for it, so a scale-from-zero pod takes
  // traffic at once. Not ready while opening fails (the reason is in the body).
  app.get('/readyz', (c) => {
    const { state, reason } = deps.readiness();
    const disk = deps.disk?.status() ?? { ok: true };
    const ready = (state === 'open' || state === 'opening') && disk.ok;
    const diskReport = disk.ok ? {} : { disk: { status: 'failing', code: disk.code, reason: disk.reason, since: disk.since, errors: disk.errors } };
    return c.json({ status: ready ? 'ready' : 'unavailable', storage: state, store: deps.store.engine, ...(reason ? { reason } : {}), ...diskReport }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => c.text(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType }));
  eventsRoute(app as unknown as Hono, deps.ingestor, deps.metrics, deps.ownsIngest === false ? { host: deps.agents, state: deps.agentState } : undefined, deps.maxBodyBytes);
  queryRoute(app, deps.agents, deps.metrics);
  agentsRoute(app as unknown as Hono<{ Variables: { scopes: Scope[] } }>, deps.agents, deps.agentState);
  if (deps.eventPath) {
    webhooksRoute(app as unknown as Hono, {
      path: deps.eventPath, state: deps.agentState, metrics: deps.metrics, ...(deps.alerts ? { alerts: deps.alerts } : {}),
      ...(deps.webhooks?.githubSecret ? { githubSecret: deps.webhooks.githubSecret } : {}), ...(deps.webhooks?.slackSecret ? { slackSecret: deps.webhooks.slackSecret } : {}),
    });
  }
  if (deps.alerts) alertsRoute(app as unknown as Hono, deps.alerts);
  if (deps.graph) graphRoute(app as unknown as Hono, deps.graph);
  if (deps.goals) goalsRoute(app as unknown as Hono, deps.goals, deps.metrics);
  if (deps.crm) crmRoute(app as unknown as Hono, deps.crm, deps.metrics.registry);
  apiRoutes(app as unknown as Hono, deps.store, deps.healthLimits, deps.models);
  if (deps.models) modelsRoute(app as unknown as Hono, deps.models);
  app.route('/', dashboardRoutes({ store: deps.store, tokens: deps.tokens, failedAuth, ...(deps.bus ? { bus: deps.bus } : {}), ...(deps.sensorMetricsMaxSeries ? { sensorMetricsMaxSeries: deps.sensorMetricsMaxSeries } : {}) }));
  const edge = deps.commands ? new EdgeReadings(deps.commands) : undefined;
  if (deps.commands && edge) {
    edgeCommandsRoute(app as unknown as Hono, deps.commands);
    edgeReadingsRoute(app as unknown as Hono, edge, deps.commands.limits.maxTtlMs);
  }
  exportRoute(app as unknown as Hono, deps.store, {}, edge);
  return app;
}
