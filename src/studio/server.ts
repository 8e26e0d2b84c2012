import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_HEALTH_LIMITS } from './health/node-health.js';
import { createApp } from './http/app.js';
import { Ingestor } from './ingest/ingestor.js';
import { AmqpConsumer } from './ingest/amqp-consumer.js';
import { AlertEngine } from './alerts/engine.js';
import { SqliteAlertRepository } from './alerts/repository.js';
import { PostgresAlertRepository } from './alerts/postgres-repository.js';
import { KnowledgeGraph } from './graph/knowledge-graph.js';
import { SqliteGraphRepository } from './graph/graph-repository.js';
import { PostgresGraphRepository } from './graph/postgres-graph-repository.js';
import { createStudioMetrics } from './metrics.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import { PostgresStore } from './store/postgres/postgres-store.js';
import { DEFAULT_RETENTION, type StudioStore } from './store/store.js';
import { parseTokens } from './http/auth.js';
import { resolveLoopback } from '../core/loopback.js';
import { InvalidInput } from '../core/errors.js';
import { LazyOpen, type OpenStatus } from './lazy-open.js';
import { listenProblem } from '../core/listen.js';
import { prepareDataDir } from '../core/data-dir.js';
import { lockDataDir, type DataDirLock } from '../core/data-dir-lock.js';
import type { AgentEvent } from '../core/agent.js';
import { createStudioBus } from './studio-events.js';
import { AgentHost } from './agent-host.js';
import type { AgentStateRepository } from './agent-state/agent-state.js';
import { SqliteAgentState } from './agent-state/sqlite-agent-state.js';
import { attachClockHold, createClockHold } from './clock-hold/wire.js';
import type { ClockHold } from './clock-hold/clock-hold.js';
import { PostgresAgentState } from './agent-state/postgres-agent-state.js';
import { itemEvent } from './agent-events.js';
import { EventPath } from './event-path.js';
import { DiskHealth, diskProblem } from './disk-health.js';
import { BackupSchedule } from './backup/backup-schedule.js';
import { GoalBook } from './goals/goal-book.js';
import { SqliteGoalRepository } from './goals/goal-repository.js';
import { PostgresGoalRepository } from './goals/postgres-goal-repository.js';
import { logger, sink, type Logger } from '../core/logger.js';
import { CommandQueue } from './commands/command-queue.js';
import { openCommandStore } from './commands/command-store.js';
import { EdgeReadings } from './commands/edge-readings.js';
import { AmqpCommandRelay } from './commands/amqp-relay.js';
import { openModelRepository, type ModelRepository } from './models/model-repository.js';
import { ModelRegistry } from './models/model-registry.js';
import { commandSender } from './models/command-sender.js';

/** How long the studio keeps an idle keep-alive connection open (see start()). */
export const KEEP_ALIVE_MS = 65_000;
import { openCrm } from './crm/open-crm.js';
import type { StudioOptions } from './studio-options.js';
import type { Crm } from './crm/crm.js';

/**
 * agent-bruno: the composition root of the studio. The constructor only assigns;
 * `start()` listens, then opens storage; `stop()` closes both.
 * @example
 * const studio = new StudioServer({ port: 8080, host: '0.0.0.0', dataDir: './data' });
 * await studio.start();
 */
export class StudioServer {
  readonly store: StudioStore;
  readonly metrics = createStudioMetrics();
  /** In-process events (stored items, alert transitions, rule edits) for the dashboard's live stream. */
  readonly bus = createStudioBus();
  /** Whether the last writes found the disk taking them (what `/readyz` and the 507s report). */
  readonly disk = new DiskHealth();
  private server?: ServerType;
  private consumer?: AmqpConsumer;
  alerts?: AlertEngine;
  graph?: KnowledgeGraph;
  /** The agents this process serves and the in-process event path to them. */
  agents?: AgentHost;
  agentState?: AgentStateRepository;
  private clockHold?: ClockHold;
  /** Goals (aigoat and `/api/v1/goals`), beside the rest of the studio's data. */
  goals?: GoalBook;
  /** agent-mary-kay's CRM (`crm.db`, or the studio's PostgreSQL). */
  crm?: Crm;
  private consumerRetry?: NodeJS.Timeout;
  private retentionTimer?: NodeJS.Timeout;
  private firstRetention?: NodeJS.Timeout;
  private opener?: LazyOpen;
  private lock?: DataDirLock;
  /** Scheduled backups, when asked for. */
  backups?: BackupSchedule;
  /** Commands for the nodes, waiting for their command channels (studio role only). */
  commands?: CommandQueue;
  /** Publishes commands to the nodes' RabbitMQ queues and takes their results (with `AMQP_URL`). */
  relay?: AmqpCommandRelay;
  private relayRetry?: NodeJS.Timeout;
  /** Trained models (`models.db` in the data directory, or the studio's PostgreSQL) and each node's deployment. */
  models?: ModelRegistry;
  private modelRepo?: ModelRepository;
  /** The address actually bound: the resolved loopback address when serving without tokens. */
  private bindHost = '';
  /** Which of store, alerts and graph are open, so a retry or stop touches each once. */
  private readonly openParts = new Set<string>();
  private readonly log: Logger;

