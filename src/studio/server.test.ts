import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioServer } from './server.js';

const reading = (i: number, extra: Record<string, unknown> = {}) => ({
  node: 'pi-node-1', sensor: 'dht22-temperature', kind: 'temperature', value: 20 + i, unit: '°C',
  ts: new Date(Date.now() - 60_000 + i).toISOString(), location: 'warehouse-a', ...extra,
});
const event = (id: string, data: unknown, type = 'io.homelab.edge.reading') => ({
  specversion: '1.0', id, source: '/edge/pi-node-1', type, datacontenttype: 'application/json', data,
});

describe('agent-bruno HTTP: POST /events', () => {
  let studio: StudioServer;
  let dir: string;
  const post = (body: string, headers: Record<string, string>) => fetch(`${studio.url}/events`, { method: 'POST', body, headers });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'studio-'));
    studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir, maxBodyBytes: 64 * 1024 });
    await studio.start();
  });
  after(async () => {
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('structured mode: stored once, the repeat is a duplicate', async () => {
    const body = JSON.stringify(event('s-1', { readings: [reading(1)] }));
    const first = await post(body, { 'content-type': 'application/cloudevents+json' });
    assert.equal(first.status, 202);
    const again = await post(body, { 'content-type': 'application/cloudevents+json' });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { results: { status: string }[] }).results[0]!.status, 'duplicate');
    assert.equal((await studio.store.counts()).events, 1);
  });

  test('binary mode: attributes in ce-* headers', async () => {
    const res = await post(JSON.stringify({ readings: [reading(2), reading(3)] }), {
      'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': 'b-1', 'ce-source': '/edge/pi-node-1', 'ce-type': 'io.homelab.edge.reading',
    });
    assert.equal(res.status, 202);
    const rows = await studio.store.readings({ node: 'pi-node-1', from: 0, to: Date.now() + 1 });
    assert.deepEqual(rows.map((r) => r.value).sort(), [21, 22, 23]);
  });

  test('batch mode: a malformed event is rejected with its reason, the others are stored', async () => {
    const batch = [
      event('batch-ok-1', { readings: [reading(10)] }),
      event('batch-bad', { readings: [{ ...reading(11), value: 'hot' }] }),
      { specversion: '1.0', source: '/edge/pi-node-1', type: 'io.homelab.edge.reading', data: {} },
      event('batch-health', { node: 'pi-node-1', ts: Date.now(), cpu_pct: 150, mem_pct: 10, disk_pct: 5, top: [] }, 'io.homelab.edge.health'),
      event('batch-ok-2', { readings: [reading(12), { ...reading(13), ts: 'yesterday-ish' }] }),
    ];
    const res = await post(JSON.stringify(batch), { 'content-type': 'application/cloudevents-batch+json' });
    assert.equal(res.status, 207);
    const body = (await res.json()) as { accepted: number; results: { id: string; status: string; reason?: string; field?: string; rejected_readings?: { index: number; reason: string }[] }[] };
    assert.equal(body.accepted, 2);
    assert.deepEqual(body.results.map((r) => r.status), ['stored', 'rejected', 'rejected', 'rejected', 'stored']);
    assert.match(body.results[1]!.reason!, /data\.readings\[0\]\.value/);
    assert.equal(body.results[2]!.field, 'id');
    assert.match(body.results[3]!.reason!, /data\.cpu_pct/);
    assert.equal(body.results[4]!.rejected_readings?.[0]?.index, 1);
    assert.match(body.results[4]!.rejected_readings![0]!.reason, /ts/);
    const metrics = await (await fetch(`${studio.url}/metrics`)).text();
    assert.match(metrics, /homelab_ingest_events_total\{type="io.homelab.edge.reading",status="rejected"\} 2/);
  });

  test('single malformed event → 400 naming the field; unknown type, bad JSON and bad media type are 4xx', async () => {
    const bad = await post(JSON.stringify(event('bad-1', { readings: [{ ...reading(1), node: '' }] })), { 'content-type': 'application/cloudevents+json' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /readings\[0\]\.node/);
    const unknown = await post(JSON.stringify(event('u-1', {}, 'com.example.other')), { 'content-type': 'application/cloudevents+json' });
    assert.equal(unknown.status, 400);
    assert.equal((await post('{not json', { 'content-type': 'application/cloudevents+json' })).status, 400);
    assert.equal((await post('hello', { 'content-type': 'text/plain' })).status, 415);
  });

  test('request bodies over the limit get 413, and the server keeps serving', async () => {
    const huge = JSON.stringify(event('big', { readings: Array.from({ length: 2000 }, (_, i) => reading(i)) }));
    const res = await post(huge, { 'content-type': 'application/cloudevents+json' });
    assert.equal(res.status, 413);
    assert.equal((await fetch(`${studio.url}/healthz`)).status, 200);
  });

  test('a chunked body (no content-length) is bounded the same way, and one under the bound is stored', async () => {
    // A stream body makes fetch send transfer-encoding: chunked, so the bound is counted while reading.
    const chunked = (text: string) => fetch(`${studio.url}/events`, {
      method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, duplex: 'half',
      body: new ReadableStream({ start(c) { for (let i = 0; i < text.length; i += 4096) c.enqueue(new TextEncoder().encode(text.slice(i, i + 4096))); c.close(); } }),
    } as RequestInit);
    const huge = JSON.stringify(event('big-chunked', { readings: Array.from({ length: 2000 }, (_, i) => reading(i)) }));
    const over = await chunked(huge);
    assert.equal(over.status, 413);
    assert.equal(((await over.json()) as { error: { reason: string } }).error.reason, 'too_large');
    const small = await chunked(JSON.stringify(event('small-chunked', { readings: [reading(1), reading(2)] })));
    assert.equal(small.status, 202);
    assert.equal((await studio.store.readings({ from: 0, to: Date.now() + 60_000 })).filter((r) => r.value === 21 || r.value === 22).length >= 2, true);
  });
});
