import { join } from 'node:path';
import { edgeSource, encodeEvent } from '../core/wire-event.js';
import { newBootId } from '../core/identity.js';
import type { HealthInput } from '../core/schemas.js';
import { Collector, type LocalReadingStore } from './collector.js';
import type { EdgeConfig } from './config.js';
import { createEdgeMetrics, type EdgeSnapshot } from './metrics.js';
import { Normaliser } from './normalise.js';
import { ClockTracker, clockSyncEvent, timesyncdSynced } from './clock.js';
import { Outbox } from './outbox/outbox.js';
import { DEFAULT_FORWARDER, Forwarder } from './outbox/forwarder.js';
import { DEFAULT_SEVERITY, type ReadingScorer } from './route/classify.js';
import { Router } from './route/router.js';
import type { Source } from './sources/source.js';
import { HttpTransport } from './transport/http.js';
import { AnomalyExplainer } from './explain.js';
import { AmqpTransport } from './transport/amqp.js';
import { createIntake } from './intake/index.js';
import { logger, sink } from '../core/logger.js';
import type { QueryableStore } from './commands/handler.js';
import { HttpCommandChannel } from './commands/http-channel.js';
import { AmqpCommandChannel } from './commands/amqp-channel.js';
import type { StoreQuery } from './store/types.js';
import { COMMAND_HANDLERS } from './commands/handlers/index.js';
import { EventType } from '../core/event-types.js';
import { ModelScorer } from './models/model-scorer.js';

/** Seed troubleshooting limits that make a node's health report a warning. */
const unhealthy = (h: HealthInput): boolean =>
  h.cpu_pct > 80 || h.mem_pct > 90 || (h.temp_c ?? 0) > 80 || h.disk_pct > 90;

export interface EdgeStackParts {
  sources: Source[];
  scorer: ReadingScorer;
  store: LocalReadingStore & Partial<QueryableStore> & { stats?: () => { rawReadings: number; bytesOnDisk: number; buffered?: number } };
  log?: (msg: string) => void;
}

/**
 * Wires one sensor-collector from its settings: outbox and forwarder under the data dir, router
 * with the seed's windows, the HTTP transport to agent-bruno. Nothing starts until `start()`.
 * @example
 * const { collector, metrics } = buildEdgeStack(config, { sources, scorer, store });
 * await collector.start();
 */
