import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import { freePort, tempDir, waitFor } from './helpers.js';
import { createStudio } from '../../src/app/studio-app.js';

const hasPrometheus = spawnSync('prometheus', ['--version']).status === 0;
const skip = hasPrometheus || process.env.CI === 'true' ? false : 'Debian\'s prometheus is not installed (apt-get install prometheus)';

test('the real Prometheus scrapes agent-bruno\'s /metrics', { skip, timeout: 60_000 }, async () => {
  const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
  await studio.start();
  const dir = tempDir('prom-');
  const port = await freePort();
  writeFileSync(join(dir, 'prometheus.yml'), `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: agent-bruno\n    static_configs: [{ targets: ['127.0.0.1:${studio.port}'] }]\n`);
  const prom = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  try {
    await fetch(`${studio.url}/query`, { method: 'POST', body: 'Are there any unhealthy Pi nodes?' });
    const q = async (expr: string) => ((await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as { data?: { result: { value: [number, string] }[] } }).data?.result ?? [];
    await waitFor(async () => (await q('up{job="agent-bruno"}').catch(() => []))[0]?.value[1] === '1', 40_000, 'Prometheus to scrape the studio');
    const queries = await q('homelab_queries_total{intent="health"}');
    assert.equal(queries[0]?.value[1], '1');
    assert.ok((await q('homelab_http_request_duration_seconds_count')).length > 0);
  } finally {
    prom.kill('SIGTERM');
    await studio.stop();
  }
});
