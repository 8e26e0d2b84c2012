/**
 * World C, names that begin with words of the clock and the calendar: the real "Night Store",
 * "Day Room 2", "Morning Dock", "Noon Hall", "March Yard" and "May Street" are found and answered with their own numbers (never last night's
 * or this morning's window for every place); names of that shape the store lacks ("the night
 * kitchen", "dawn shed", "noon court") are an honest "no data for …" with no number and no rule.
 */
import { name, num } from '../check.js';
import type { EvalItem } from '../item.js';
import { latest, localAt, stats } from '../truth.js';
import { DAY_ROOM, MARCH_YARD, MAY_STREET, MORNING_DOCK, NIGHT_STORE, NOON_HALL, type WorldC } from '../world-c.js';
import { HOUR } from '../generator.js';

const noRule = ({ created }: { created: unknown[] }) => (created.length ? `created ${created.length} rule(s) for a place that does not exist` : undefined);

export function timeNameItemsC(w: WorldC): EvalItem[] {
  const { series, now } = w;
  const last = (location: string, kind: string) => latest(series, { location, kind })[0]!.value;
  const unit = (kind: string) => (kind === 'humidity' ? '%' : 'C');
  const yesterday: [number, number] = [localAt(now, -1, 0), localAt(now, 0, 0)];
  const morning: [number, number] = [localAt(now, 0, 6), localAt(now, 0, 12)];
  const out: EvalItem[] = [];
  const found = (question: string, location: string, kind: string, value: number) =>
    out.push({ category: 'time-word-names', question, facts: [name(location), num(value, unit(kind))] });
  found('temperature in the night store', NIGHT_STORE, 'temperature', last(NIGHT_STORE, 'temperature'));
  found("what's the humidity at night store right now?", NIGHT_STORE, 'humidity', last(NIGHT_STORE, 'humidity'));
  found('night store temps?', NIGHT_STORE, 'temperature', last(NIGHT_STORE, 'temperature'));
  found('how warm is the day room', DAY_ROOM, 'temperature', last(DAY_ROOM, 'temperature'));
  found('humidity in day room 2', DAY_ROOM, 'humidity', last(DAY_ROOM, 'humidity'));
  found('morning dock temperature', MORNING_DOCK, 'temperature', last(MORNING_DOCK, 'temperature'));
  found('how cold is it at the morning dock', MORNING_DOCK, 'temperature', last(MORNING_DOCK, 'temperature'));
  found('noon hall humidity', NOON_HALL, 'humidity', last(NOON_HALL, 'humidity'));
  found('average temperature in the night store yesterday', NIGHT_STORE, 'temperature', stats(series, { location: NIGHT_STORE, kind: 'temperature' }, ...yesterday).mean);
  found('mean humidity in noon hall yesterday', NOON_HALL, 'humidity', stats(series, { location: NOON_HALL, kind: 'humidity' }, ...yesterday).mean);
  // The place's name and the time both begin with a word of the clock: "morning dock … this morning".
  found('average temperature at the morning dock this morning', MORNING_DOCK, 'temperature', stats(series, { location: MORNING_DOCK, kind: 'temperature' }, ...morning).mean);
  found('temperature in the night-store', NIGHT_STORE, 'temperature', last(NIGHT_STORE, 'temperature'));
  // Month words: "march yard" is the place, never the 1st of March.
  const tempAt = (location: string, ts: number) => series.find((x) => x.spec.location === location && x.spec.kind === 'temperature')!.samples.find((p) => p.ts >= ts)!.value;
  found('temperature in march yard', MARCH_YARD, 'temperature', last(MARCH_YARD, 'temperature'));
  found("what's the humidity in the march yard right now", MARCH_YARD, 'humidity', last(MARCH_YARD, 'humidity'));
  found('average temperature in march yard yesterday', MARCH_YARD, 'temperature', stats(series, { location: MARCH_YARD, kind: 'temperature' }, ...yesterday).mean);
  found('march yard temperature 3 hours ago', MARCH_YARD, 'temperature', tempAt(MARCH_YARD, now - 3 * HOUR));
  found('how warm is may street', MAY_STREET, 'temperature', last(MAY_STREET, 'temperature'));
  found('compare march yard and noon hall', NOON_HALL, 'temperature', last(NOON_HALL, 'temperature'));
  // A name with a number before a part of the day: "day room 2 this morning" is this morning's window, never 02:00.
  found('average temperature in day room 2 this morning', DAY_ROOM, 'temperature', stats(series, { location: DAY_ROOM, kind: 'temperature' }, ...morning).mean);
  found('mean humidity in day room 2 yesterday afternoon', DAY_ROOM, 'humidity', stats(series, { location: DAY_ROOM, kind: 'humidity' }, localAt(now, -1, 12), localAt(now, -1, 18)).mean);
  out.push({ category: 'time-word-names', question: 'and humidity?', conversation: ['temperature in march yard yesterday'], facts: [name(MARCH_YARD), num(stats(series, { location: MARCH_YARD, kind: 'humidity' }, ...yesterday).mean, '%')] });
  out.push({ category: 'time-word-names', question: 'same for noon hall', conversation: ['average temperature in march yard yesterday'], facts: [name(NOON_HALL), num(stats(series, { location: NOON_HALL, kind: 'temperature' }, ...yesterday).mean, 'C')] });

  const unknown = (question: string, names: string[], alert = false) =>
    out.push({ category: 'time-word-unknown', question, noNumbers: true, unknown: names, ...(alert ? { rules: noRule } : {}) });
  unknown('temperature in the night kitchen', ['night kitchen']);
  unknown('how humid is the dawn shed', ['dawn shed']);
  unknown('noon court humidity right now', ['noon court']);
  unknown("what's the temperature at the evening lounge", ['evening lounge']);
  unknown('average humidity in the morning annex yesterday', ['morning annex']);
  unknown('is the midnight cellar getting warmer', ['midnight cellar']);
  unknown('alert me if the night depot goes above 20°C', ['night depot'], true);
  unknown('notify me when humidity in the day lab drops below 30%', ['day lab'], true);
  unknown('how cold is morningside', ['morningside']);
  unknown('temperature at the afternoon yard', ['afternoon yard']);
  unknown('temperature in june lane', ['june lane']);
  unknown('alert me if the april depot goes above 20c', ['april depot'], true);
  unknown('is the sunday shed humid right now', ['sunday shed']);
  unknown('compare noon hall and the winter barn', ['winter barn']);
  return out;
}