export function buildEdgeStack(config: EdgeConfig, parts: EdgeStackParts) {
  const log = parts.log ?? sink(logger('edge'));
  const boot = newBootId();
  const outbox = new Outbox({ path: join(config.dataDir, `outbox-${config.node}.db`), maxBytes: config.outboxMaxBytes, maxEvents: config.outboxMaxEvents, log });
  // The journal lives in the outbox's file (one commit covers both); it opens with the collector.
  const intake = createIntake(outbox, { dataDir: config.dataDir, node: config.node, groupCommitMs: config.groupCommitMs, diskReserveBytes: config.diskReserveBytes, idempotencyKeys: config.idempotencyKeys, idempotencyTtlMs: config.idempotencyTtlMs, log });
  const guard = intake.guard;
  const transport = config.transport === 'amqp' && config.amqpUrl
    ? new AmqpTransport({ url: config.amqpUrl })
    : new HttpTransport({ url: config.studioUrl, ...(config.token ? { token: config.token } : {}) });
  const forwarder = new Forwarder(outbox, transport, { ...DEFAULT_FORWARDER, log });
  const explainer = config.llm ? new AnomalyExplainer(config.llm, outbox, edgeSource(config.node)) : undefined;
  const router = new Router({
    source: edgeSource(config.node), boot, windowMs: config.windowS * 1000, warningBatchMs: config.warningBatchS * 1000,
    // A local model is asked about a critical anomaly once it is committed, not before.
    ...(explainer ? { onCritical: (id: string, a: Parameters<AnomalyExplainer['request']>[1]) => intake.afterCommit(() => explainer.request(id, a)) } : {}),
  }, intake);
  // A deployed model's changes of state go to the studio (GET /api/v1/nodes shows them), sent soon.
  const models = parts.scorer instanceof ModelScorer ? parts.scorer : undefined;
  if (models) {
    let seq = 0;
    models.onChange = (s) => {
      try {
        outbox.enqueue(encodeEvent({
          type: EventType.Model, source: edgeSource(config.node), id: `${config.node}:${boot}:model:${seq++}`, subject: config.node,
          data: { node: config.node, model_id: s.model_id, version: s.version, state: s.state, reason: s.reason, ts: s.changed_at },
        }), 'critical');
      } catch (err) {
        log(`[sensor-collector] model state ${s.state} not queued for the studio: ${(err as Error).message}`);
      }
    };
  }
  const clock = new ClockTracker({ osSynced: timesyncdSynced });
  // The studio's commands (drill-down into the local store, …) over an outbound long-poll.
  const store = parts.store;
  const services = { node: config.node, ...(config.location ? { location: config.location } : {}), store: { query: (q: StoreQuery) => store.query!(q), ...(store.aggregates ? { aggregates: (q: StoreQuery) => store.aggregates!(q) } : {}) }, dataDir: config.dataDir, log, studio: { url: config.studioUrl, ...(config.token ? { token: config.token } : {}) }, ...(models ? { models } : {}) };
  // Over RabbitMQ when events go there (TRANSPORT=amqp: the node's own queue), else an HTTP long-poll.
  const channel = !config.commandChannel || !store.query ? undefined
    : config.transport === 'amqp' && config.amqpUrl
      ? new AmqpCommandChannel({ url: config.amqpUrl, node: config.node, handlers: COMMAND_HANDLERS, services, log })
      : new HttpCommandChannel({ url: config.studioUrl, node: config.node, ...(config.token ? { token: config.token } : {}), handlers: COMMAND_HANDLERS, pollWaitMs: config.commandPollWaitMs, services, log });
  const collector = new Collector({
    clock,
    sources: parts.sources,
    normaliser: new Normaliser(boot, () => clock.state()),
    scorer: parts.scorer,
    severity: DEFAULT_SEVERITY,
    store: parts.store,
    router,
    intake,
    forwarder: {
      start: () => { outbox.open(); forwarder.start(); channel?.start(); },
      stop: async () => { await channel?.stop(); models?.flush(); await forwarder.stop(); outbox.close(); },
    },
    unhealthy,
    // The studio holds readings it got marked unsynced outside its time window until it hears this.
    onClockSync: (sync) => {
      try {
        outbox.enqueue(encodeEvent(clockSyncEvent(config.node, boot, sync)), 'critical');
      } catch (err) {
        log(`[sensor-collector] clock correction not queued for the studio: ${(err as Error).message}`);
      }
    },
    tickMs: 1000,
    log,
  });
  const snapshot = (): EdgeSnapshot => {
    const o = outbox.stats();
    const s = parts.store.stats?.() ?? { rawReadings: 0, bytesOnDisk: 0 };
    return {
      readingsIn: collector.counters.readingsIn, bySeverity: collector.counters.bySeverity, malformed: collector.counters.malformed, outOfWindow: collector.counters.outOfWindow, rejectedReadings: forwarder.counters.rejectedReadings,
      refused: collector.counters.refused, redelivered: collector.counters.redelivered, duplicates: collector.counters.duplicates,
      replays: intake.keys.counters.replayed, keyConflicts: intake.keys.counters.conflicts, keysHeld: intake.keys.size(), keysForgotten: intake.keys.counters.forgotten, diskFull: guard.full()?.reason ?? null, commits: intake.counters.commits, committedReadings: intake.counters.committedReadings,
      failedCommits: intake.counters.failedCommits, localBuffered: s.buffered ?? 0, heldInWindows: router.held().windowReadings, heldWarnings: router.held().warnings,
      outboxDepth: o.depth, outboxOldestAgeMs: outbox.oldestAgeMs(), outboxBytes: o.bytes, drops: o.dropped,
      delivered: forwarder.counters.delivered, rejected: forwarder.counters.rejected, retries: forwarder.counters.retries,
      bytesSent: forwarder.counters.bytesSent, rawBytes: router.counters.rawBytes,
      localReadings: s.rawReadings, localBytes: s.bytesOnDisk,
      sourceMessages: Object.fromEntries(parts.sources.flatMap((src) => (src.counters ? [[src.name, src.counters]] : []))),
    };
  };
  return { collector, outbox, forwarder, router, intake, guard, boot, explainer, channel, snapshot, models, metrics: createEdgeMetrics(snapshot) };
}
