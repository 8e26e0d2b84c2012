import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsOf } from '../store/columns.js';
import { decodeHttp, decodeHttpBytes } from './decode.js';
import { parseBodyFast } from './fast-json.js';
import { FastReadings } from './fast-readings.js';
import { validateEvent } from './validate.js';

const BATCH = { 'content-type': 'application/cloudevents-batch+json' };
const T0 = Date.UTC(2026, 10, 20, 12);
const reading = (extra: Record<string, unknown> = {}) =>
  ({ node: 'pi-node-1', sensor: 's1', kind: 'temperature', value: 21.5, unit: '°C', ts: T0, location: 'lab', ...extra });
const event = (readings: unknown, extra: Record<string, unknown> = {}) =>
  ({ specversion: '1.0', id: 'e1', source: '/edge/pi-node-1', type: 'io.homelab.edge.reading', time: '2026-11-20T12:00:00Z', datacontenttype: 'application/json', data: { readings }, ...extra });

/** The outcome of one body, ordinary path vs fast path, as comparable plain data. */
function both(body: string, headers: Record<string, string> = BATCH) {
  const outcome = (events: ReturnType<typeof decodeHttp> | Error) => events instanceof Error ? { error: events.message } : events.map((raw) => {
    const v = validateEvent(raw);
    if (!v.ok) return { rejected: v.error.message, field: v.error.field };
    const { readings, series, ...rest } = v.item;
    return { ...rest, series: series ?? columnsOf(readings ?? []), parts: v.partRejections };
  });
  const run = (f: () => ReturnType<typeof decodeHttp>) => { try { return outcome(f()); } catch (err) { return outcome(err as Error); } };
  // The ordinary path as the route ran it before: the body decoded as Request.text() does.
  return { slow: run(() => decodeHttp(headers, new TextDecoder().decode(Buffer.from(body)))), fast: run(() => decodeHttpBytes(headers, Buffer.from(body))) };
}

function same(body: string, headers?: Record<string, string>) {
  const { slow, fast } = both(body, headers);
  assert.deepEqual(fast, slow, body.slice(0, 300));
}

test('the fast path takes a plain batch: readings come out as columns per series, no reading objects', () => {
  const body = JSON.stringify([event([reading(), reading({ sensor: 's2', value: -3 }), reading({ ts: T0 + 1000, value: 22.25, severity: 'warning', score: 0.5 })])]);
  const parsed = parseBodyFast(Buffer.from(body), 'batch') as { data: { readings: unknown } }[];
  const fast = parsed[0]!.data.readings;
  assert.ok(fast instanceof FastReadings);
  assert.equal(fast.count, 3);
  assert.deepEqual(fast.series.map((s) => [s.sensor, [...s.ts], [...s.values], s.levels && [...s.levels], s.scores && [...s.scores]]), [
    ['s1', [T0, T0 + 1000], [21.5, 22.25], [0, 2], [NaN, 0.5]],
    ['s2', [T0], [-3], undefined, undefined],
  ]);
  same(body);
});

