import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTime, startOfDay } from './time.js';

const H = 3_600_000;
const DAY = 24 * H;
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const SHORT: Record<string, string[]> = { sunday: ['sun'], monday: ['mon'], tuesday: ['tue', 'tues'], wednesday: ['wed'], thursday: ['thu', 'thurs'], friday: ['fri'], saturday: ['sat'] };
const PARTS: Record<string, [number, number]> = { morning: [6, 12], afternoon: [12, 18], evening: [18, 22], night: [22, 30] };
/** Any instant over two years, at any minute of the day. */
const nowArb = fc.integer({ min: new Date(2025, 0, 1).getTime(), max: new Date(2026, 11, 31).getTime() });

describe('time expressions', () => {
  test('"<weekday> <part of day>" in any word order is that part of the weekday\'s latest occurrence that has begun', () => {
    const phrasing = fc.record({
      day: fc.integer({ min: 0, max: 6 }),
      part: fc.constantFrom(...Object.keys(PARTS)),
      short: fc.boolean(),
      form: fc.constantFrom('{d} {p}', 'on {d} {p}', '{d}\'s {p}', 'last {d} {p}', 'the {p} of {d}', '{p} on {d}'),
      now: nowArb,
      cap: fc.boolean(),
    });
    fc.assert(fc.property(phrasing, ({ day, part, short, form, now, cap }) => {
      const word = short ? SHORT[DAYS[day]!]![0]! : DAYS[day]!;
      const text = `temperature in the office ${form.replace('{d}', cap ? word.toUpperCase() : word).replace('{p}', part)}?`;
      const spec = parseTime(text, now).spec;
      assert.ok(spec?.type === 'window', `${text}: ${JSON.stringify(spec)}`);
      const [h0, h1] = PARTS[part]!;
      const from = new Date(spec.from);
      assert.equal(from.getDay(), day, text);
      assert.equal(spec.from - startOfDay(spec.from), h0 * H, text);
      assert.ok(spec.from <= now && now - spec.from < 7 * DAY, `${text}: the latest ${part} that has begun`);
      assert.equal(spec.to, Math.min(now, startOfDay(spec.from) + h1 * H), text);
    }), { numRuns: 400 });
  });

  test('fractions of an hour and decimal hours make windows of exactly that length', () => {
    const cases = fc.oneof(
      fc.record({ words: fc.constantFrom('half hour', 'half an hour', 'half-hour', 'quarter hour', 'quarter of an hour', 'hour and a half', '45 mins', '90 minutes', 'ninety minutes'), lead: fc.constantFrom('last', 'past', 'previous') })
        .map(({ words, lead }) => ({ text: `${lead} ${words}`, ms: { 'half hour': 30, 'half an hour': 30, 'half-hour': 30, 'quarter hour': 15, 'quarter of an hour': 15, 'hour and a half': 90, '45 mins': 45, '90 minutes': 90, 'ninety minutes': 90 }[words]! * 60_000 })),
      fc.record({ n: fc.integer({ min: 1, max: 12 }), tenths: fc.integer({ min: 1, max: 9 }), unit: fc.constantFrom('hours', 'hrs', 'h') })
        .map(({ n, tenths, unit }) => ({ text: unit === 'h' ? `${n}.${tenths}h` : `last ${n}.${tenths} ${unit}`, ms: (n + tenths / 10) * H })),
      fc.integer({ min: 1, max: 9 }).map((n) => ({ text: `past ${n} and a half hours`, ms: (n + 0.5) * H })),
    );
    fc.assert(fc.property(cases, nowArb, fc.constantFrom('average humidity in warehouse-a over the {t}', '{t} of temperature', 'how did pressure change in the {t}?'), ({ text, ms }, now, frame) => {
      const q = frame.replace('{t}', text);
      const spec = parseTime(q, now).spec;
      assert.ok(spec?.type === 'window', `${q}: ${JSON.stringify(spec)}`);
      assert.equal(spec.to, now, q);
      assert.ok(Math.abs(now - spec.from - ms) < 1, `${q}: ${(now - spec.from) / 60_000} min`);
    }), { numRuns: 300 });
  });

  test('"midnight last night" is the start of today, as a point', () => {
    fc.assert(fc.property(nowArb, fc.constantFrom('at midnight last night', 'midnight last night', 'last midnight', 'last night at midnight'), (now, words) => {
      const spec = parseTime(`what was the temperature ${words} in the cold room`, now).spec;
      assert.deepEqual(spec?.type === 'point' && spec.at, startOfDay(now), words);
    }), { numRuns: 100 });
  });
});