  constructor(private readonly options: StudioOptions) {
    this.log = options.logger ?? logger('studio');
    this.store = options.store
      ?? (options.databaseUrl ? new PostgresStore(options.databaseUrl, { schema: options.databaseSchema ?? 'bruno' }) : new SqliteStore(join(options.dataDir, 'studio.db')));
  }

  /** The port actually bound (useful with port 0). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where opening storage stands (what `/readyz` reports). */
  get storage(): Readonly<OpenStatus> {
    return this.opener?.status ?? { state: 'idle', attempts: 0 };
  }

  /** Whether this process runs ingest, retention, alert ticks and graph catch-up (see `ownsIngest`). */
  get ownsIngest(): boolean {
    return this.options.ownsIngest ?? true;
  }

  /** True when the studio keeps files in its data directory (SQLite store, alerts or graph). */
  private get usesDataDir(): boolean {
    return !this.options.databaseUrl && Boolean(this.options.dataDir) && this.options.dataDir !== ':memory:';
  }

  /**
   * Listens first, then opens storage behind the listening server: `/healthz` and `/readyz` answer
   * at once (what a Knative cold start waits for) and requests wait for the open in flight. Resolves
   * after the first open attempt; a database that is down is retried with backoff (see {@link LazyOpen}).
   */
  async start(): Promise<void> {
    const warnings: string[] = [];
    const tokens = parseTokens(this.options.tokens, warnings);
    warnings.forEach((w) => this.log.warn(w));
    // Without tokens only this machine may connect: judged on the addresses the host resolves to
    // (a name like 127.0.0.1.example.com is not loopback unless DNS says so), and that address is bound.
    this.bindHost = this.options.host;
    if (tokens.length === 0 && !this.options.allowAnonymous) {
      const loopback = await resolveLoopback(this.options.host, this.options.lookup);
      if (loopback === undefined) {
        throw new InvalidInput(`refusing to listen on ${this.options.host} without tokens (it is not, or does not resolve only to, a loopback address): set HOMELAB_TOKENS (e.g. "edge-secret:ingest,team-secret:read"), bind to 127.0.0.1 with --host, or set HOMELAB_ALLOW_ANONYMOUS=1 behind another gate`, { field: 'HOMELAB_TOKENS', reason: 'insecure' });
      }
      this.bindHost = loopback;
    }
    const how = this.options.howToChoose ?? { port: '--port N or PORT=N', dataDir: '--data-dir DIR or HOMELAB_DATA_DIR' };
    if (this.usesDataDir) {
      // A data directory under a file or on a read-only disk is said once, at start, not retried forever.
      prepareDataDir(this.options.dataDir, how.dataDir);
      this.lock = lockDataDir(this.options.dataDir, this.options.lock?.name ?? 'studio', this.options.lock?.command ?? `homelab studio (port ${this.options.port})`, sink(this.log, 'warn'));
    }
    try {
      await this.buildAndListen(tokens, how.port);
    } catch (err) {
      this.lock?.release();
      throw err;
    }
    await this.opener!.begin();
  }

