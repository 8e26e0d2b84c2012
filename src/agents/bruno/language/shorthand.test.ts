import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog, SeriesInfo } from '../../../studio/store/store.js';
import { indexCatalog } from './catalog-index.js';
import { parseQuestion } from './parse.js';
import { startOfDay } from './time.js';

const NOW = new Date(2026, 10, 23, 15, 7, 0).getTime();
const H = 3_600_000;
const locations = ['warehouse-a', 'cold-room', 'office'];
const series: SeriesInfo[] = locations.flatMap((location, i) => ['dht22-temperature', 'dht22-humidity'].map((sensor) => ({
  node: `pi-node-${i + 1}`, sensor, kind: sensor.split('-')[1]!, unit: sensor.includes('temp') ? '°C' : '%', location, firstSeen: 0, lastTs: NOW, lastValue: 1,
})));
const catalog: Catalog = { nodes: ['pi-node-1', 'pi-node-2', 'pi-node-3'], locations, kinds: ['humidity', 'temperature'], series };
const index = indexCatalog(catalog);
const plan = (q: string) => parseQuestion(q, index, NOW).plan;
const YESTERDAY = startOfDay(NOW) - 24 * H;

const question = fc.constantFrom(
  'average temperature in the office {t}', 'max humidity in warehouse a {t}', 'what was the temp in the cold room {t}?', '{t} lowest temperature in the office',
  'how humid was warehouse a {t}', 'temperature stats {t} for the cold room', 'min and max humidity {t}',
);

test('informal day abbreviations read as the day they stand for, in any sentence (property)', () => {
  fc.assert(fc.property(question, fc.constantFrom('yday', 'yest', 'yda', "y'day", 'Yday', 'YEST', 'ystd'), (q, abbr) => {
    const got = plan(q.replace('{t}', abbr)).time;
    const want = plan(q.replace('{t}', 'yesterday')).time;
    assert.deepEqual(got, want, `${q} with ${abbr}`);
    assert.ok(got.type === 'window' && got.from === YESTERDAY, `${abbr}: yesterday's window`);
  }));
});

test('"rn" and "atm" are the present', () => {
  for (const q of ['how warm is the office rn', 'humidity in warehouse a atm', 'is it cold in the cold room rn?']) assert.deepEqual(plan(q).time, { type: 'now', explicit: true }, q);
});

test('a bare hour range "H to H" / "between H and H" with a day is that window of that day (property)', () => {
  const hours = fc.tuple(fc.integer({ min: 0, max: 22 }), fc.integer({ min: 1, max: 10 })).map(([a, d]) => [a, Math.min(23, a + d)] as const).filter(([a, b]) => a < b);
  const form = fc.constantFrom('{a} to {b}', 'from {a} to {b}', 'between {a} and {b}', '{a}-{b}', 'from {a} till {b}');
  fc.assert(fc.property(question, hours, form, fc.constantFrom('yesterday', 'yday'), fc.boolean(), (q, [a, b], f, day, dayFirst) => {
    // A 24-hour reading is unambiguous when an hour is 0 or past 12; 1-7 otherwise read as afternoon hours.
    const unambiguous = a === 0 || a > 12 || b > 12;
    const range = f.replace('{a}', String(a)).replace('{b}', String(b));
    const t = dayFirst ? `${day} ${range}` : `${range} ${day}`;
    const p = plan(q.replace('{t}', t));
    assert.equal(p.time.type, 'window', `${q.replace('{t}', t)}: ${JSON.stringify(p.time)}`);
    if (p.time.type !== 'window') return;
    const from = (p.time.from - YESTERDAY) / H, to = (p.time.to - YESTERDAY) / H;
    if (unambiguous) assert.deepEqual([from, to], [a, b], q.replace('{t}', t));
    else assert.deepEqual([from % 12, to % 12], [a % 12, b % 12], `${q.replace('{t}', t)}: ${from}-${to}`);
  }), { numRuns: 300 });
});

test('numbers that are not hours stay what they are', () => {
  assert.equal(plan('top 3 warmest rooms yesterday').time.type, 'window');
  const alert = plan('alert me if humidity in the office is between 30 and 40 yesterday');
  assert.equal(alert.operation, 'alert_create');
  assert.ok(plan('between 20 and 25 degrees yesterday in the office').time.type === 'window');
  assert.deepEqual((({ from, to }) => [from, to])(plan('average temperature yesterday').time as { from: number; to: number }), [YESTERDAY, YESTERDAY + 24 * H]);
});
