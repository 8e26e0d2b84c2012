import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudioServer } from '../../src/studio/server.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import { freePort, tempDir, waitFor } from './helpers.js';

const hasPrometheus = spawnSync('prometheus', ['--version']).status === 0;
const skip = hasPrometheus || process.env.CI === 'true' ? false : 'Debian\'s prometheus is not installed (apt-get install prometheus)';
const dashboard = JSON.parse(readFileSync(fileURLToPath(new URL('../../deploy/studio/base/grafana/homelab-sensors.json', import.meta.url)), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[]; templating: { list: { name: string; query: unknown }[] };
};

/** Grafana's variables as "All" and its interval macros, so Prometheus can run the panel's query as Grafana would. */
const asGrafana = (expr: string) => expr.replace(/\$(location|kind|node)\b/g, '.*').replace(/\$__rate_interval/g, '1m');
type Result = { metric: Record<string, string>; value: [number, string] };

test('the real Prometheus scrapes /metrics/sensors and every query of the Grafana sensors dashboard answers from it', { skip, timeout: 90_000 }, async () => {
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), tokens: 'scrape-token-1:read,edge-token-1:ingest' });
  await studio.start();
  const dir = tempDir('prom-sensors-');
  const port = await freePort();
  const post = (events: object[]) => fetch(`${studio.url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents-batch+json', authorization: 'Bearer edge-token-1' }, body: JSON.stringify(events) });
  const now = Date.now();
  const readings = ['warehouse-a', 'warehouse-b'].flatMap((location, i) => Array.from({ length: 10 }, (_, k) => ({ node: `pi-node-${i + 1}`, sensor: 'dht22-humidity', kind: 'humidity', unit: '%', location, ts: now - (10 - k) * 1000, value: 40 + i * 10 + k })));
  assert.equal((await post([{ specversion: '1.0', id: 'r1', source: '/edge/x', type: 'io.homelab.edge.reading', data: { readings } }])).status, 200);
  writeFileSync(join(dir, 'prometheus.yml'), `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: sensors\n    metrics_path: /metrics/sensors\n    authorization: { credentials: scrape-token-1 }\n    static_configs: [{ targets: ['127.0.0.1:${studio.port}'] }]\n`);
  const prom = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  const q = async (expr: string) => {
    const body = (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as { status: string; error?: string; data?: { result: Result[] } };
    assert.equal(body.status, 'success', `${expr}: ${body.error}`);
    return body.data!.result;
  };
  try {
    await waitFor(async () => (await q('up{job="sensors"}').catch(() => []))[0]?.value[1] === '1', 40_000, 'Prometheus to scrape /metrics/sensors with the bearer token');
    // Anomalies after the first scrapes, so increase() sees the counter move.
    await post([{ specversion: '1.0', id: 'a1', source: '/edge/pi-node-2', type: 'io.homelab.edge.anomaly', data: { node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', unit: '%', location: 'warehouse-b', ts: Date.now(), value: 88, score: 0.96, severity: 'critical', reason: 'spike' } }]);
    await waitFor(async () => (await q('homelab_sensor_anomalies_total{severity="critical"}')).length > 0, 20_000, 'the anomaly to be scraped');
    await new Promise((r) => setTimeout(r, 2500));

    const values = await q('homelab_sensor_value');
    assert.deepEqual(values.map((r) => [r.metric.location, r.metric.node, Number(r.value[1])]).sort(), [['warehouse-a', 'pi-node-1', 49], ['warehouse-b', 'pi-node-2', 88]], 'the anomaly is the newest value of its series');
    let queries = 0;
    for (const panel of dashboard.panels) {
      for (const t of panel.targets) {
        const result = await q(asGrafana(t.expr));
        queries++;
        assert.ok(result.length > 0, `panel "${panel.title}": ${t.expr} answered nothing`);
      }
    }
    assert.equal(queries, dashboard.panels.length, 'one query per panel, all run');
    const score = await q(asGrafana(dashboard.panels.find((p) => p.title.startsWith('Anomaly score'))!.targets[0]!.expr));
    assert.deepEqual(score.map((r) => [r.metric.node, Number(r.value[1])]).sort(), [['pi-node-1', 0], ['pi-node-2', 0.96]]);
    const bySeverity = await q(asGrafana(dashboard.panels.find((p) => p.title.startsWith('Anomalies per hour'))!.targets[0]!.expr));
    assert.ok(Number(bySeverity.find((r) => r.metric.severity === 'critical')?.value[1]) > 0, JSON.stringify(bySeverity));
    const rate = await q(asGrafana(dashboard.panels.find((p) => p.title.startsWith('Readings per second'))!.targets[0]!.expr));
    assert.deepEqual(rate.map((r) => r.metric.location).sort(), ['warehouse-a', 'warehouse-b']);
    // The template variables' queries name the labels the panels filter on.
    for (const v of dashboard.templating.list.filter((x) => x.name !== 'datasource')) {
      const label = /label_values\((.+), (\w+)\)/.exec((v.query as { query: string }).query)!;
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/label/${label[2]}/values`);
      assert.ok(((await r.json()) as { data: string[] }).data.length > 0, `variable ${v.name}`);
    }
  } finally {
    prom.kill('SIGTERM');
    await studio.stop();
  }
});
