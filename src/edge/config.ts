import { hostname } from 'node:os';
import { envBoolean, envBytes, envChoice, envDuration, envInteger, envNumber, envPort, envString, envUrl, type Env, type EnvReport } from '../core/env.js';

/** Everything a sensor-collector needs to know; one schema, defaults, environment overrides. */
export interface EdgeConfig {
  /** This node's name (`NODE_NAME`; the DaemonSet sets it from spec.nodeName). */
  node: string;
  location?: string;
  /** agent-bruno's base URL (`STUDIO_AGENT_URL`). */
  studioUrl: string;
  /** Ingest token for the studio (`HOMELAB_TOKEN`). */
  token?: string;
  transport: 'http' | 'amqp';
  amqpUrl?: string;
  /** Seconds between health reports and heartbeats (`REPORT_INTERVAL`, seed: 60). */
  reportIntervalS: number;
  /** Seconds between sensor samples of the simulator (`SAMPLE_INTERVAL`). */
  sampleIntervalS: number;
  /** Aggregate window for normal data and batch period for warnings, seconds (seed: 300). */
  windowS: number;
  warningBatchS: number;
  dataDir: string;
  /** Port of the collector's own /healthz, /metrics and /push (`EDGE_PORT`). */
  port: number;
  mqttUrl?: string;
  /** Simulate the warehouse sensors (`SIMULATE=1`, or `homelab up`). */
  simulate: boolean;
  /** Host /proc and /sys (in a container: hostPath mounts). */
  procPath: string;
  sysPath: string;
  /** Report this machine's real health as the node's. */
  realHealth: boolean;
  /** Bounds of the outbox (`OUTBOX_MAX_BYTES`, `OUTBOX_MAX_EVENTS`): past them normal events go first, critical last (counted). */
  outboxMaxBytes: number;
  outboxMaxEvents: number;
  /** Bound on the local reading store's used pages (`LOCAL_STORE_MAX_BYTES`): past it the oldest raw readings go (counted). */
  localStoreMaxBytes: number;
  /** How long the local store keeps raw readings and 5-minute aggregates (`LOCAL_RAW_RETENTION`, `LOCAL_AGGREGATE_RETENTION`). */
  rawRetentionMs: number;
  aggregateRetentionMs: number;
  /** Longest wait before readings are committed together, ms (`GROUP_COMMIT_MS`); each commit is one fsync. */
  groupCommitMs: number;
  /** Space kept free in the data directory for critical events when the disk fills (`DISK_RESERVE_BYTES`). */
  diskReserveBytes: number;
  /** Take commands from the studio over an outbound long-poll (`COMMAND_CHANNEL`, default on). */
  commandChannel: boolean;
  /** How long one command long-poll waits at the studio, seconds (`COMMAND_POLL_WAIT`, default 25 s). */
  commandPollWaitMs: number;
  /** Senders' batch keys remembered for idempotent retries (`IDEMPOTENCY_KEYS`) and for how long (`IDEMPOTENCY_TTL`). */
  idempotencyKeys: number;
  idempotencyTtlMs: number;
  /** When a deployed model cuts over and when it is rolled back (`MODEL_SHADOW_WINDOW`, `MODEL_WATCH_WINDOW`, `MODEL_ROLLBACK_FACTOR`, `MODEL_ROLLBACK_MIN_ALARMS`). */
  modelPolicy: { shadowMs: number; watchMs: number; rollbackFactor: number; rollbackMinAlarms: number };
  /** A local OpenAI-compatible model (`LLM_BASE_URL`, `LLM_MODEL`) that explains critical anomalies. */
  llm?: { baseUrl: string; model: string; timeoutMs: number };
}

/**
 * Reads the collector's settings from the environment: bad values warn and fall back.
 * @example
 * const report = { warnings: [] };
 * const cfg = edgeConfigFromEnv(process.env, report);
 * report.warnings.forEach((w) => console.warn(w));
 */
