import { hostname } from 'node:os';
import { envBoolean, envChoice, envNumber, envPort, envString, envUrl, type Env, type EnvReport } from '../core/env.js';

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
  };
}