  private async buildAndListen(tokens: ReturnType<typeof parseTokens>, howToChoosePort: string): Promise<void> {
    const ingestor = new Ingestor(this.store, this.metrics);
    // Readings on an unsynced clock outside the time window wait for the node's correction.
    const hold = this.clockHold = createClockHold(this.options.store ? { dataDir: this.options.dataDir } : this.options, this.metrics);
    // Alert rules and states beside the studio's data: PostgreSQL when it has one (shared by replicas).
    const alertRepo = this.options.databaseUrl && !this.options.store
      ? new PostgresAlertRepository(this.options.databaseUrl, this.options.databaseSchema)
      : new SqliteAlertRepository(this.options.dataDir ? join(this.options.dataDir, 'alerts.db') : ':memory:');
    const resolvedRetentionMs = this.options.retention?.resolvedAlertsMs;
    const alerts = this.alerts = new AlertEngine({ store: this.store, repo: alertRepo, metricsRegistry: this.metrics.registry, bus: this.bus, ...(resolvedRetentionMs ? { resolvedRetentionMs } : {}) });
    const graph = this.graph = new KnowledgeGraph(this.options.databaseUrl && !this.options.store
      ? new PostgresGraphRepository(this.options.databaseUrl, this.options.databaseSchema)
      : new SqliteGraphRepository(this.options.dataDir ? join(this.options.dataDir, 'graph.db') : ':memory:'));
    const state = this.agentState = this.options.databaseUrl && !this.options.store
      ? new PostgresAgentState(this.options.databaseUrl, this.options.databaseSchema)
      : new SqliteAgentState(this.options.dataDir && this.options.dataDir !== ':memory:' ? join(this.options.dataDir, 'agents.db') : ':memory:');
    // The command channel's queue beside the studio's data: its own file (small, read by id), or
    // tables in the studio's PostgreSQL, shared by its replicas (LISTEN/NOTIFY wakes their long-polls).
    const commands = this.commands = this.ownsIngest ? new CommandQueue({
      store: openCommandStore(this.options.databaseUrl && !this.options.store ? { url: this.options.databaseUrl, schema: this.options.databaseSchema } : { dataDir: this.usesDataDir ? this.options.dataDir : ':memory:' }, this.log.child({ ns: 'studio:commands' })),
      ...this.options.commands,
      onEvent: (event, d) => this.metrics.edgeCommands.inc({ type: d.type, event, reason: d.reason ?? '' }),
      onSend: (c) => void this.relay?.publish(c),
      onError: (err) => this.log.warn({ err, part: 'commands' }, 'command queue sweep failed; retried'),
    }) : undefined;
    // With a broker, commands also go to each node's RabbitMQ queue (nodes on TRANSPORT=amqp take them there).
    if (commands && this.options.amqpUrl) this.relay = new AmqpCommandRelay(commands, { url: this.options.amqpUrl, ...(this.options.commandTopology ? { topology: this.options.commandTopology } : {}), log: sink(this.log, 'warn') });
    if (commands) this.metrics.watchCommands(() => (this.openParts.has('commands') ? commands.depth() : Promise.resolve(0)));
    const goals = this.goals = new GoalBook({ store: this.store, repo: this.options.databaseUrl && !this.options.store
      ? new PostgresGoalRepository(this.options.databaseUrl, this.options.databaseSchema)
      : new SqliteGoalRepository(this.options.dataDir && this.options.dataDir !== ':memory:' ? join(this.options.dataDir, 'goals.db') : ':memory:') });
    // Events agents emit (aigoat's goal events) take the webhooks' path: the Broker, or this process's agents.
    const path: { to?: EventPath } = {};
    const publish = (event: AgentEvent) => path.to!.publish(event);
    const crm = this.crm = openCrm(this.options.databaseUrl && !this.options.store ? { url: this.options.databaseUrl, schema: this.options.databaseSchema } : { dataDir: this.options.dataDir }, this.options.crm);
    // Trained models beside the rest of the studio's data: its PostgreSQL when it has one (a Knative pod's emptyDir would lose them).
    this.modelRepo = openModelRepository(this.options.databaseUrl && !this.options.store ? { url: this.options.databaseUrl, schema: this.options.databaseSchema } : { dataDir: this.usesDataDir ? this.options.dataDir : ':memory:' });
    const models = this.models = new ModelRegistry({ repo: this.modelRepo, store: this.store, ...(this.options.trainer ? { trainer: this.options.trainer } : {}) });
    // Deployments go to the nodes as model.deploy commands (a node offline takes its command when it polls again).
    if (commands) models.sender = commandSender(commands);
    const agents = this.agents = new AgentHost(this.options.agents?.({ store: this.store, alerts, graph, state, goals, crm, publish, models, healthLimits: DEFAULT_HEALTH_LIMITS, clock: Date.now, ...(this.options.llm ? { llm: this.options.llm } : {}), ...(commands ? { edge: new EdgeReadings(commands) } : {}) }) ?? [],
      (agent, _event, outcome) => this.metrics.agentEvents.inc({ agent, status: outcome.status }));
    const eventPath = path.to = new EventPath(agents, this.options.eventSinkUrl);
    if (this.ownsIngest) {
      // Nodes report their model's state changes (shadow, active, rolled_back) as events.
      ingestor.onStored((items) => { for (const i of items) if (i.model) void models.record(i.model).catch((err: Error) => this.log.error({ err, part: 'models' }, 'model report not stored')); });
      attachClockHold(hold, ingestor, this.log.child({ ns: 'studio:clock' }));
      ingestor.onStored((_items, summary) => void graph.onData(summary).catch((err: Error) => this.log.error({ err, part: 'graph' }, 'graph update failed')));
      ingestor.onStored((_items, summary) => void alerts.onData(summary).catch((err: Error) => this.log.error({ err, part: 'alerts' }, 'alert update failed')));
      ingestor.onStored((items) => this.bus.emit('stored', items));
      ingestor.onStored(() => this.disk.ok());
      // Stored edge events go on to the agents subscribed to their type (the auditor: critical anomalies).
      ingestor.onStored((items) => {
        for (const item of items) {
          if (agents.subscribers(item.event.type).length === 0) continue;
          const event = itemEvent(item);
          if (event) void agents.dispatch(event);
        }
      });
    }
    // A disk too full to open storage on is a disk state (/readyz 503 with it, writes 507), not a crash.
    const open = () => this.openStorage(ingestor).then(() => this.disk.ok(), (err: unknown) => {
      const problem = diskProblem(err);
      if (problem) this.disk.failed(problem);
      throw err;
    });
    this.opener = new LazyOpen(open, { log: sink(this.log, 'warn') });
    const opener = this.opener;
    const app = createApp({
      store: this.store, ingestor, agents, agentState: state, crm, ownsIngest: this.ownsIngest, metrics: this.metrics,
      healthLimits: DEFAULT_HEALTH_LIMITS, maxBodyBytes: this.options.maxBodyBytes ?? 8 * 1024 * 1024,
      readiness: () => opener.status, whenOpen: () => opener.whenOpen(),
      eventPath, goals, webhooks: this.options.webhooks ?? {},
      tokens, bus: this.bus, disk: this.disk, ...(commands ? { commands } : {}), models, ...(this.options.sensorMetricsMaxSeries ? { sensorMetricsMaxSeries: this.options.sensorMetricsMaxSeries } : {}), ...(this.options.rateLimitPerSecond ? { rateLimitPerSecond: this.options.rateLimitPerSecond } : {}), alerts, graph,
    });
    await new Promise<void>((resolve, reject) => {
      this.server = serve({ fetch: app.fetch, port: this.options.port, hostname: this.bindHost }, () => resolve());
      // Node closes an idle keep-alive connection after 5 s, the moment a client (undici keeps one
      // 4 s) may be sending its next request on it: the request dies with "other side closed". A
      // busy event loop (a long training, a loaded machine) runs those timers late and in bulk,
      // so the race became common. 65 s idle is beyond proxies' 60 s, which then close first.
      Object.assign(this.server, { keepAliveTimeout: KEEP_ALIVE_MS, headersTimeout: KEEP_ALIVE_MS + 1000 });
      this.server.once('error', (err) => reject(listenProblem(err, this.options.host, this.options.port, howToChoosePort)));
    });
  }

