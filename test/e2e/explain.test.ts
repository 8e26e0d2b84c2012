import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeChatModel, say } from '../support/fake-chat-model.js';
import { AnomalyExplainer } from '../../src/edge/explain.js';
import { HttpTransport } from '../../src/edge/transport/http.js';
import { encodeEvent, type WireEvent } from '../../src/core/wire-event.js';
import { StudioServer } from '../../src/studio/server.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';

test('a local model explains a critical anomaly after it was sent; the studio attaches the text', async () => {
  const model = await fakeChatModel(async ({ path }) => {
    if (path.includes('slow')) await new Promise((r) => setTimeout(r, 1000));
    return say('Likely an HVAC failure: check the unit serving warehouse-b.');
  });
  const base = model.url.replace(/\/v1$/, '');
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
  await studio.start();
  try {
    const sent: WireEvent[] = [];
    const sink = { enqueue: (e: WireEvent) => void sent.push(e) };
    const anomaly = { node: 'pi-node-2', sensor: 'dht22-temperature', kind: 'temperature', value: 28.4, unit: '°C', ts: Date.now(), location: 'warehouse-b', score: 0.97, severity: 'critical' as const, reason: 'level-shift' };
    const id = 'anomaly:pi-node-2:b1:7';
    sent.push(encodeEvent({ type: 'io.homelab.edge.anomaly', source: '/edge/pi-node-2', id, data: anomaly }));
    const explainer = new AnomalyExplainer({ baseUrl: `${base}/v1`, model: 'llama3.2:1b', timeoutMs: 2000 }, sink, '/edge/pi-node-2');
    explainer.request(id, anomaly);
    await explainer.idle();
    assert.equal(explainer.counters.explained, 1);
    const result = await new HttpTransport({ url: studio.url }).send(sent);
    assert.equal(result.delivered.length, 2);
    const [row] = await studio.store.anomalies({ node: 'pi-node-2', from: 0, to: Date.now() + 1 });
    assert.match(row!.explanation!, /HVAC failure.*\(llama3\.2:1b\)/);
    const slow = new AnomalyExplainer({ baseUrl: `${base}/slow/v1`, model: 'm', timeoutMs: 100 }, sink, '/edge/pi-node-2');
    slow.request('anomaly:x', anomaly);
    await slow.idle();
    assert.deepEqual([slow.counters.failed, sent.length], [1, 2], 'a model slower than its timeout adds nothing');
  } finally {
    await studio.stop();
    await model.close();
  }
});
