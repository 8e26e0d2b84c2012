import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StudioServer } from '../server.js';
import { studioEnv } from '../settings.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';

test('SENSOR_METRICS_MAX_SERIES: read from the environment, a bad value warned about and defaulted', () => {
  assert.equal(studioEnv({ SENSOR_METRICS_MAX_SERIES: '25' }, { warnings: [] }).sensorMetricsMaxSeries, 25);
  const report = { warnings: [] as string[] };
  assert.equal(studioEnv({ SENSOR_METRICS_MAX_SERIES: 'lots' }, report).sensorMetricsMaxSeries, 1000);
  assert.match(report.warnings.join('\n'), /SENSOR_METRICS_MAX_SERIES/);
});

test('a studio wires it all: /events → bus → the live stream and /metrics/sensors (bounded as configured)', async () => {
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), sensorMetricsMaxSeries: 1 });
  await studio.start();
  const abort = new AbortController();
  try {
    const res = await fetch(`${studio.url}/api/v1/stream`, { signal: abort.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (re: RegExp) => { while (!re.test(text)) { const { value, done } = await reader.read(); if (done) throw new Error(text); text += value; } };
    await until(/event: hello/);
    const now = Date.now();
    const event = { specversion: '1.0', id: 'w1', source: '/edge/pi-w', type: 'io.homelab.edge.reading', data: { readings: [
      { node: 'pi-w', sensor: 'old', kind: 'humidity', unit: '%', ts: now - 60_000, value: 40 },
      { node: 'pi-w', sensor: 'new', kind: 'humidity', unit: '%', ts: now - 1000, value: 41.5 },
    ] } };
    assert.equal((await fetch(`${studio.url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(event) })).status, 202);
    await until(/event: readings\ndata: .*"sensor":"new".*"value":41\.5/);
    const metrics = await (await fetch(`${studio.url}/metrics/sensors`)).text();
    assert.match(metrics, /^homelab_sensor_value\{node="pi-w",sensor="new",kind="humidity",location="",unit="%"\} 41\.5$/m);
    assert.doesNotMatch(metrics, /sensor="old"/, 'one series allowed: the most recently seen');
    assert.match(metrics, /^homelab_sensor_series\{state="dropped"\} 1$/m);
  } finally {
    abort.abort();
    await studio.stop();
  }
});
