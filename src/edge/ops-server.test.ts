import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEdgeMetrics } from './metrics.js';
import { OpsServer } from './ops-server.js';
import type { Sample, SourceSink } from './sources/source.js';
import { KeyReuseError } from './intake/keys.js';

test('POST /push: good, partly bad, garbage, too large; /healthz and /metrics answer', async () => {
  const got: Sample[] = [];
  const bad: string[] = [];
  const sink: SourceSink = { readings: async (s) => { got.push(...s); }, health: () => {}, malformed: (_s, r) => bad.push(r) };
  const ops = new OpsServer({ port: 0, host: '127.0.0.1', registry: createEdgeMetrics(() => ({ readingsIn: got.length, bySeverity: { normal: got.length }, malformed: { 'http-push': bad.length }, outboxDepth: 0, outboxOldestAgeMs: 0, outboxBytes: 0, drops: {}, delivered: 0, rejected: 0, retries: 0, bytesSent: 0, rawBytes: 0, localReadings: 0, localBytes: 0 })).registry, snapshot: () => ({ readingsIn: got.length }), sink, node: 'pi-node-1', location: 'warehouse-a', maxBodyBytes: 2048 });
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
  const metrics = await (await fetch(`${url}/metrics`)).text();
  assert.match(metrics, /^homelab_edge_readings_total\{severity="normal"\} 2$/m);
  assert.match(metrics, /^homelab_edge_malformed_total\{source="http-push"\} 3$/m);
  assert.match(metrics, /# TYPE homelab_edge_outbox_depth gauge/);
  await ops.stop();
});

test('POST /push with an Idempotency-Key or batch_id: the first answer is replayed (marked), another body under the key is 422, a bad key 400', async () => {
  const taken: Sample[] = [];
  const keys = new Map<string, { digest: string; result: string }>();
  const sink: SourceSink = {
    readings: async (s) => { taken.push(...s); }, health: () => {}, malformed: () => {},
    readingsOnce: async (s, b) => {
      const k = keys.get(b.key);
      if (k && k.digest !== b.digest) throw new KeyReuseError(b.key);
      if (k) return k.result;
      keys.set(b.key, b);
      taken.push(...s);
      return undefined;
    },
  };
  const ops = new OpsServer({ port: 0, host: '127.0.0.1', registry: createEdgeMetrics(() => ({ readingsIn: 0, bySeverity: {}, malformed: {}, outboxDepth: 0, outboxOldestAgeMs: 0, outboxBytes: 0, drops: {}, delivered: 0, rejected: 0, retries: 0, bytesSent: 0, rawBytes: 0, localReadings: 0, localBytes: 0 })).registry, snapshot: () => ({}), sink, node: 'pi' });
  await ops.start();
  const push = (body: string, key?: string) => fetch(`http://127.0.0.1:${ops.port}/push`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) } });
  const body = JSON.stringify({ readings: [{ sensor: 'a', kind: 'temperature', value: 1, ts: 1795411000000 }, { sensor: 'a', kind: 'temperature', value: 'x' }] });
  const first = await push(body, 'batch-1');
  assert.equal(first.status, 202);
  assert.equal(first.headers.get('idempotent-replayed'), null);
  const firstBody = (await first.json()) as { accepted: number; rejected: unknown[] };
  const again = await push(body, 'batch-1');
  assert.equal(again.status, 202);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(await again.json(), { ...firstBody, replay: true });
  const other = await push(JSON.stringify({ readings: [{ sensor: 'a', kind: 'temperature', value: 2 }] }), 'batch-1');
  assert.equal(other.status, 422);
  assert.equal(((await other.json()) as { error: { reason: string } }).error.reason, 'idempotency_key_reused');
  // batch_id in the body is the same key for senders that cannot set headers.
  const inBody = JSON.stringify({ batch_id: 'b-2', readings: [{ sensor: 'b', kind: 'humidity', value: 40 }] });
  assert.equal((await push(inBody)).status, 202);
  assert.equal((await push(inBody)).headers.get('idempotent-replayed'), 'true');
  // Header values must be Latin-1 for fetch: a non-ASCII key is checked through batch_id below.
  for (const bad of [' spaced key', 'x'.repeat(256), 'tab\tkey']) {
    const r = await push(body, bad);
    assert.equal(r.status, 400, `key ${JSON.stringify(bad)}: ${r.status} ${await r.text()}`);
  }
  assert.equal((await push(JSON.stringify({ batch_id: '', readings: [{ sensor: 'c', kind: 'humidity', value: 1 }] }))).status, 400);
  assert.equal((await push(JSON.stringify({ batch_id: 'é', readings: [{ sensor: 'c', kind: 'humidity', value: 1 }] }))).status, 400);
  assert.equal((await push(JSON.stringify({ batch_id: 7, readings: [{ sensor: 'c', kind: 'humidity', value: 1 }] }))).status, 400);
  assert.deepEqual(taken.map((s) => s.sensor), ['a', 'b'], 'each keyed batch taken once; refused ones not at all');
  await ops.stop();
});

