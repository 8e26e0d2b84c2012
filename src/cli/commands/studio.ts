import type { Command } from 'commander';
import { onShutdown } from '../shutdown.js';
import { flag, printWarnings, setting } from '../flags.js';
import { port, text, url } from '../../core/settings.js';
import type { Env } from '../../core/env.js';

interface StudioFlags { port?: number; host?: string; dataDir?: string; databaseUrl?: string }

/** `homelab studio`: agent-bruno and every enabled agent (`AGENTS`). */
export function registerStudio(program: Command, env: Env): void {
  program.command('studio')
    .description('Run the studio: agent-bruno (CloudEvents ingest, storage, /query, REST API, /metrics) and every enabled agent (AGENTS=name,…; default all) at /agents/{name}/query.')
    .option('-p, --port <n>', 'port to listen on (env PORT, default 8080; 0 = any free port)', flag(port))
    .option('--host <addr>', 'address to bind (env HOST; default 0.0.0.0 with HOMELAB_TOKENS, else 127.0.0.1)', flag(text(255)))
    .option('-d, --data-dir <dir>', 'where the embedded SQLite store lives (env HOMELAB_DATA_DIR, default ./data)', flag(text()))
    .option('--database-url <url>', 'PostgreSQL URL instead of embedded SQLite (env DATABASE_URL)', flag(url(['postgres:', 'postgresql:'])))
    .addHelpText('after', `
Environment: AGENTS (agents served, comma-separated; default all), HOMELAB_TOKENS (token:scope+scope,…; required beyond loopback), HOMELAB_ALLOW_ANONYMOUS, DATABASE_SCHEMA
(default bruno), AMQP_URL (also consume events from RabbitMQ), RATE_LIMIT (requests/s per client, default 200),
LLM_BASE_URL + LLM_MODEL (+ LLM_API_KEY, LLM_TIMEOUT_MS), RETENTION_RAW_DAYS (30), RETENTION_ROLLUP_DAYS (365),
RETENTION_RESOLVED_ALERTS_DAYS (30), SENSOR_METRICS_MAX_SERIES (series on /metrics/sensors, 1000). A bad value is warned about (naming it and what it accepts) and the default used;
a bad flag stops with exit code 2. Storage opens after the server listens: /readyz answers at once.`)
    .action(async (opts: StudioFlags) => {
      // Loaded here, not at the top: each command pays only for what it runs (cold start).
      const [{ studioEnv }, { createStudio }] = await Promise.all([import('../../studio/server.js'), import('../../app/studio-app.js')]);
      const report = { warnings: [] as string[] };
      const settings = studioEnv(env, report);
      // Without tokens only loopback is safe, so that is the default then (said below); with tokens,
      // or with an address asked for, as asked.
      const hostGiven = opts.host !== undefined || Boolean(env.HOST?.trim());
      const host = setting(opts.host, env, 'HOST', text(255), settings.tokens ? '0.0.0.0' : '127.0.0.1', report);
      const dataDir = setting(opts.dataDir, env, 'HOMELAB_DATA_DIR', text(), './data', report);
      const databaseUrl = setting(opts.databaseUrl, env, 'DATABASE_URL', url(['postgres:', 'postgresql:']), undefined, report);
      const studioPort = setting(opts.port, env, 'PORT', port, 8080, report);
      const studio = createStudio({ port: studioPort, host, dataDir, ...(databaseUrl ? { databaseUrl } : {}), ...settings }, env, report);
      printWarnings(report);
      await studio.start();
      const shown = host.includes(':') ? `[${host}]` : host;
      console.log(`agent-bruno listening on http://${shown}:${studio.port} (store: ${studio.store.engine}${studio.store.engine === 'sqlite' ? ` in ${dataDir}` : ''}; agents: ${studio.agents?.names.join(', ') || 'none'}); dashboard at /`);
      if (!hostGiven && !settings.tokens) console.log('listening on 127.0.0.1 only, because HOMELAB_TOKENS is not set: other machines cannot connect. To serve them, set HOMELAB_TOKENS (then 0.0.0.0 is the default) or choose an address with --host/HOST.');
      onShutdown(() => studio.stop());
    });
}
