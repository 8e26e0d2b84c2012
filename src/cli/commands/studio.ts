import type { Command } from 'commander';
import { onShutdown, parsePort } from '../shutdown.js';

/** `homelab studio`: agent-bruno alone. */
export function registerStudio(program: Command): void {
  program.command('studio')
    .description('Run agent-bruno alone: CloudEvents ingest, storage, /query, REST API, /metrics.')
    .option('-p, --port <n>', 'port to listen on (env PORT)', parsePort, Number(process.env.PORT ?? 8080))
    .option('--host <addr>', 'address to bind (env HOST)', process.env.HOST ?? '0.0.0.0')
    .option('-d, --data-dir <dir>', 'where the embedded SQLite store lives (env HOMELAB_DATA_DIR)', process.env.HOMELAB_DATA_DIR ?? './data')
    .option('--database-url <url>', 'PostgreSQL URL instead of embedded SQLite (env DATABASE_URL)', process.env.DATABASE_URL)
    .addHelpText('after', `
Environment: HOMELAB_TOKENS (token:scope+scope,…; required beyond loopback), HOMELAB_ALLOW_ANONYMOUS, DATABASE_SCHEMA
(default bruno), AMQP_URL (also consume events from RabbitMQ), RATE_LIMIT (requests/s per client, default 200),
LLM_BASE_URL + LLM_MODEL (+ LLM_API_KEY, LLM_TIMEOUT_MS), RETENTION_RAW_DAYS (30), RETENTION_ROLLUP_DAYS (365),
RETENTION_RESOLVED_ALERTS_DAYS (30). Storage opens after the server listens: /readyz answers at once.`)
    .action(async (opts: { port: number; host: string; dataDir: string; databaseUrl?: string }) => {
      // Loaded here, not at the top: each command pays only for what it runs (cold start).
      const { StudioServer, studioEnv } = await import('../../studio/server.js');
      const studio = new StudioServer({ port: opts.port, host: opts.host, dataDir: opts.dataDir, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
        ...studioEnv(process.env) });
      await studio.start();
      console.log(`agent-bruno listening on http://${opts.host}:${studio.port} (store: ${studio.store.engine}${studio.store.engine === 'sqlite' ? ` in ${opts.dataDir}` : ''})`);
      onShutdown(() => studio.stop());
    });
}