  /** Opens each part once (a retry after a partial failure skips what is already open), then starts the jobs. */
  private async openStorage(ingestor: Ingestor): Promise<void> {
    // An agent-only process opens the same storage but runs none of the owner's jobs: no alert
    // ticks, no graph catch-up, no retention, no broker consumer.
    const owns = this.ownsIngest;
    const parts: [string, () => Promise<void>][] = [
      ['store', () => this.store.open()],
      ...(this.commands ? [['commands', () => this.commands!.open()] as [string, () => Promise<void>]] : []),
      ['alerts', () => (owns ? this.alerts!.start() : this.alerts!.repo.open())],
      ['graph', () => (owns ? this.graph!.start(this.store) : this.graph!.start())],
      ['agent-state', () => this.agentState!.open()],
      ['goals', () => this.goals!.open()],
      ['crm', () => this.crm!.open()],
      ['agents', () => this.agents!.start()],
      ['models', () => this.modelRepo!.open()],
      ['clock-hold', () => this.clockHold!.open()],
    ];
    for (const [name, open] of parts) {
      if (this.openParts.has(name)) continue;
      await open();
      this.openParts.add(name);
    }
    if (!owns) return;
    // A correction a crash cut short is applied again (deduplicated by event id, so never twice).
    void this.clockHold!.resume((events) => ingestor.accept(events)).catch((err: Error) => this.log.error({ err, part: 'clock-hold' }, 'resuming clock corrections failed'));
    // Retention runs hourly (and once shortly after start), never blocking start-up.
    const retain = () => {
      void this.store.enforceRetention({ now: Date.now(), ...DEFAULT_RETENTION, ...this.options.retention })
        .catch((err: Error) => this.log.error({ err, part: 'retention' }, 'retention failed'));
      void this.clockHold!.expire().catch((err: Error) => this.log.error({ err, part: 'clock-hold' }, 'expiring held readings failed'));
    };
    this.retentionTimer = setInterval(retain, 3_600_000);
    this.firstRetention = setTimeout(retain, 60_000);
    this.firstRetention.unref();
    if (this.options.backup && this.usesDataDir && this.store.engine === 'sqlite') {
      const b = this.options.backup;
      this.backups = new BackupSchedule({
        dataDir: this.options.dataDir, intervalMs: b.intervalMs, ...(b.keep ? { keep: b.keep } : {}), ...(b.dir ? { dir: b.dir } : {}),
        log: sink(this.log.child({ ns: 'studio:backup' }), 'error'),
        onDone: (r) => this.metrics.backups.inc({ outcome: r.skipped ? 'skipped' : r.error ? 'failed' : 'written' }),
      });
      this.backups.start();
    }
    if (this.relay) this.startRelay(this.relay);
    if (this.options.amqpUrl) this.startConsumer(new AmqpConsumer(ingestor, {
      url: this.options.amqpUrl, log: sink(this.log.child({ ns: 'studio:amqp' })),
      ...(this.options.amqpQueue ? { queue: this.options.amqpQueue } : {}), ...(this.options.amqpExchange ? { exchange: this.options.amqpExchange } : {}),
    }));
  }

