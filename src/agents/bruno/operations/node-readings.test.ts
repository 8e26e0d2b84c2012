import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../studio/store/sqlite/sqlite-store.js';
import { ReadingSchema } from '../../../core/schemas.js';
import { CommandQueue } from '../../../studio/commands/command-queue.js';
import { EdgeReadings } from '../../../studio/commands/edge-readings.js';
import { LocalStore } from '../../../edge/store/local-store.js';
import { runCommand } from '../../../edge/commands/runner.js';
import { COMMAND_HANDLERS } from '../../../edge/commands/handlers/index.js';
import { Bruno } from '../bruno.js';
import { ungroundedInAnswer } from '../grounding.js';

const NOW = Date.now();
const NODES = [['pi-node-1', 'warehouse-a'], ['pi-node-2', 'warehouse-b']] as const;

/** A node answering its command channel in-process: the real handler list over a real local store. */
function answeringNode(queue: CommandQueue, node: string, store: LocalStore): () => void {
  let on = true;
  void (async () => {
    while (on) {
      const got = await queue.next(node, [], 200);
      for (const c of got) {
        const { outcome, body } = await runCommand(c, COMMAND_HANDLERS, { node, store, dataDir: '.', log: () => undefined });
        await queue.complete(node, c.id, outcome, Buffer.byteLength(body));
      }
    }
  })();
  return () => { on = false; };
}

test('"all sensor readings … in the last hour" is read from the nodes\' raw stores; a node that does not answer gets a sentence and no numbers', async () => {
  const studio = new SqliteStore(':memory:');
  await studio.open();
  // The studio knows both nodes (from a reading each, as aggregates would tell it).
  await studio.ingest(NODES.map(([node, location], i) => ({ event: { source: `/edge/${node}`, id: `r${i}`, type: 'io.homelab.edge.reading', time: NOW - 60_000 }, readings: [
    ReadingSchema.parse({ node, sensor: 'dht22-temperature', kind: 'temperature', value: 21, unit: '°C', ts: NOW - 60_000, location }),
    ReadingSchema.parse({ node, sensor: 'dht22-humidity', kind: 'humidity', value: 40, unit: '%', ts: NOW - 60_000, location }),
  ] })));
  const local = new LocalStore({ path: join(mkdtempSync(join(tmpdir(), 'bruno-edge-')), 'local.db') });
  local.open();
  // pi-node-1 took a reading every 10 s for the last hour: 360 per sensor, values the studio never saw.
  for (let ts = NOW - 3_600_000 + 5000; ts < NOW; ts += 10_000) {
    local.append({ node: 'pi-node-1', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-a', ts, value: 17.3 + (Math.floor(ts / 10_000) % 7) / 10, severity: 'normal', score: 0, id: `t${ts}` } as never);
    local.append({ node: 'pi-node-1', sensor: 'dht22-humidity', kind: 'humidity', unit: '%', location: 'warehouse-a', ts, value: 61.7, severity: 'normal', score: 0, id: `h${ts}` } as never);
  }
  const queue = new CommandQueue({ path: ':memory:' });
  await queue.open();
  const stop = answeringNode(queue, 'pi-node-1', local);
  try {
    const bruno = new Bruno({ store: studio, clock: () => NOW, edge: new EdgeReadings(queue) });
    const a = await bruno.ask('Show me all sensor readings from warehouse Pi nodes in the last hour');
    assert.equal(a.intent, 'node_readings', a.response);
    assert.match(a.response, /nodes' own raw stores/);
    const lines = a.response.split('\n');
    const one = lines.find((l) => l.startsWith('- pi-node-1'))!;
    assert.match(one, /720 readings/);
    assert.match(one, /dht22-temperature \(temperature\) 360 readings, 17\.3°C to 17\.9°C/);
    const two = lines.find((l) => l.startsWith('- pi-node-2'))!;
    assert.match(two, /did not answer within .*: its command channel has not connected.*No numbers from it\.$/);
    assert.doesNotMatch(two, /°C|%|readings,/);
    const data = a.data as { source: string; nodes: { node: string; answered: boolean; readings?: unknown[] }[] };
    assert.equal(data.source, 'node_raw_store');
    assert.equal(data.nodes.find((n) => n.node === 'pi-node-1')?.readings?.length, 720);
    assert.equal(data.nodes.find((n) => n.node === 'pi-node-2')?.answered, false);
    assert.deepEqual(ungroundedInAnswer(a.response, a.data, NOW), [], 'every number comes from the data of the request');
    // One kind narrows the query on the node; other questions keep their usual answers.
    const h = await bruno.ask('show me all humidity readings from pi-node-1 in the last 30 minutes');
    assert.equal(h.intent, 'node_readings');
    assert.match(h.response, /pi-node-1 \(warehouse-a\): 180 readings\. dht22-humidity \(humidity\) 180 readings, 61\.7% to 61\.7%/);
    assert.notEqual((await bruno.ask('How many readings in the last hour?')).intent, 'node_readings');
    assert.notEqual((await bruno.ask('Show me all readings from pi-node-1 yesterday')).intent, 'node_readings', 'not a short recent window');
  } finally {
    stop();
    await queue.close();
    local.close();
    await studio.close();
  }
});
