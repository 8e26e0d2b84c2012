import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { OpsServer } from './ops-server.js';
import type { Sample, SourceSink } from './sources/source.js';

test('POST /push: good, partly bad, garbage, too large; /healthz and /metrics answer', async () => {
  const got: Sample[] = [];
  const bad: string[] = [];
  const sink: SourceSink = { readings: (s) => got.push(...s), health: () => {}, malformed: (_s, r) => bad.push(r) };
  const ops = new OpsServer({ port: 0, host: '127.0.0.1', registry: new Registry(), snapshot: () => ({ readingsIn: got.length }), sink, node: 'pi-node-1', location: 'warehouse-a', maxBodyBytes: 2048 });
  await ops.start();
  const url = `http://127.0.0.1:${ops.port}`;
  const push = (body: string, type = 'application/json') => fetch(`${url}/push`, { method: 'POST', body, headers: { 'content-type': type } });
  const ok = await push(JSON.stringify({ readings: [{ sensor: 'shelf', kind: 'temperature', value: 21.4, unit: '°C' }, { sensor: 'shelf', kind: 'humidity', value: 'wet' }] }));
  assert.equal(ok.status, 202);
  assert.deepEqual(((await ok.json()) as { accepted: number }).accepted, 1);
  assert.equal((await push('dock temperature 19.5 1795411000000\ndock humidity\n', 'text/plain')).status, 202);
  assert.equal((await push('{nope')).status, 400);
  assert.equal((await push('x'.repeat(5000), 'text/plain')).status, 413);
  assert.deepEqual(got.map((s) => [s.sensor, s.kind, s.value, s.node, s.location]), [['shelf', 'temperature', 21.4, 'pi-node-1', 'warehouse-a'], ['dock', 'temperature', 19.5, 'pi-node-1', 'warehouse-a']]);
  assert.equal(got[1]!.ts, 1795411000000);
  assert.equal(bad.length, 3);
  assert.equal((await fetch(`${url}/healthz`)).status, 200);
  assert.equal((await fetch(`${url}/metrics`)).status, 200);
  await ops.stop();
});
