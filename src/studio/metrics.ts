import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * agent-bruno's Prometheus metrics, one registry per server instance so tests and several
 * servers in one process never share counters.
 * @example
 * const m = createStudioMetrics();
 * m.ingestEvents.inc({ type: 'io.homelab.edge.reading', status: 'stored' });
 */
export function createStudioMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'homelab_studio_' });
  let commandDepth = (): Promise<number> => Promise.resolve(0);
  new Gauge({
    name: 'homelab_edge_commands_waiting', help: 'Commands for the nodes waiting (queued, or delivered without a result), all nodes', registers: [registry],
    async collect() { this.set(await commandDepth().catch(() => NaN)); },
  });
  return {
    /** Where the command-waiting gauge reads from (the studio's command queue). */
    watchCommands(depth: () => Promise<number>): void { commandDepth = depth; },
    edgeCommands: new Counter({
      name: 'homelab_edge_commands_total', help: 'Command channel events by command type, event (queued, delivered, redelivered, done, failed, expired, refused, duplicate_result) and reason (refusals, failures, expiries)',
      labelNames: ['type', 'event', 'reason'] as const, registers: [registry],
    }),
    registry,
    httpRequests: new Counter({
      name: 'homelab_http_requests_total', help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'] as const, registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'homelab_http_request_duration_seconds', help: 'HTTP request latency by route',
      labelNames: ['method', 'route'] as const, registers: [registry],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    ingestEvents: new Counter({
      name: 'homelab_ingest_events_total', help: 'CloudEvents received, by type and outcome (stored, duplicate, rejected)',
      labelNames: ['type', 'status'] as const, registers: [registry],
    }),
    ingestReadings: new Counter({
      name: 'homelab_ingest_readings_total', help: 'Readings stored', registers: [registry],
    }),
    ingestRejections: new Counter({
      name: 'homelab_ingest_rejections_total', help: 'Rejected events or readings, by reason',
      labelNames: ['reason'] as const, registers: [registry],
    }),
    agentEvents: new Counter({
      name: 'homelab_agent_events_total', help: 'Events handed to agents, by agent and outcome (acted, skipped)',
      labelNames: ['agent', 'status'] as const, registers: [registry],
    }),
    webhookRequests: new Counter({
      name: 'homelab_webhook_requests_total', help: 'Webhook deliveries by source and outcome (accepted, duplicate, unverified, invalid, invalid_json, too_large, unavailable, ping, url_verification)',
      labelNames: ['source', 'outcome'] as const, registers: [registry],
    }),
    storageErrors: new Counter({
      name: 'homelab_storage_errors_total', help: 'Requests that failed on a disk error (answered 507), by code: SQLITE_FULL, ENOSPC, SQLITE_IOERR, 53100 (PostgreSQL disk full), …',
      labelNames: ['code'] as const, registers: [registry],
    }),
    backups: new Counter({
      name: 'homelab_backups_total', help: 'Scheduled backups (BACKUP_INTERVAL), by outcome: written, failed, skipped (the previous one still running)',
      labelNames: ['outcome'] as const, registers: [registry],
    }),
    clockHold: new Counter({
      name: 'homelab_clock_held_readings_total', help: 'Readings stamped by an unsynced clock outside the time window, by outcome: held (waiting for the node\'s clock correction), corrected (stored at the corrected time), refused (the hold is full, or still outside the window once corrected), expired (no correction came in time)',
      labelNames: ['outcome'] as const, registers: [registry],
    }),
    authFailures: new Counter({
      name: 'homelab_auth_failures_total', help: 'Requests refused for authentication: missing or unknown token (401), or limited after too many failures from one address (429)',
      labelNames: ['reason'] as const, registers: [registry],
    }),
    queries: new Counter({
      name: 'homelab_queries_total', help: 'Questions answered by /query, by intent',
      labelNames: ['intent'] as const, registers: [registry],
    }),
    goalRejections: new Counter({
      name: 'homelab_goal_rejections_total', help: 'Goal requests refused (/api/v1/goals), by reason: invalid, not_found, limit',
      labelNames: ['reason'] as const, registers: [registry],
    }),
  };
}
export type StudioMetrics = ReturnType<typeof createStudioMetrics>;