export function edgeConfigFromEnv(env: Env, report: EnvReport): EdgeConfig {
  const location = envString(env, 'LOCATION');
  const token = envString(env, 'HOMELAB_TOKEN');
  const mqttUrl = envUrl(env, 'MQTT_URL', undefined, report, ['mqtt:', 'mqtts:', 'tcp:', 'tls:', 'ws:', 'wss:']);
  const amqpUrl = envUrl(env, 'AMQP_URL', undefined, report, ['amqp:', 'amqps:']);
  const llmUrl = envUrl(env, 'LLM_BASE_URL', undefined, report, ['http:', 'https:']);
  return {
    node: envString(env, 'NODE_NAME', hostname()),
    ...(location ? { location } : {}),
    studioUrl: envUrl(env, 'STUDIO_AGENT_URL', 'http://localhost:8080', report, ['http:', 'https:'])!,
    ...(token ? { token } : {}),
    transport: envChoice(env, 'TRANSPORT', ['http', 'amqp'] as const, 'http', report),
    ...(amqpUrl ? { amqpUrl } : {}),
    reportIntervalS: envNumber(env, 'REPORT_INTERVAL', 60, { min: 1, max: 86_400 }, report),
    sampleIntervalS: envNumber(env, 'SAMPLE_INTERVAL', 5, { min: 0.01, max: 3600 }, report),
    windowS: envNumber(env, 'AGGREGATE_WINDOW', 300, { min: 1, max: 86_400 }, report),
    warningBatchS: envNumber(env, 'WARNING_BATCH_INTERVAL', 300, { min: 1, max: 86_400 }, report),
    dataDir: envString(env, 'HOMELAB_DATA_DIR', './data'),
    port: envPort(env, 'EDGE_PORT', 9464, report),
    ...(mqttUrl ? { mqttUrl } : {}),
    simulate: envBoolean(env, 'SIMULATE', false, report),
    procPath: envString(env, 'HOST_PROC', '/proc'),
    sysPath: envString(env, 'HOST_SYS', '/sys'),
    ...(llmUrl && envString(env, 'LLM_MODEL')
      ? { llm: { baseUrl: llmUrl, model: envString(env, 'LLM_MODEL')!, timeoutMs: envNumber(env, 'LLM_TIMEOUT_MS', 15_000, { min: 100 }, report) } }
      : {}),
    realHealth: envBoolean(env, 'REAL_HEALTH', true, report),
    commandChannel: envBoolean(env, 'COMMAND_CHANNEL', true, report),
    commandPollWaitMs: envDuration(env, 'COMMAND_POLL_WAIT', 25_000, { minMs: 1000, maxMs: 60_000 }, report),
    modelPolicy: {
      shadowMs: envDuration(env, 'MODEL_SHADOW_WINDOW', 3_600_000, { minMs: 0, maxMs: 30 * 86_400_000 }, report),
      watchMs: envDuration(env, 'MODEL_WATCH_WINDOW', 86_400_000, { minMs: 0, maxMs: 365 * 86_400_000 }, report),
      rollbackFactor: envNumber(env, 'MODEL_ROLLBACK_FACTOR', 2, { min: 1, max: 1000 }, report),
      rollbackMinAlarms: envInteger(env, 'MODEL_ROLLBACK_MIN_ALARMS', 3, { min: 1, max: 1_000_000 }, report),
    },
    ...edgeBoundsFromEnv(env, report),
  };
}

/** Defaults of the collector's bounds (README reference). */
export const EDGE_BOUNDS = {
  outboxMaxBytes: 64 * 1024 * 1024, outboxMaxEvents: 500_000, localStoreMaxBytes: 256 * 1024 * 1024,
  rawRetentionMs: 7 * 86_400_000, aggregateRetentionMs: 90 * 86_400_000, groupCommitMs: 2, diskReserveBytes: 4 * 1024 * 1024,
  idempotencyKeys: 10_000, idempotencyTtlMs: 86_400_000,
} as const;

const MIB = 1024 * 1024;

/** The outbox, local store, commit and disk settings: bad values warn and fall back to EDGE_BOUNDS. */
export function edgeBoundsFromEnv(env: Env, report: EnvReport): Pick<EdgeConfig, keyof typeof EDGE_BOUNDS> {
  const d = EDGE_BOUNDS;
  return {
    outboxMaxBytes: envBytes(env, 'OUTBOX_MAX_BYTES', d.outboxMaxBytes, { min: MIB, max: 64 * 1024 * MIB }, report),
    outboxMaxEvents: envInteger(env, 'OUTBOX_MAX_EVENTS', d.outboxMaxEvents, { min: 100, max: 100_000_000 }, report),
    localStoreMaxBytes: envBytes(env, 'LOCAL_STORE_MAX_BYTES', d.localStoreMaxBytes, { min: MIB, max: 1024 * 1024 * MIB }, report),
    rawRetentionMs: envDuration(env, 'LOCAL_RAW_RETENTION', d.rawRetentionMs, { minMs: 3_600_000, maxMs: 3650 * 86_400_000 }, report),
    aggregateRetentionMs: envDuration(env, 'LOCAL_AGGREGATE_RETENTION', d.aggregateRetentionMs, { minMs: 86_400_000, maxMs: 3650 * 86_400_000 }, report),
    groupCommitMs: envNumber(env, 'GROUP_COMMIT_MS', d.groupCommitMs, { min: 0, max: 1000 }, report),
    diskReserveBytes: envBytes(env, 'DISK_RESERVE_BYTES', d.diskReserveBytes, { min: 0, max: 1024 * MIB }, report),
    idempotencyKeys: envInteger(env, 'IDEMPOTENCY_KEYS', d.idempotencyKeys, { min: 0, max: 10_000_000 }, report),
    idempotencyTtlMs: envDuration(env, 'IDEMPOTENCY_TTL', d.idempotencyTtlMs, { minMs: 60_000, maxMs: 30 * 86_400_000 }, report),
  };
}
