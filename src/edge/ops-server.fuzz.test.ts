import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createEdgeMetrics } from './metrics.js';
import { OpsServer } from './ops-server.js';
import type { Sample, SourceSink } from './sources/source.js';

// Hostile bodies on the collector's POST /push over loopback: never a 5xx, every sample handed on
// is a finite reading with a sensor and kind, and the server keeps answering. Fixed run count.
test('fuzz: POST /push with hostile JSON, text lines and bytes: no 5xx, only well-formed samples go on', { timeout: 180_000 }, async () => {
  const got: Sample[] = [];
  let malformed = 0;
  const sink: SourceSink = { readings: async (s) => { got.push(...s); }, health: () => {}, malformed: () => { malformed++; } };
  const ops = new OpsServer({ port: 0, host: '127.0.0.1', registry: createEdgeMetrics(() => ({ readingsIn: got.length, bySeverity: {}, malformed: {}, outboxDepth: 0, outboxOldestAgeMs: 0, outboxBytes: 0, drops: {}, delivered: 0, rejected: 0, retries: 0, bytesSent: 0, rawBytes: 0, localReadings: 0, localBytes: 0 })).registry, snapshot: () => ({ readingsIn: got.length }), sink, node: 'pi-fz', location: 'lab', maxBodyBytes: 64 * 1024 });
  await ops.start();
  const url = `http://127.0.0.1:${ops.port}`;
  const weird = fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 20 }), fc.constant(null), fc.boolean(), fc.constantFrom(9e15, -1, 1e308, 'NaN', ''), fc.jsonValue());
  const reading = fc.record({ sensor: fc.oneof(fc.constant('shelf'), weird), kind: fc.oneof(fc.constant('temperature'), weird), value: fc.oneof(fc.double({ min: -50, max: 50 }), weird), unit: weird, ts: weird, node: weird, location: weird }, { requiredKeys: [] });
  const body = fc.oneof(
    fc.record({ readings: fc.array(reading, { maxLength: 30 }) }).map((b) => ({ b: JSON.stringify(b), t: 'application/json' })),
    fc.array(reading, { maxLength: 30 }).map((b) => ({ b: JSON.stringify(b), t: 'application/json' })),
    fc.jsonValue().map((v) => ({ b: JSON.stringify(v), t: 'application/json' })),
    fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.oneof(fc.double().map(String), fc.string({ maxLength: 8 })), fc.option(fc.integer().map(String))), { maxLength: 20 })
      .map((lines) => ({ b: lines.map((l) => l.filter((x) => x !== null).join(' ')).join('\n'), t: 'text/plain' })),
    fc.string({ maxLength: 3000 }).map((s) => ({ b: s, t: 'text/plain' })),
    fc.uint8Array({ maxLength: 3000 }).map((u) => ({ b: Buffer.from(u).toString('latin1'), t: 'application/json' })),
    fc.tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 30 }), fc.string({ maxLength: 100 })).map(([t, b]) => ({ b, t })),
    fc.constant({ b: 'x'.repeat(70 * 1024), t: 'text/plain' }),
  );
  const statuses = new Set<number>();
  try {
    await fc.assert(fc.asyncProperty(body, async ({ b, t }) => {
      const res = await fetch(`${url}/push`, { method: 'POST', body: b, headers: { 'content-type': t }, signal: AbortSignal.timeout(15_000) });
      await res.arrayBuffer();
      statuses.add(res.status);
      assert.ok(res.status < 500, `${res.status} for ${JSON.stringify(b.slice(0, 200))}`);
    }), { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 3), endOnFailure: true });
    for (const s of got) {
      assert.ok(Number.isFinite(s.value), `a sample with value ${s.value} went on`);
      assert.ok(typeof s.sensor === 'string' && s.sensor.length > 0 && typeof s.kind === 'string' && s.kind.length > 0);
      assert.ok(Number.isFinite(s.ts));
    }
    assert.ok(statuses.has(202) && [...statuses].some((s) => s >= 400), `both accepted and refused bodies were seen (${[...statuses].join(', ')})`);
    assert.ok(malformed > 0);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  } finally {
    await ops.stop();
  }
});
