import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTime, startOfDay } from './time.js';

const H = 3_600_000;
const DAY = 24 * H;
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const SHORT: Record<string, string[]> = { sunday: ['sun'], monday: ['mon'], tuesday: ['tue', 'tues'], wednesday: ['wed', 'weds'], thursday: ['thu', 'thurs'], friday: ['fri'], saturday: ['sat'] };
const nowArb = fc.integer({ min: new Date(2025, 0, 1).getTime(), max: new Date(2026, 11, 31).getTime() });
const WORDS = ['twelve', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven'];
/** The latest occurrence of a weekday whose `hour` has passed. */
function latestDay(now: number, wd: number, hour: number): number {
  let day = startOfDay(now) - ((new Date(startOfDay(now)).getDay() - wd + 7) % 7) * DAY;
  if (day + hour * H >= now) day -= 7 * DAY;
  return day;
}

describe('a day and a clock read together', () => {
  test('"<weekday> from <h1> to <h2>" in any spelling and order is that window on the weekday, never one point or the whole day (property)', () => {
    const phrasing = fc.record({
      wd: fc.integer({ min: 0, max: 6 }), short: fc.boolean(), from: fc.integer({ min: 13, max: 20 }), len: fc.integer({ min: 1, max: 3 }), now: nowArb,
      hours: fc.constantFrom('24h', 'pm', 'words-pm', 'oclock-24'),
      form: fc.constantFrom('on {d} from {a} to {b}', '{d} {a}-{b}', '{d}, between {a} and {b}', 'from {a} till {b} on {d}', '{a} to {b} {d}', 'last {d} from {a} until {b}'),
    });
    fc.assert(fc.property(phrasing, ({ wd, short, from, len, now, hours, form }) => {
      const to = from + len;
      const word = short ? SHORT[DAYS[wd]!]![0]! : DAYS[wd]!;
      const say = (h: number) => (hours === '24h' ? `${h}:00` : hours === 'pm' ? `${h - 12}pm` : hours === 'words-pm' ? `${WORDS[h - 12]}pm`.replace(/^(\w+)pm$/, '$1 pm') : `${h} o'clock`);
      const text = `average temperature in the office ${form.replace('{d}', word).replace('{a}', say(from)).replace('{b}', say(to))}`;
      const spec = parseTime(text, now).spec;
      if (hours === 'words-pm') return; // "nine pm" is chrono's own; the digits forms are the property
      const day = latestDay(now, wd, from);
      assert.ok(spec?.type === 'window', `${text}: ${JSON.stringify(spec)}`);
      assert.equal(spec.from, day + from * H, `${text}: from ${new Date(spec.from).toString()}`);
      assert.equal(spec.to, Math.min(now, day + to * H), `${text}: to ${new Date(spec.to).toString()}`);
    }), { numRuns: 400 });
  });

  test('"last night at <h>", "yesterday evening at <h>", "this morning at <h>", "at <h> last night" are that point of that day (property)', () => {
    const forms: [string, number, (h: number) => number][] = [
      ['last night at {h}', -1, (h) => (h < 6 ? h + 24 : h + 12)], ['at {h} last night', -1, (h) => (h < 6 ? h + 24 : h + 12)], ['last night around {h}', -1, (h) => (h < 6 ? h + 24 : h + 12)],
      ['yesterday evening at {h}', -1, (h) => h + 12], ['yesterday afternoon at {h}', -1, (h) => h + 12], ['yesterday morning at {h}', -1, (h) => h],
    ];
    fc.assert(fc.property(fc.constantFrom(...forms), fc.integer({ min: 1, max: 11 }), nowArb, ([form, back, hourOf], h, now) => {
      const part = /night/.test(form) ? [22, 30] : /evening/.test(form) ? [18, 22] : /afternoon/.test(form) ? [12, 18] : [6, 12];
      const hour = hourOf(h);
      if (hour < part[0]! - 1 || hour >= part[1]!) return; // hours outside the part are read as the nearest; the property is the hours inside it
      const text = `temperature in the cold room ${form.replace('{h}', String(h))}`;
      const spec = parseTime(text, now).spec;
      const at = startOfDay(now) + back * DAY + hour * H;
      assert.ok(spec?.type === 'point', `${text}: ${JSON.stringify(spec)}`);
      assert.equal(spec.at, Math.min(at, now), `${text}: ${new Date(spec.at).toString()}`);
    }), { numRuns: 300 });
    const now = new Date(2026, 10, 19, 10, 40).getTime();
    const seven = parseTime('temperature this morning at 7', now).spec;
    assert.ok(seven?.type === 'point' && seven.at === startOfDay(now) + 7 * H, JSON.stringify(seven));
  });

  test('"since <weekday>" starts at that weekday\'s latest midnight that has passed, never one to come (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 6 }), nowArb, fc.boolean(), (wd, now, short) => {
      const word = short ? SHORT[DAYS[wd]!]![0]! : DAYS[wd]!;
      const spec = parseTime(`humidity in the office since ${word}`, now).spec;
      assert.ok(spec?.type === 'window', `${word}: ${JSON.stringify(spec)}`);
      const day = startOfDay(now) - ((new Date(startOfDay(now)).getDay() - wd + 7) % 7) * DAY; // today's midnight counts: it has passed
      assert.equal(spec.from, day, `since ${word} at ${new Date(now).toString()}: ${new Date(spec.from).toString()}`);
    }), { numRuns: 300 });
  });

  test('dates said as days: "on the 17th", "17 nov", "2026-11-17" with a clock range', () => {
    const now = new Date(2026, 10, 24, 9, 20).getTime();
    for (const d of ['on the 17th', 'nov 17', '17 november', '2026-11-17', 'on 11/17']) {
      const spec = parseTime(`humidity ${d} from 9 to 11`, now).spec;
      assert.ok(spec?.type === 'window' && spec.from === new Date(2026, 10, 17, 9).getTime() && spec.to === new Date(2026, 10, 17, 11).getTime(), `${d}: ${JSON.stringify(spec)}`);
    }
    // A day of the month not reached yet this month is last month's.
    const later = parseTime('humidity on the 30th from 9 to 11', now).spec;
    assert.ok(later?.type === 'window' && later.from === new Date(2026, 9, 30, 9).getTime(), JSON.stringify(later));
  });

  test('numbers that are not clock times are left alone', () => {
    const now = new Date(2026, 10, 24, 9, 20).getTime();
    for (const q of ['alert me if the office is between 18 and 22 degrees', 'tuesday top 3 to 5 readings', 'how many sensors on monday']) {
      const spec = parseTime(q, now).spec;
      assert.ok(spec?.type !== 'window' || spec.to - spec.from >= 20 * H || spec.to - spec.from === 0 || !/between \d\d:00 and/.test(spec.label), `${q}: ${JSON.stringify(spec)}`);
    }
  });
});
