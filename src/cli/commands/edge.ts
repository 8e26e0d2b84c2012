import type { Command } from 'commander';
import type { EdgeConfig } from '../../edge/config.js';
import type { Source } from '../../edge/sources/source.js';
import { onShutdown } from '../shutdown.js';
import { flag, printWarnings } from '../flags.js';
import { byteSize, duration, integerIn, numberIn, port, text, url } from '../../core/settings.js';

const MIB = 1024 * 1024;
const DAY_MS = 86_400_000;
import type { Env } from '../../core/env.js';
import { logger, sink } from '../../core/logger.js';

interface EdgeOptions {
  studioUrl?: string; node?: string; location?: string; dataDir?: string; port?: number; simulate?: boolean;
  outboxMaxBytes?: number; outboxMaxEvents?: number; localStoreMaxBytes?: number; localRawRetention?: number; localAggregateRetention?: number;
  groupCommitMs?: number; diskReserveBytes?: number; idempotencyKeys?: number; idempotencyTtl?: number;
}

/** `homelab edge`: one sensor-collector, configured from flags and environment. */
export function registerEdge(program: Command, env: Env): void {
  program.command('edge')
    .description('Run a sensor-collector: read sources, detect and classify locally, keep data on the node, forward what matters to agent-bruno.')
    .option('--studio-url <url>', "agent-bruno's URL (env STUDIO_AGENT_URL)", flag(url(['http:', 'https:'])))
    .option('--node <name>', 'this node\'s name (env NODE_NAME, default the hostname)', flag(text(128)))
    .option('--location <name>', 'where the node is (env LOCATION)', flag(text(128)))
    .option('-d, --data-dir <dir>', 'local store and outbox (env HOMELAB_DATA_DIR)', flag(text()))
    .option('--port <n>', 'port of /healthz and /metrics, 0 = off (env EDGE_PORT, default 9464)', flag(port))
    .option('--simulate', 'add simulated warehouse sensors for this node (env SIMULATE=1)')
    .option('--outbox-max-bytes <size>', 'bound of the outbox, e.g. 64MiB (env OUTBOX_MAX_BYTES; past it normal events go first, critical last)', flag(byteSize(MIB, 64 * 1024 * MIB)))
    .option('--outbox-max-events <n>', 'bound of the outbox in events (env OUTBOX_MAX_EVENTS, default 500000)', flag(integerIn(100, 100_000_000)))
    .option('--local-store-max-bytes <size>', 'bound of the local reading store, e.g. 256MiB (env LOCAL_STORE_MAX_BYTES; past it the oldest raw readings go)', flag(byteSize(MIB, 1024 * 1024 * MIB)))
    .option('--local-raw-retention <duration>', 'how long raw readings stay on the node, e.g. 7d (env LOCAL_RAW_RETENTION)', flag(duration(3_600_000, 3650 * DAY_MS)))
    .option('--local-aggregate-retention <duration>', 'how long 5-minute aggregates stay on the node, e.g. 90d (env LOCAL_AGGREGATE_RETENTION)', flag(duration(DAY_MS, 3650 * DAY_MS)))
    .option('--group-commit-ms <ms>', 'longest wait before accepted readings share one fsync (env GROUP_COMMIT_MS, default 2)', flag(numberIn(0, 1000)))
    .option('--disk-reserve-bytes <size>', 'space set aside for critical events when the disk fills (env DISK_RESERVE_BYTES, default 4MiB)', flag(byteSize(0, 1024 * MIB)))
    .option('--idempotency-keys <n>', '/push batch keys remembered for idempotent retries (env IDEMPOTENCY_KEYS, default 10000; 0 = none)', flag(integerIn(0, 10_000_000)))
    .option('--idempotency-ttl <duration>', 'how long a /push batch key is remembered, e.g. 24h (env IDEMPOTENCY_TTL)', flag(duration(60_000, 30 * DAY_MS)))
    .addHelpText('after', `
Environment: STUDIO_AGENT_URL, REPORT_INTERVAL (s, default 60), SAMPLE_INTERVAL (s), NODE_NAME, LOCATION,
HOMELAB_DATA_DIR, EDGE_PORT, HOMELAB_TOKEN, MQTT_URL, MQTT_TOPICS, HOST_PROC, HOST_SYS, REAL_HEALTH, AGGREGATE_WINDOW,
WARNING_BATCH_INTERVAL, OUTBOX_MAX_BYTES, OUTBOX_MAX_EVENTS, LOCAL_STORE_MAX_BYTES, LOCAL_RAW_RETENTION, LOCAL_AGGREGATE_RETENTION,
GROUP_COMMIT_MS, DISK_RESERVE_BYTES, IDEMPOTENCY_KEYS, IDEMPOTENCY_TTL, TRANSPORT (http|amqp) with AMQP_URL, LLM_BASE_URL + LLM_MODEL (+ LLM_TIMEOUT_MS) for local
explanations, EDGE_HEAP_TUNING (off keeps V8's default heap sizing). Invalid values are reported and replaced by the default.
MQTT_TOPICS: mappings separated by ";", each topic=format[,sensor=…][,kind=…][,unit=…][,location=…][,node=…]; the first
mapping a topic matches reads it. Formats: homeassistant, esphome, zigbee2mqtt, tasmota, json, number. {1}, {2} … in
sensor= are the segments the wildcards matched. Example: lab/+/t=number,sensor={1}-probe,kind=temperature,unit=°F
Default (unset): zigbee2mqtt/+, tele/+/SENSOR, homeassistant/sensor/+/state, homeassistant/binary_sensor/+/state named {1},
then ESPHome's +/sensor/+/state and +/binary_sensor/+/state named {1}-{2}. MQTT_CLIENT_ID (unique per collector): a
persistent session, so QoS 1 readings sent while the collector restarts are delivered. Credentials go in MQTT_URL.`)
    .action(async (opts: EdgeOptions) => {
      const { tuneHeapForSmallDevice } = await import('../../edge/runtime-tuning.js');
      const tuning = tuneHeapForSmallDevice(env, process.execArgv);
      const [{ edgeConfigFromEnv }, { NodeHealthSource }, { SimulatorSource }, { warehouseNodes: warehouse }, { startEdge }] = await Promise.all([
        import('../../edge/config.js'), import('../../edge/sources/node-health.js'), import('../../edge/sources/simulator.js'),
        import('../../edge/sources/simulator-model.js'), import('./edge-runtime.js'),
      ]);
      const report = { warnings: [] as string[] };
      const base = edgeConfigFromEnv(env, report);
      const config: EdgeConfig = {
        ...base,
        ...(opts.studioUrl ? { studioUrl: opts.studioUrl } : {}), ...(opts.node ? { node: opts.node } : {}),
        ...(opts.location ? { location: opts.location } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
        ...(opts.port !== undefined ? { port: opts.port } : {}), simulate: base.simulate || Boolean(opts.simulate),
        ...(opts.outboxMaxBytes !== undefined ? { outboxMaxBytes: opts.outboxMaxBytes } : {}),
        ...(opts.outboxMaxEvents !== undefined ? { outboxMaxEvents: opts.outboxMaxEvents } : {}),
        ...(opts.localStoreMaxBytes !== undefined ? { localStoreMaxBytes: opts.localStoreMaxBytes } : {}),
        ...(opts.localRawRetention !== undefined ? { rawRetentionMs: opts.localRawRetention } : {}),
        ...(opts.localAggregateRetention !== undefined ? { aggregateRetentionMs: opts.localAggregateRetention } : {}),
        ...(opts.groupCommitMs !== undefined ? { groupCommitMs: opts.groupCommitMs } : {}),
        ...(opts.diskReserveBytes !== undefined ? { diskReserveBytes: opts.diskReserveBytes } : {}),
        ...(opts.idempotencyKeys !== undefined ? { idempotencyKeys: opts.idempotencyKeys } : {}),
        ...(opts.idempotencyTtl !== undefined ? { idempotencyTtlMs: opts.idempotencyTtl } : {}),
      };
      printWarnings(report);
      const sources: Source[] = [];
      // A simulated node reports simulated health; otherwise this machine's real health is the node's.
      if (config.realHealth && !config.simulate) {
        sources.push(new NodeHealthSource({ node: config.node, ...(config.location ? { location: config.location } : {}), proc: config.procPath, sys: config.sysPath, disk: config.dataDir, intervalMs: config.reportIntervalS * 1000 }));
      }
      if (config.mqttUrl) {
        const [{ MqttSource }, { DEFAULT_TOPICS, parseTopics }] = await Promise.all([import('../../edge/sources/mqtt.js'), import('../../edge/sources/mqtt-topics.js')]);
        const parsed = env.MQTT_TOPICS ? parseTopics(env.MQTT_TOPICS) : { topics: DEFAULT_TOPICS, errors: [] };
        parsed.errors.forEach((e) => console.warn(`warning: MQTT_TOPICS ${e}`));
        if (parsed.topics.length === 0) console.warn('warning: MQTT_TOPICS has no valid mapping; MQTT reads nothing');
        // A fixed MQTT_CLIENT_ID makes the broker keep the session (and QoS 1 readings) across restarts.
        const clientId = env.MQTT_CLIENT_ID?.trim();
        sources.push(new MqttSource({ url: config.mqttUrl, topics: parsed.topics, node: config.node, ...(config.location ? { location: config.location } : {}), ...(clientId ? { clientId } : {}) }));
      }
      if (config.simulate) {
        sources.push(new SimulatorSource({
          intervalMs: config.sampleIntervalS * 1000, healthIntervalMs: config.reportIntervalS * 1000,
          nodes: [{ ...warehouse()[0]!, node: config.node, location: config.location ?? 'warehouse-a' }],
        }));
      }
      const edge = await startEdge(config, sources, sink(logger('edge')));
      console.log(`sensor-collector ${config.node} → ${config.studioUrl} (sources: ${sources.map((s) => s.name).join(', ') || 'none'}; ops on :${config.port}; heap: ${tuning.reason})`);
      onShutdown(() => edge.stop());
    });
}
