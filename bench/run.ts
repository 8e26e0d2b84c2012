/**
 * `npm run bench`: runs every benchmark and prints its figures. Each bench module exports
 * `run(): Promise<Record<string, number | string>>`; pass names to run a subset:
 *   npm run bench -- studio edge-pipeline
 * Environment knobs: BENCH_DAYS (studio data, default 30), BENCH_PG_DAYS, BENCH_STORE_DAYS and BENCH_STORE_ENGINES (store-ingest), BENCH_EDGE_HZ, BENCH_EXPORT_ROWS (default 1M), BENCH_DASHBOARD_DAYS (default 30), BENCH_PY_DAYS (default 30), PYTHON (default /usr/bin/python3).
 */
import { existsSync } from 'node:fs';

const ALL = ['detect', 'nab', 'nab-warm', 'nab-cv', 'edge-store', 'edge-pipeline', 'edge-models', 'edge-chaos', 'edge-memory', 'studio', 'store-ingest', 'studio-http', 'ingest-parse', 'peers', 'export', 'dashboard', 'python-sdk', 'goals', 'command-wake'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
const results: Record<string, number | string> = {};
for (const name of wanted) {
  const file = new URL(`./${name}.ts`, import.meta.url);
  if (!existsSync(file)) {
    console.log(`- ${name}: not present, skipped`);
    continue;
  }
  const started = Date.now();
  process.stdout.write(`- ${name} … `);
  const mod = (await import(file.href)) as { run: () => Promise<Record<string, number | string>> };
  const figures = await mod.run();
  console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  Object.assign(results, figures);
}
console.log(`\nnode ${process.version}, ${(await import('node:os')).cpus().length} cores`);
console.table(results);
