import type { LlmConfig } from '../core/llm-client.js';
import { envBoolean, envBytes, envChoice, envDuration, envInteger, envNumber, envString, envUrl, envValue, type Env, type EnvReport } from '../core/env.js';
import { DAY } from '../core/time.js';
import { COMMAND_LIMITS } from '../core/commands.js';
import type { StudioOptions } from './server.js';
import { logger } from '../core/logger.js';

/** PostgreSQL identifiers the studio accepts as a schema name (quoted anyway; this keeps them readable). */
const SCHEMA_NAME = { accepts: 'a schema name: letters, digits and _ (at most 63, not starting with a digit)', read: (t: string) => (/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(t.trim()) ? t.trim() : undefined), show: String };

/** An ISO 4217 currency code (`CRM_DEFAULT_CURRENCY`). */
const CURRENCY = { accepts: 'a 3-letter ISO 4217 currency code such as USD or EUR', read: (t: string) => (/^[A-Za-z]{3}$/.test(t.trim()) ? t.trim().toUpperCase() : undefined), show: String };

/**
 * The model settings from the environment, when both `LLM_BASE_URL` and `LLM_MODEL` are set.
 * @example
 * llmFromEnv({ LLM_BASE_URL: 'http://localhost:11434/v1', LLM_MODEL: 'llama3.2' })
 */
export function llmFromEnv(env: Env, report: EnvReport = { warnings: [] }): LlmConfig | undefined {
  const baseUrl = envUrl(env, 'LLM_BASE_URL', undefined, report, ['http:', 'https:']);
  const model = envString(env, 'LLM_MODEL');
  if (!baseUrl || !model) return undefined;
  const apiKey = envString(env, 'LLM_API_KEY');
  return { baseUrl, model, ...(apiKey ? { apiKey } : {}), timeoutMs: envInteger(env, 'LLM_TIMEOUT_MS', 20_000, { min: 100, max: 600_000 }, report) };
}

/**
 * How long data is kept, from `RETENTION_RAW_DAYS` (raw readings and events, default 30),
 * `RETENTION_ROLLUP_DAYS` (5-minute and hourly aggregates, default 365) and
 * `RETENTION_RESOLVED_ALERTS_DAYS` (resolved alerts, default 30); unset ones keep their default, a
 * bad value is reported in `report` and ignored. Undefined when none is set.
 * @example
 * retentionFromEnv({ RETENTION_RAW_DAYS: '7' }, { warnings: [] }) // { rawMs: 604800000 }
 */
export function retentionFromEnv(env: Env, report: EnvReport): StudioOptions['retention'] {
  const days = (name: string, fallback: number): number | undefined =>
    (env[name]?.trim() ? envNumber(env, name, fallback, { min: 1, max: 36_500 }, report) * DAY : undefined);
  const rawMs = days('RETENTION_RAW_DAYS', 30);
  const rollupMs = days('RETENTION_ROLLUP_DAYS', 365);
  const resolvedAlertsMs = days('RETENTION_RESOLVED_ALERTS_DAYS', 30);
  const retention = { ...(rawMs ? { rawMs } : {}), ...(rollupMs ? { rollupMs } : {}), ...(resolvedAlertsMs ? { resolvedAlertsMs } : {}) };
  return Object.keys(retention).length ? retention : undefined;
}

/** The studio settings that come from the environment only (the CLI resolves port, host and data dir with its flags). */
export type StudioEnvSettings = Pick<StudioOptions, 'webhooks' | 'eventSinkUrl' | 'ownsIngest' | 'tokens' | 'llm' | 'amqpUrl' | 'allowAnonymous' | 'databaseSchema' | 'rateLimitPerSecond' | 'retention' | 'sensorMetricsMaxSeries' | 'backup' | 'commands' | 'crm'>;