test('every reading zod refuses or changes sends the body the ordinary way, with the same answer', () => {
  const bad: Record<string, unknown>[] = [
    { value: 'hot' }, { value: null }, { node: '' }, { node: ' padded' }, { node: 'x'.repeat(129) }, { sensor: 7 },
    { kind: '' }, { kind: 'k'.repeat(65) }, { unit: 'u'.repeat(17) }, { ts: 'yesterday-ish' }, { ts: -5 }, { ts: 0 }, { ts: '2026-11-20T12:00:00Z' },
    { ts: '1795428000000' }, { ts: 1795428000000.5 }, { location: null }, { location: '' }, { id: '' }, { id: 'i'.repeat(257) }, { boot: '' },
    { seq: -1 }, { seq: 1.5 }, { clock: 'wrong' }, { clock: 'synced' }, { score: 2 }, { score: -0.1 }, { severity: 'bad' }, { severity: 'critical' },
    { extra: { nested: [1, 2] } }, { value: -0 }, { value: Number('12345678901234567') }, { value: 1.5e-7 }, { value: 0.1 }, { node: 'caf\u00e9' }, { node: 'a\\"b' },
  ];
  for (const extra of bad) {
    same(JSON.stringify([event([reading(), reading(extra), reading({ value: 3 })])]));
    same(JSON.stringify(event([reading(extra)])), { 'content-type': 'application/cloudevents+json' });
  }
  const withoutNode = reading();
  delete (withoutNode as Partial<typeof withoutNode>).node;
  same(JSON.stringify([event([withoutNode])]));
  same(JSON.stringify([event([])]));
  same(JSON.stringify([event([reading()])]).replace('"value":21.5', '"value":1e400')); // Infinity: not finite
  same(JSON.stringify([event(Array.from({ length: 10_001 }, () => reading()))]));
  same('[{"specversion":"1.0","id":"d","source":"/s","type":"io.homelab.edge.reading","time":"2026-11-20T12:00:00Z","data":{"readings":[{"node":"a","node":"b","sensor":"s","kind":"k","value":1,"ts":5}]}}]');
});

test('malformed JSON, odd layouts and binary mode answer exactly as before', () => {
  for (const body of ['[', '[{]', '{"a":1}', '[1,2]', '[{"data":{"readings":[1]}}]', '\ufeff[]', '[] x', '[{"a":01}]', '[{"a":1.}]', '[{"a":-}]',
    '[{"__proto__":{"x":1}}]', '[{"a":"\\u0041\\n"}]', `[${JSON.stringify(event([reading()]))}, 5, "x"]`, '  [ ]  ']) same(body);
  same(JSON.stringify(event([reading()])), { 'content-type': 'application/cloudevents+json' });
  const binary = { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-time': '2026-11-20T12:00:00Z', 'ce-id': 'b1', 'ce-source': '/edge/pi-node-1', 'ce-type': 'io.homelab.edge.reading' };
  same(JSON.stringify({ readings: [reading(), reading({ sensor: 's9' })] }), binary);
  same(JSON.stringify({ readings: [reading({ value: 'x' })] }), binary);
  same('not json', binary);
});

test('fuzz: random batches, then random byte damage, never answer differently from the ordinary path', () => {
  let seed = 20_261_201;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let fastPath = 0;
  for (let round = 0; round < 300; round++) {
    const readings = Array.from({ length: 1 + Math.floor(rand() * 40) }, () => {
      const r: Record<string, unknown> = { node: pick(['pi-node-1', 'pi-node-2', 'n']), sensor: pick(['s1', 's2', 'humidity-3']), kind: pick(['temperature', 'humidity']),
        value: pick([rand() * 100, Math.round(rand() * 1000) / 10, -rand(), 0, 1e21, Number('123456789.123456789')]), ts: T0 + Math.floor(rand() * 1e6) };
      if (rand() < 0.5) r.unit = pick(['°C', '%', '']);
      if (rand() < 0.5) r.location = pick(['lab', 'warehouse-a']);
      if (rand() < 0.1) r.severity = pick(['normal', 'warning', 'critical']);
      if (rand() < 0.1) r.score = rand();
      if (rand() < 0.1) r.id = `pi-node-1:b:${Math.floor(rand() * 100)}`;
      if (rand() < 0.05) r.seq = Math.floor(rand() * 100);
      return r;
    });
    let body = JSON.stringify([event(readings, { id: `f${round}` })]);
    if (round % 2) {
      const bytes = Buffer.from(body);
      for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) bytes[Math.floor(rand() * bytes.length)] = pick([0x22, 0x2c, 0x7d, 0x5c, 0x30, 0x2e, 0x20, 0x65, 0x2d]);
      body = bytes.toString('utf8');
    } else {
      const parsed = parseBodyFast(Buffer.from(body), 'batch') as { data: { readings: unknown } }[];
      if (parsed[0]!.data.readings instanceof FastReadings) fastPath++;
    }
    same(body);
  }
  assert.ok(fastPath > 100, `${fastPath} of 150 intact batches took the fast path`);
});