test('POST /push refuses, reading by reading, a ts outside the studio\'s window (judged on this clock), names the reason and counts it; an unsynced clock judges only the earliest bound', async () => {
  const DAY = 86_400_000;
  for (const synced of [true, false]) {
    const got: Sample[] = [];
    let outside = 0;
    const sink: SourceSink = { readings: async (s) => { got.push(...s); }, health: () => {}, malformed: () => {}, outOfWindow: (n) => { outside += n; } };
    const ops = new OpsServer({ port: 0, host: '127.0.0.1', registry: createEdgeMetrics(() => ({ readingsIn: 0, bySeverity: {}, malformed: {}, outOfWindow: outside, outboxDepth: 0, outboxOldestAgeMs: 0, outboxBytes: 0, drops: {}, delivered: 0, rejected: 0, retries: 0, bytesSent: 0, rawBytes: 0, localReadings: 0, localBytes: 0 })).registry, snapshot: () => ({}), sink, node: 'pi', clockTrusted: () => synced });
    await ops.start();
    try {
      const now = Date.now();
      const cases = [now + 2 * DAY, Date.UTC(1999, 0, 1), now - 3 * DAY, now, now + DAY - 60_000, Date.UTC(2000, 0, 1) - 1];
      const res = await fetch(`http://127.0.0.1:${ops.port}/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ readings: cases.map((ts, i) => ({ sensor: `s${i}`, kind: 'temperature', value: 20, ts })) }) });
      assert.equal(res.status, 202);
      const body = (await res.json()) as { accepted: number; rejected: { index: number; reason: string; code?: string }[] };
      const refused = synced ? [0, 1, 5] : [1, 5];
      assert.deepEqual(body.rejected.map((r) => r.index), refused, JSON.stringify(body.rejected));
      assert.ok(body.rejected.every((r) => r.code === 'ts_out_of_window' && /ts_out_of_window/.test(r.reason)), 'the reason is named');
      assert.match(body.rejected.find((r) => r.index === 1)!.reason, /before 2000-01-01T00:00:00.000Z/);
      if (synced) assert.match(body.rejected[0]!.reason, /more than 1 day ahead of the collector's clock/);
      assert.equal(body.accepted, cases.length - refused.length, 'the rest of the batch is taken');
      assert.deepEqual(got.map((s) => s.sensor), cases.map((_, i) => `s${i}`).filter((_, i) => !refused.includes(i)));
      assert.equal(outside, refused.length);
      assert.match(await (await fetch(`http://127.0.0.1:${ops.port}/metrics`)).text(), new RegExp(`^homelab_edge_push_out_of_window_total ${refused.length}$`, 'm'));
    } finally {
      await ops.stop();
    }
  }
});
