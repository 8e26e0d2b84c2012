import type { Command } from 'commander';
import { onShutdown } from '../shutdown.js';
import { flag, printWarnings, setting } from '../flags.js';
import { numberIn, port, text } from '../../core/settings.js';
import type { Env } from '../../core/env.js';
import { InvalidInput } from '../../core/errors.js';
import type { RunningEdge } from './edge-runtime.js';
import { logger, sink } from '../../core/logger.js';

interface UpFlags { port?: number; host?: string; dataDir?: string; history: number; interval: number }

/** `homelab up`: agent-bruno plus one simulated sensor-collector per warehouse node, one process. */
export function registerUp(program: Command, env: Env): void {
  program.command('up')
    .description('Run the whole local stack: agent-bruno on PORT and a sensor-collector for each simulated warehouse Pi (pi-node-1..3), with embedded storage.')
    .option('-p, --port <n>', 'agent-bruno port (env PORT, default 8080; 0 = any free port)', flag(port))
    .option('--host <addr>', 'address to bind (env HOST, default 127.0.0.1); beyond loopback needs HOMELAB_TOKENS', flag(text(255)))
    .option('-d, --data-dir <dir>', 'where everything is stored (env HOMELAB_DATA_DIR, default ./data)', flag(text()))
    .option('--history <hours>', 'hours of simulated history replayed at start, 0 to 8760 (0 = none); the first day is the detectors\' learning', flag(numberIn(0, 8760)), 48)
    .option('--interval <seconds>', 'seconds between simulated samples, 0.1 to 3600', flag(numberIn(0.1, 3600)), 5)
    .addHelpText('after', '\nThe history includes an HVAC failure yesterday at 14:23 in warehouse-b, and pi-node-3 runs\nthe camera\'s video processing, so there is something to ask about straight away.')
    .action(async (opts: UpFlags) => {
      const [{ studioEnv }, { createStudio }, { SimulatorSource }, { warehouseNodes, yesterdaysHvacIncident }, { edgeConfigFromEnv }, { startEdge }] = await Promise.all([
        import('../../studio/server.js'), import('../../app/studio-app.js'), import('../../edge/sources/simulator.js'), import('../../edge/sources/simulator-model.js'),
        import('../../edge/config.js'), import('./edge-runtime.js'),
      ]);
      const report = { warnings: [] as string[] };
      const host = setting(opts.host, env, 'HOST', text(255), '127.0.0.1', report);
      const dataDir = setting(opts.dataDir, env, 'HOMELAB_DATA_DIR', text(), './data', report);
      const studio = createStudio({ port: setting(opts.port, env, 'PORT', port, 8080, report), host, dataDir, ...studioEnv(env, report) }, env, report);
      const edgeBase = edgeConfigFromEnv(env, report);
      printWarnings(report);
      await studio.start();
      const edges: RunningEdge[] = [];
      onShutdown(async () => {
        for (const e of edges) await e.stop();
        await studio.stop();
      });
      if (studio.storage.state !== 'open') {
        // Embedded storage that cannot open is not going to open by waiting: say why and stop.
        await studio.stop();
        throw new InvalidInput(`cannot open the store in ${dataDir}: ${studio.storage.reason ?? studio.storage.state}; choose another data directory with --data-dir`, { field: 'data-dir' });
      }
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${studio.port}`;
      console.log(`agent-bruno listening on ${url} (store: ${studio.store.engine} in ${dataDir})`);
      const now = Date.now();
      // On a restart, replay only the gap since the newest stored reading, so nothing is simulated twice.
      const newest = Math.max(0, ...(await studio.store.latest({})).map((s) => s.lastTs));
      const historyMs = Math.min(opts.history * 3_600_000, newest > 0 ? Math.max(0, now - newest - 60_000) : Infinity);
      for (const node of warehouseNodes()) {
        const config = { ...edgeBase, node: node.node, location: node.location, studioUrl: `http://127.0.0.1:${studio.port}`, dataDir, port: 0 };
        const sim = new SimulatorSource({
          only: [node.node], intervalMs: opts.interval * 1000, healthIntervalMs: config.reportIntervalS * 1000,
          seed: node.node.length * 7919 + Number(node.node.slice(-1)), faults: [yesterdaysHvacIncident(now)],
          backfillMs: historyMs, backfillStepMs: 60_000,
        });
        edges.push(await startEdge(config, [sim], sink(logger(`edge:${node.node}`))));
      }
      console.log(`sensor-collectors running for ${edges.length} simulated nodes (pi-node-1..3); replayed ${(historyMs / 3_600_000).toFixed(1)} h of history`);
      console.log(`dashboard: ${url}/`);
      console.log(`try: curl -s ${url}/query -H 'content-type: application/json' -d '{"query":"What is the temperature in the warehouse?"}'`);
    });
}
