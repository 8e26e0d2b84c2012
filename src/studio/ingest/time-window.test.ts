import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioServer } from '../server.js';

interface Results { results: { id: string; status: string; reason?: string; rejected_readings?: { index: number; reason: string }[] }[] }

test('timestamps outside 2000-01-01 … now + 1 day are refused by name and bound; the rest of the batch is stored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-window-'));
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir });
  await studio.start();
  try {
    const now = Date.now();
    const r = (ts: unknown, extra: Record<string, unknown> = {}) => ({ node: 'pi-w', sensor: 't', kind: 'temperature', value: 21, unit: '°C', location: 'lab', ts, ...extra });
    const post = async (id: string, data: unknown, type = 'io.homelab.edge.reading') => {
      const res = await fetch(`${studio.url}/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify({ specversion: '1.0', id, source: '/edge/pi-w', type, data }) });
      assert.ok(res.status < 500, `no 5xx (got ${res.status})`);
      return ((await res.json()) as Results).results[0]!;
    };
    const batch = await post('mixed', { readings: [r(now - 1000), r(9e15), r(1), r('1970-01-01T00:00:01Z'), r(now + 2 * 86_400_000), r(946_684_799_999, { clock: 'unsynced' }), r(now - 2000)] });
    assert.equal(batch.status, 'stored');
    const why = new Map(batch.rejected_readings!.map((x) => [x.index, x.reason]));
    assert.deepEqual([...why.keys()], [1, 2, 3, 4], 'index 5 (unsynced clock) is held for its correction, not refused');
    assert.equal((batch as { held_readings?: number }).held_readings, 1);
    assert.match(why.get(1)!, /data\.readings\[1\]\.ts.*8640000000000000.*date range/);
    assert.match(why.get(2)!, /data\.readings\[2\]\.ts: 1 \(1970-01-01T00:00:00\.001Z\) is before 2000-01-01T00:00:00\.000Z, the earliest accepted/);
    assert.match(why.get(3)!, /data\.readings\[3\]\.ts: 1000 .* before 2000-01-01/);
    assert.match(why.get(4)!, /data\.readings\[4\]\.ts: .* more than 1 day ahead of the studio's clock/);
    const stored = await studio.store.readings({ node: 'pi-w', from: 0, to: 8.64e15 });
    assert.deepEqual(stored.map((x) => x.ts).sort(), [now - 2000, now - 1000], 'only the two in the window');
    // A whole event of one out-of-window reading, and health, are refused naming the field.
    const alone = await post('alone', { readings: [r(9e15)] });
    assert.equal(alone.status, 'rejected');
    const health = await post('health', { node: 'pi-w', ts: 5, cpu_pct: 1, mem_pct: 1, disk_pct: 1 }, 'io.homelab.edge.health');
    assert.equal(health.status, 'rejected');
    assert.match(health.reason!, /data\.ts: 5 .* before 2000-01-01/);
    // The graph keeps working after such input (it logged 'Invalid time value' and failed its catch-up).
    const graph = await fetch(`${studio.url}/api/v1/graph/entities?type=sensor`);
    assert.ok(graph.status < 500);
  } finally {
    await studio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
