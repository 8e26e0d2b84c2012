import type { Command } from 'commander';
import { StudioServer } from '../../studio/server.js';
import { onShutdown, parsePort } from '../shutdown.js';

/** `homelab studio`: agent-bruno alone. */
export function registerStudio(program: Command): void {
  program.command('studio')
    .description('Run agent-bruno alone: CloudEvents ingest, storage, /query, REST API, /metrics.')
    .option('-p, --port <n>', 'port to listen on (env PORT)', parsePort, Number(process.env.PORT ?? 8080))
    .option('--host <addr>', 'address to bind (env HOST)', process.env.HOST ?? '0.0.0.0')
    .option('-d, --data-dir <dir>', 'where the embedded SQLite store lives (env HOMELAB_DATA_DIR)', process.env.HOMELAB_DATA_DIR ?? './data')
    .action(async (opts: { port: number; host: string; dataDir: string }) => {
      const studio = new StudioServer({ port: opts.port, host: opts.host, dataDir: opts.dataDir });
      await studio.start();
      console.log(`agent-bruno listening on http://${opts.host}:${studio.port} (store: ${studio.store.engine} in ${opts.dataDir})`);
      onShutdown(() => studio.stop());
    });
}
