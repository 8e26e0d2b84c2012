import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioServer } from '../../src/studio/server.js';
import { HttpTransport } from '../../src/edge/transport/http.js';
import { DEFAULT_FORWARDER, Forwarder } from '../../src/edge/outbox/forwarder.js';
import { Outbox } from '../../src/edge/outbox/outbox.js';

const DAY = 86_400_000;

/** A reading event of `stamps`, one reading each, as a collector's outbox holds it. */
function event(id: string, stamps: number[]) {
  const readings = stamps.map((ts, i) => ({ node: 'pi', sensor: `s${i}`, kind: 'temperature', value: 20, unit: '°C', ts, id: `${id}:${i}` }));
  return { id, json: JSON.stringify({ specversion: '1.0', id, source: '/edge/pi', type: 'io.homelab.edge.reading', datacontenttype: 'application/json', data: { readings } }) };
}

test('readings the studio refuses after the collector acknowledged them are counted one by one: in rejected events and inside stored ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'forwarder-'));
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'studio') });
  await studio.start();
  const outbox = new Outbox({ path: join(dir, 'outbox.db'), maxBytes: 1e8, maxEvents: 1e5 });
  outbox.open();
  const forwarder = new Forwarder(outbox, new HttpTransport({ url: studio.url }), { ...DEFAULT_FORWARDER, baseBackoffMs: 20, capBackoffMs: 100, idlePollMs: 20 });
  try {
    const now = Date.now();
    // Refused whole (every reading is outside the window), partly (one of three), and not at all.
    outbox.enqueue(event('old', [Date.UTC(1999, 0, 1), Date.UTC(1999, 0, 2)]), 'normal');
    outbox.enqueue(event('mixed', [now - 1000, now + 2 * DAY, now - 2000]), 'normal');
    outbox.enqueue(event('fine', [now - 3000, now - 4000]), 'normal');
    forwarder.start();
    await forwarder.drained();
    assert.equal(forwarder.counters.rejectedReadings, 3, `2 in the refused event, 1 inside a stored one: ${JSON.stringify(forwarder.counters)}`);
    assert.equal((await studio.store.counts()).readings, 4);
  } finally {
    await forwarder.stop();
    outbox.close();
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