/**
 * The studio settings that come from the environment: tokens, model, broker, anonymous mode,
 * rate limit, retention. A bad value is reported in `report` (or, without one, on stderr) naming
 * the variable, the value and what it accepts, and the default is used.
 * @example
 * new StudioServer({ port: 8080, host: '127.0.0.1', dataDir: './data', ...studioEnv(process.env) })
 */
export function studioEnv(env: Env, report?: EnvReport): StudioEnvSettings {
  const r = report ?? { warnings: [] };
  const llm = llmFromEnv(env, r);
  const retention = retentionFromEnv(env, r);
  const tokens = envString(env, 'HOMELAB_TOKENS');
  const amqpUrl = envUrl(env, 'AMQP_URL', undefined, r, ['amqp:', 'amqps:']);
  const databaseSchema = envValue(env, 'DATABASE_SCHEMA', SCHEMA_NAME, undefined, r);
  const rateLimit = envNumber(env, 'RATE_LIMIT', 200, { min: 1, max: 1_000_000 }, r);
  const role = env.HOMELAB_ROLE?.trim() ? envChoice(env, 'HOMELAB_ROLE', ['studio', 'agent'] as const, 'studio', r) : undefined;
  const githubSecret = envString(env, 'GITHUB_WEBHOOK_SECRET');
  const slackSecret = envString(env, 'SLACK_SIGNING_SECRET');
  const eventSinkUrl = envUrl(env, 'EVENT_SINK_URL', undefined, r, ['http:', 'https:']) ?? envUrl(env, 'K_SINK', undefined, r, ['http:', 'https:']);
  const backupIntervalMs = envDuration(env, 'BACKUP_INTERVAL', undefined, { minMs: 60_000 }, r);
  const backupDir = envString(env, 'BACKUP_DIR');
  const L = COMMAND_LIMITS;
  const commands = {
    maxPerNode: envInteger(env, 'COMMAND_QUEUE_MAX_PER_NODE', L.maxPerNode, { min: 1, max: 100_000 }, r),
    maxCommandBytes: envBytes(env, 'COMMAND_MAX_BYTES', L.maxCommandBytes, { min: 1024, max: 64 * 1024 * 1024 }, r),
    maxResultBytes: envBytes(env, 'COMMAND_RESULT_MAX_BYTES', L.maxResultBytes, { min: 1024, max: 8 * 1024 * 1024 }, r),
    maxTtlMs: envDuration(env, 'COMMAND_MAX_TTL', L.maxTtlMs, { minMs: 60_000, maxMs: 365 * DAY }, r),
  };
  const crmCurrency = envValue(env, 'CRM_DEFAULT_CURRENCY', CURRENCY, undefined, r);
  const settings: StudioEnvSettings = {
    commands,
    ...(backupIntervalMs ? { backup: { intervalMs: backupIntervalMs, keep: envInteger(env, 'BACKUP_KEEP', 7, { min: 1, max: 10_000 }, r), ...(backupDir ? { dir: backupDir } : {}) } } : {}),
    webhooks: { ...(githubSecret ? { githubSecret } : {}), ...(slackSecret ? { slackSecret } : {}) },
    ...(eventSinkUrl ? { eventSinkUrl } : {}),
    ...(crmCurrency ? { crm: { defaultCurrency: crmCurrency } } : {}),
    ...(role ? { ownsIngest: role === 'studio' } : {}),
    ...(retention ? { retention } : {}),
    ...(tokens ? { tokens } : {}),
    ...(llm ? { llm } : {}),
    ...(amqpUrl ? { amqpUrl } : {}),
    ...(databaseSchema ? { databaseSchema } : {}),
    rateLimitPerSecond: rateLimit,
    allowAnonymous: envBoolean(env, 'HOMELAB_ALLOW_ANONYMOUS', false, r),
    sensorMetricsMaxSeries: envInteger(env, 'SENSOR_METRICS_MAX_SERIES', 1000, { min: 1, max: 100_000 }, r),
  };
  if (!report) r.warnings.forEach((w) => logger('settings').warn(w));
  return settings;
}
