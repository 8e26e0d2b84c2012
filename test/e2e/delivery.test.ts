import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { StudioServer } from '../../src/studio/server.js';
import { Outbox } from '../../src/edge/outbox/outbox.js';
import { Forwarder, DEFAULT_FORWARDER } from '../../src/edge/outbox/forwarder.js';
import { HttpTransport } from '../../src/edge/transport/http.js';
import { readingEvent, tempDir, waitFor } from './helpers.js';

const fast = { ...DEFAULT_FORWARDER, baseBackoffMs: 20, capBackoffMs: 200, idlePollMs: 50, maxBatchEvents: 50 };

test('a studio outage while readings flow: after it, every event is stored exactly once', async () => {
  const studioDir = tempDir('studio-');
  let studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: studioDir });
  await studio.start();
  const port = studio.port;
  const outbox = new Outbox({ path: join(tempDir('edge-'), 'outbox.db'), maxBytes: 1e9, maxEvents: 1e6 });
  outbox.open();
  const forwarder = new Forwarder(outbox, new HttpTransport({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 }), fast);
  forwarder.start();
  for (let i = 0; i < 150; i++) outbox.enqueue(readingEvent(i), 'normal');
  await forwarder.drained();
  await studio.stop(); // outage
  for (let i = 150; i < 400; i++) outbox.enqueue(readingEvent(i), i % 10 === 0 ? 'critical' : 'normal');
  await waitFor(() => forwarder.counters.retries > 0, 5000, 'a failed attempt during the outage');
  assert.ok(outbox.depth() >= 250, 'the backlog waits in the outbox');
  studio = new StudioServer({ port, host: '127.0.0.1', dataDir: studioDir });
  await studio.start();
  await waitFor(() => outbox.depth() === 0, 20_000, 'the backlog to drain');
  const counts = await studio.store.counts();
  assert.equal(counts.events, 400);
  assert.equal(counts.readings, 400);
  await forwarder.stop();
  outbox.close();
  await studio.stop();
});

test('kill -9 of the collector mid-stream, then restart: every acknowledged event arrives once', async () => {
  const studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: tempDir('studio-') });
  await studio.start();
  const outboxPath = join(tempDir('edge-'), 'outbox.db');
  const src = (p: string) => JSON.stringify(new URL(p, import.meta.url).pathname);
  const script = (produce: boolean) => `
    import { Outbox } from ${src('../../src/edge/outbox/outbox.ts')};
    import { Forwarder } from ${src('../../src/edge/outbox/forwarder.ts')};
    import { HttpTransport } from ${src('../../src/edge/transport/http.ts')};
    import { readingEvent } from ${src('./helpers.ts')};
    const outbox = new Outbox({ path: ${JSON.stringify(outboxPath)}, maxBytes: 1e9, maxEvents: 1e6 });
    outbox.open();
    const fwd = new Forwarder(outbox, new HttpTransport({ url: ${JSON.stringify(studio.url)} }), ${JSON.stringify(fast)});
    fwd.start();
    if (${produce}) {
      let i = 0;
      setInterval(() => { for (let k = 0; k < 20; k++, i++) { outbox.enqueue(readingEvent(i), 'normal'); process.stdout.write(i + '\\n'); } }, 5);
    } else {
      await fwd.drained(); process.stdout.write('drained\\n'); await fwd.stop(); process.exit(0);
    }`;
  const run = (produce: boolean) => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(produce)], { stdio: ['ignore', 'pipe', 'inherit'] });

  const producer = run(true);
  let acknowledged = -1;
  let buffer = '';
  producer.stdout.on('data', (c: Buffer) => {
    buffer += c.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    if (lines.length) acknowledged = Number(lines[lines.length - 1]);
  });
  await waitFor(async () => acknowledged >= 600 && (await studio.store.counts()).events > 100, 20_000, 'readings to flow');
  producer.kill('SIGKILL');
  await new Promise((r) => producer.once('exit', r));
  const beforeRestart = (await studio.store.counts()).events;
  assert.ok(beforeRestart <= acknowledged + 1);

  const drainer = run(false);
  await new Promise((r) => drainer.once('exit', r));
  const ids = new Set((await studio.store.readings({ from: 0, to: Date.now() + 60_000, limit: 1e6 })).map((r) => r.value + ':' + r.ts));
  const counts = await studio.store.counts();
  assert.ok(counts.events >= acknowledged + 1, `studio has ${counts.events} events, ${acknowledged + 1} were acknowledged`);
  assert.equal(counts.readings, counts.events, 'each event stored once: one reading per event, none doubled');
  assert.equal(ids.size, counts.readings);
  await studio.stop();
});
