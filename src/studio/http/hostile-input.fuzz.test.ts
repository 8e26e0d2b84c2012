import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { StudioServer } from '../server.js';

// Hostile bodies against a real studio over loopback: never a 5xx, the process keeps answering,
// each answer comes within a bound, and memory stays bounded. Run counts are fixed (and the seed,
// FUZZ_SEED to vary it), so the suite's time is bounded too.
let studio: StudioServer;
let dir: string;
const rssAtStart = process.memoryUsage().rss;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fuzz-studio-'));
  studio = new StudioServer({ port: 0, host: '127.0.0.1', dataDir: dir, maxBodyBytes: 256 * 1024, rateLimitPerSecond: 1_000_000 });
  await studio.start();
});
after(async () => {
  await studio.stop();
  rmSync(dir, { recursive: true, force: true });
});

const seed = Number(process.env.FUZZ_SEED ?? 7);
const PER_REQUEST_MS = 15_000; // generous: a loaded 2-core machine; a freeze takes far longer

async function send(path: string, body: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${studio.url}${path}`, { method: 'POST', body, headers, signal: AbortSignal.timeout(PER_REQUEST_MS) });
  await res.arrayBuffer();
  assert.ok(res.status < 500, `${path}: ${res.status} for ${JSON.stringify(String(body).slice(0, 300))}`);
  assert.ok(performance.now() - t0 < PER_REQUEST_MS);
  return res.status;
}

const weirdNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(9e15, 8.64e15, -1, 0, 1, 1e308, -0, 946_684_800_000, Number.MAX_SAFE_INTEGER));
const weirdText = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', ' ', '\u0000', 'a'.repeat(200), '2026-13-45T25:61:00Z', '1970-01-01T00:00:00Z', '<script>', "'; DROP TABLE readings;--"));
const weirdValue = fc.oneof(weirdNumber, weirdText, fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const reading = fc.record({
  node: fc.oneof(fc.constantFrom('pi-fz-1', 'pi-fz-2'), weirdValue), sensor: fc.oneof(fc.constant('t'), weirdValue), kind: fc.oneof(fc.constant('temperature'), weirdValue),
  value: weirdValue, unit: fc.oneof(fc.constant('°C'), weirdValue), ts: fc.oneof(fc.constant(Date.now() - 60_000), weirdNumber, weirdText),
  location: fc.oneof(fc.constant('lab'), weirdValue), clock: fc.oneof(fc.constantFrom('synced', 'unsynced', 'corrected'), weirdValue), score: weirdValue, severity: weirdValue,
}, { requiredKeys: [] });
const TYPES = ['io.homelab.edge.reading', 'io.homelab.edge.health', 'io.homelab.edge.anomaly', 'io.homelab.edge.aggregate', 'io.homelab.edge.explanation', 'com.example.other'];
const cloudEvent = fc.record({
  specversion: fc.oneof(fc.constant('1.0'), weirdValue), id: fc.oneof(fc.uuid(), weirdValue), source: fc.oneof(fc.constant('/edge/pi-fz'), weirdValue),
  type: fc.oneof(fc.constantFrom(...TYPES), weirdValue), time: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), weirdValue),
  data: fc.oneof(fc.record({ readings: fc.array(reading, { maxLength: 20 }) }), fc.record({ node: fc.constant('pi-fz-1'), ts: weirdNumber, cpu_pct: weirdValue, mem_pct: weirdValue, disk_pct: weirdValue }), weirdValue, fc.jsonValue()),
}, { requiredKeys: [] });
const eventsBody = fc.oneof(
  cloudEvent.map((e) => ({ body: JSON.stringify(e), type: 'application/cloudevents+json' })),
  fc.array(cloudEvent, { maxLength: 10 }).map((b) => ({ body: JSON.stringify(b), type: 'application/cloudevents-batch+json' })),
  fc.jsonValue().map((v) => ({ body: JSON.stringify(v), type: fc.sample(fc.constantFrom('application/cloudevents+json', 'application/cloudevents-batch+json', 'application/json'), { numRuns: 1, seed })[0]! })),
  fc.string({ maxLength: 2000 }).map((s) => ({ body: s, type: 'application/cloudevents+json' })),
  fc.uint8Array({ maxLength: 2000 }).map((b) => ({ body: Buffer.from(b).toString('latin1'), type: 'application/cloudevents-batch+json' })),
  fc.tuple(weirdText, fc.string({ maxLength: 200 })).map(([type, body]) => ({ body, type: type.replace(/[^\x20-\x7e]/g, '') })), // a header carries bytes only
);

test('fuzz: POST /events with hostile CloudEvents, batches, bytes and media types: no 5xx, and good events in a mixed batch are stored', { timeout: 240_000 }, async () => {
  const statuses = new Map<number, number>();
  await fc.assert(fc.asyncProperty(eventsBody, async ({ body, type }) => {
    const s = await send('/events', body, { 'content-type': type });
    statuses.set(s, (statuses.get(s) ?? 0) + 1);
  }), { numRuns: 400, seed, endOnFailure: true });
  // Binary mode: hostile ce-* headers.
  await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom('ce-specversion', 'ce-id', 'ce-source', 'ce-type', 'ce-time', 'ce-subject'), fc.string({ unit: 'grapheme-ascii', maxLength: 40 })), fc.jsonValue(), async (h, data) => {
    const headers = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '')]));
    await send('/events', JSON.stringify(data), { 'content-type': 'application/json', ...headers });
  }), { numRuns: 150, seed, endOnFailure: true });
  // A mixed batch: the good event among hostile ones is stored.
  const id = `fz-good-${Date.now()}`;
  const good = { specversion: '1.0', id, source: '/edge/pi-fz', type: 'io.homelab.edge.reading', data: { readings: [{ node: 'pi-fz-good', sensor: 't', kind: 'temperature', value: 20.5, unit: '°C', ts: Date.now() - 1000 }] } };
  const mixed = [...fc.sample(cloudEvent, { numRuns: 5, seed }), good, ...fc.sample(cloudEvent, { numRuns: 5, seed: seed + 1 })];
  await send('/events', JSON.stringify(mixed), { 'content-type': 'application/cloudevents-batch+json' });
  const rows = await studio.store.readings({ node: 'pi-fz-good', from: 0, to: Date.now() + 1 });
  assert.equal(rows.length, 1);
  assert.equal((await fetch(`${studio.url}/healthz`)).status, 200);
  assert.ok([...statuses.keys()].some((s) => s === 400), 'hostile input was refused somewhere (the property can fail)');
});

const WORDS = ['alert', 'me', 'if', 'delete', 'all', 'alerts', 'temperature', 'in', 'lab', 'above', 'below', 'from', 'to', 'since', '1970', 'year', '9e15', 'last', '100000', 'days', 'between', 'and', 'export', 'annotate', 'incident', 'deploy', 'average', 'max', 'pi-fz-1', 'yesterday', 'at', '25:99', '-5', 'NaN', '°F', '%', '?', '…', 'é', '🔥', 'stop', 'silence', 'for', 'ever'];
const question = fc.oneof(
  fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 14 }).map((w) => w.join(' ')),
  fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constantFrom('', ' ', 'x'.repeat(2001), 'a '.repeat(1000)),
);
const queryBody = fc.oneof(
  question.map((q) => ({ body: q, type: 'text/plain' })),
  fc.tuple(question, fc.option(fc.oneof(fc.string({ maxLength: 200 }), weirdValue))).map(([q, c]) => ({ body: JSON.stringify({ query: q, ...(c === null ? {} : { conversation_id: c }) }), type: 'application/json' })),
  fc.jsonValue().map((v) => ({ body: JSON.stringify(v), type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((s) => ({ body: `{${s}`, type: 'application/json' })),
);

test('fuzz: POST /query with hostile questions and bodies: no 5xx, answers within the bound, memory bounded', { timeout: 240_000 }, async (t) => {
  await send('/events', JSON.stringify({ specversion: '1.0', id: `fz-seed-${Date.now()}`, source: '/edge/pi-fz', type: 'io.homelab.edge.reading', data: { readings: [{ node: 'pi-fz-1', sensor: 't', kind: 'temperature', value: 21, unit: '°C', ts: Date.now() - 5000, location: 'lab' }] } }), { 'content-type': 'application/cloudevents+json' });
  await fc.assert(fc.asyncProperty(queryBody, async ({ body, type }) => {
    await send('/query', body, { 'content-type': type });
  }), { numRuns: 250, seed, endOnFailure: true });
  const grownMb = (process.memoryUsage().rss - rssAtStart) / 2 ** 20;
  t.diagnostic(`RSS grew ${grownMb.toFixed(0)} MB over the fuzz runs`);
  assert.ok(grownMb < 768, `memory bounded (RSS grew ${grownMb.toFixed(0)} MB)`);
  assert.equal((await fetch(`${studio.url}/healthz`)).status, 200);
});
