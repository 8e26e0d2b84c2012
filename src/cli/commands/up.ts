import type { Command } from 'commander';
import { onShutdown, parsePort } from '../shutdown.js';
import type { RunningEdge } from './edge-runtime.js';

interface UpOptions { port: number; host: string; dataDir: string; history: number; interval: number }

/** `homelab up`: agent-bruno plus one simulated sensor-collector per warehouse node, one process. */
export function registerUp(program: Command): void {
  program.command('up')
    .description('Run the whole local stack: agent-bruno on PORT and a sensor-collector for each simulated warehouse Pi (pi-node-1..3), with embedded storage.')
    .option('-p, --port <n>', 'agent-bruno port (env PORT)', parsePort, Number(process.env.PORT ?? 8080))
    .option('--host <addr>', 'address to bind; beyond loopback needs HOMELAB_TOKENS', process.env.HOST ?? '127.0.0.1')
    .option('-d, --data-dir <dir>', 'where everything is stored (env HOMELAB_DATA_DIR)', process.env.HOMELAB_DATA_DIR ?? './data')
    .option('--history <hours>', 'hours of simulated history replayed at start (0 = none); the first day is the detectors\' learning', Number, 48)
    .option('--interval <seconds>', 'seconds between simulated samples', Number, 5)
    .addHelpText('after', '\nThe history includes an HVAC failure yesterday at 14:23 in warehouse-b, and pi-node-3 runs\nthe camera\'s video processing, so there is something to ask about straight away.')
    .action(async (opts: UpOptions) => {
      const [{ StudioServer, studioEnv }, { SimulatorSource }, { warehouseNodes, yesterdaysHvacIncident }, { edgeConfigFromEnv }, { startEdge }] = await Promise.all([
        import('../../studio/server.js'), import('../../edge/sources/simulator.js'), import('../../edge/sources/simulator-model.js'),
        import('../../edge/config.js'), import('./edge-runtime.js'),
      ]);
      const studio = new StudioServer({ port: opts.port, host: opts.host, dataDir: opts.dataDir, ...studioEnv(process.env) });
      await studio.start();
      const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${studio.port}`;
      console.log(`agent-bruno listening on ${url} (store: ${studio.store.engine} in ${opts.dataDir})`);
      const edges: RunningEdge[] = [];
      const now = Date.now();
      // On a restart, replay only the gap since the newest stored reading, so nothing is simulated twice.
      const newest = Math.max(0, ...(await studio.store.latest({})).map((s) => s.lastTs));
      const historyMs = Math.min(opts.history * 3_600_000, newest > 0 ? Math.max(0, now - newest - 60_000) : Infinity);
      const warnings: string[] = [];
      for (const node of warehouseNodes()) {
        const config = { ...edgeConfigFromEnv(process.env, { warnings }), node: node.node, location: node.location, studioUrl: `http://127.0.0.1:${studio.port}`, dataDir: opts.dataDir, port: 0 };
        const sim = new SimulatorSource({
          only: [node.node], intervalMs: opts.interval * 1000, healthIntervalMs: config.reportIntervalS * 1000,
          seed: node.node.length * 7919 + Number(node.node.slice(-1)), faults: [yesterdaysHvacIncident(now)],
          backfillMs: historyMs, backfillStepMs: 60_000,
        });
        edges.push(await startEdge(config, [sim], (m) => console.log(`[${node.node}] ${m}`)));
      }
      warnings.forEach((w) => console.warn(`warning: ${w}`));
      console.log(`sensor-collectors running for ${edges.length} simulated nodes (pi-node-1..3); replayed ${(historyMs / 3_600_000).toFixed(1)} h of history`);
      console.log(`try: curl -s ${url}/query -H 'content-type: application/json' -d '{"query":"What is the temperature in the warehouse?"}'`);
      onShutdown(async () => {
        for (const e of edges) await e.stop();
        await studio.stop();
      });
    });
}
