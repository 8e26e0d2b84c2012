import type { CommandTopology } from '../core/amqp-commands.js';
import type { LlmConfig } from '../core/llm-client.js';
import type { Logger } from '../core/logger.js';
import type { Lookup } from '../core/loopback.js';
import type { ModelTrainer } from '../core/training.js';
import type { AgentsFactory } from './agent-host.js';
import type { CommandQueueOptions } from './commands/command-queue.js';
import type { StudioStore } from './store/store.js';

/** Every part of a studio process, overridable through this one object (the CLI builds it from the environment once). */
export interface StudioOptions {
  /** The studio's logger (default: the process's, namespace `studio`); its parts log to children of it. */
  logger?: Logger;
  port: number;
  host: string;
  dataDir: string;
  maxBodyBytes?: number;
  /** PostgreSQL URL (`DATABASE_URL`); when set, used instead of the embedded SQLite file. */
  databaseUrl?: string;
  /** PostgreSQL schema for the store, alerts and graph (`DATABASE_SCHEMA`, default bruno). */
  databaseSchema?: string;
  /** OpenAI-compatible model for questions the model-free layer cannot place (`LLM_BASE_URL`, `LLM_MODEL`). */
  llm?: LlmConfig;
  /** Requests per second per client (`RATE_LIMIT`, default 200; burst 5×). */
  rateLimitPerSecond?: number;
  /** How long data is kept (default: raw 30 days, rollups 1 year, resolved alerts 30 days). */
  retention?: { rawMs?: number; rollupMs?: number; resolvedAlertsMs?: number };
  /** RabbitMQ URL (`AMQP_URL`): also consume events from the broker. */
  amqpUrl?: string;
  /** Queue and exchange names (defaults in core/amqp-topology; tests isolate with their own). */
  amqpQueue?: string;
  amqpExchange?: string;
  /** Bearer tokens with scopes (`HOMELAB_TOKENS` format: `token:scope+scope,…`). */
  tokens?: string;
  /** Serve without tokens beyond loopback (`HOMELAB_ALLOW_ANONYMOUS=1`): only behind another gate. */
  allowAnonymous?: boolean;
  /** Sensor series on `/metrics/sensors` at most (`SENSOR_METRICS_MAX_SERIES`, default 1000; the most recently seen). */
  sensorMetricsMaxSeries?: number;
  /** The agents to serve, built over the studio's domain APIs (the composition root's choice; none by default). */
  agents?: AgentsFactory;
  /**
   * Whether this process owns ingest, retention, alert ticks and the graph's catch-up (`HOMELAB_ROLE`:
   * `studio`, the default, owns them; `agent` does not, and `/events` then hands events to its
   * agents without storing them: what a Knative Trigger delivers to an agent's own Service).
   */
  ownsIngest?: boolean;
  /** Webhook secrets: `GITHUB_WEBHOOK_SECRET` (X-Hub-Signature-256) and `SLACK_SIGNING_SECRET`. */
  webhooks?: { githubSecret?: string; slackSecret?: string };
  /** Where webhook events go (`EVENT_SINK_URL`, else Knative's `K_SINK`): the Broker; unset, this process's agents. */
  eventSinkUrl?: string;
  /** The data directory's lock file name and the command it names (default `studio`; an agent alone takes its own). */
  lock?: { name: string; command: string };
  /** Scheduled backups of the embedded store (`BACKUP_INTERVAL`, `BACKUP_KEEP`, `BACKUP_DIR`); SQLite only. */
  backup?: { intervalMs: number; keep?: number; dir?: string };
  /** RabbitMQ names of the command channel (tests isolate with their own; default core/amqp-commands). */
  commandTopology?: CommandTopology;
  /** Bounds of the command channel to the nodes (`COMMAND_QUEUE_MAX_PER_NODE`, `COMMAND_MAX_BYTES`, `COMMAND_RESULT_MAX_BYTES`, `COMMAND_MAX_TTL`). */
  commands?: Pick<CommandQueueOptions, 'maxPerNode' | 'maxCommandBytes' | 'maxResultBytes' | 'maxTtlMs'>;
  /** Resolves host names for the loopback check (tests; default the system resolver). */
  lookup?: Lookup;
  /** The CRM's settings (`CRM_DEFAULT_CURRENCY`). */
  crm?: { defaultCurrency?: string };
  /** Use this store instead (tests, other engines). */
  store?: StudioStore;
  /** Trains models for `POST /api/v1/models` (src/app wires the forge trainer in; none: uploads only). */
  trainer?: ModelTrainer;
  /** How a user chooses another port or data directory, for the messages when they are taken (default: the CLI's flags). */
  howToChoose?: { port: string; dataDir: string };
}

