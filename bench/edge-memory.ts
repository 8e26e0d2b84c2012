import { pathToFileURL, fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioServer } from '../src/studio/server.js';
import { SqliteStore } from '../src/studio/store/sqlite/sqlite-store.js';

const SECONDS = Number(process.env.BENCH_EDGE_MEMORY_S ?? 30);

/**
 * The collector's modules: the compiled build (`npm run build`, as images run it) when present,
 * else the TypeScript sources through tsx (whose compiler adds ~50 MB of its own).
 */
const compiled = existsSync(fileURLToPath(new URL('../dist/edge/stack.js', import.meta.url)));
const mod = (path: string) => JSON.stringify(fileURLToPath(new URL(compiled ? `../dist/${path}.js` : `../src/${path}.ts`, import.meta.url)));

/** The collector process, as `homelab edge` runs it on a node (heap tuning included): 200 simulated sensors at 1 Hz, forwarding to a studio. */
const child = (studioUrl: string, dataDir: string) => `
  import { tuneHeapForSmallDevice } from ${mod('edge/runtime-tuning')};
  import { buildEdgeStack } from ${mod('edge/stack')};
  import { createEdgeParts } from ${mod('edge/defaults')};
  import { edgeConfigFromEnv } from ${mod('edge/config')};
  import { SimulatorSource } from ${mod('edge/sources/simulator')};
  import { warehouseNodes } from ${mod('edge/sources/simulator-model')};
  tuneHeapForSmallDevice(process.env, process.execArgv);
  const base = warehouseNodes()[0];
  const sensors = Array.from({ length: 200 }, (_, i) => ({ ...base.sensors[i % 3], sensor: 'sensor-' + i }));
  const nodes = [{ ...base, node: 'pi-bench', sensors }];
  const config = { ...edgeConfigFromEnv({}, { warnings: [] }), node: 'pi-bench', studioUrl: ${JSON.stringify(studioUrl)}, dataDir: ${JSON.stringify(dataDir)} };
  const parts = await createEdgeParts(config);
  const sim = new SimulatorSource({ nodes, intervalMs: 1000, healthIntervalMs: 60000 });
  const stack = buildEdgeStack(config, { ...parts, sources: [sim], log: () => {} });
  await stack.collector.start();
  let peak = 0;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 500);
  setTimeout(async () => {
    clearInterval(timer);
    const readings = stack.collector.counters.readingsIn;
    await stack.collector.stop();
    console.log(JSON.stringify({ rss: process.memoryUsage().rss, peak, readings }));
    process.exit(0);
  }, ${SECONDS * 1000});
`;

/** Resident memory of a collector with 200 sensors at 1 Hz (target ≤ 64 MB). */
export async function run(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mem-'));
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir, store: new SqliteStore(':memory:') });
  await studio.start();
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...(compiled ? [] : ['--import', 'tsx']), '--input-type=module', '-e', child(studio.url, dir)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    p.stdout.on('data', (c: Buffer) => { text += c.toString(); });
    p.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`collector exited ${code}`))));
  });
  await studio.stop();
  rmSync(dir, { recursive: true, force: true });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { rss: number; peak: number; readings: number };
  return {
    'edge.memory.sensors': 200,
    'edge.memory.seconds': SECONDS,
    'edge.memory.readings': r.readings,
    'edge.memory.build': compiled ? 'compiled (dist/)' : 'tsx (run npm run build for the deployed figure)',
    'edge.memory.rss_mb': Number((r.peak / 2 ** 20).toFixed(1)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