  /** The broker may come up after the studio: keep trying in the background, never block start. */
  private startConsumer(consumer: AmqpConsumer): void {
    const attempt = () => consumer.start().then(() => { this.consumer = consumer; }, (err: Error) => {
      this.log.warn({ err }, 'AMQP consumer not connected; retrying in 5 s');
      this.consumerRetry = setTimeout(attempt, 5000);
    });
    void attempt();
  }

  /** Like the consumer: the broker may come up later; keep trying, never block start. */
  private startRelay(relay: AmqpCommandRelay): void {
    const attempt = () => relay.start().catch((err: Error) => {
      this.log.warn({ err }, 'AMQP command relay not connected; retrying in 5 s');
      this.relayRetry = setTimeout(attempt, 5000);
    });
    void attempt();
  }

  async stop(): Promise<void> {
    clearTimeout(this.relayRetry);
    await this.relay?.stop();
    clearTimeout(this.consumerRetry);
    clearInterval(this.retentionTimer);
    this.backups?.stop();
    clearTimeout(this.firstRetention);
    await this.opener?.stop();
    await this.consumer?.stop();
    if (this.openParts.has('agents')) await this.agents?.stop();
    if (this.openParts.has('agent-state')) await this.agentState?.close();
    if (this.openParts.has('goals')) await this.goals?.close();
    if (this.openParts.has('crm')) await this.crm?.close();
    if (this.openParts.has('alerts')) await this.alerts?.stop();
    if (this.openParts.has('graph')) await this.graph?.stop();
    const server = this.server as (ServerType & { closeAllConnections?: () => void }) | undefined;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.(); // keep-alive sockets would hold close() open
      await closed;
    }
    if (this.openParts.has('models')) await this.modelRepo?.close();
    if (this.openParts.has('clock-hold')) await this.clockHold?.close();
    if (this.openParts.has('store')) await this.store.close();
    if (this.openParts.has('commands')) await this.commands?.close();
    this.openParts.clear();
    this.lock?.release();
    this.lock = undefined;
  }
}

export { llmFromEnv, retentionFromEnv, studioEnv } from './settings.js';
export type { StudioOptions } from './studio-options.js';
