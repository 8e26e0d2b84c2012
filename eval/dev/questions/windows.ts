/**
 * Statistics over windows (last N hours, today, yesterday, since a time, this week), a point in
 * time, extremes with their time, and "now" extremes. Every item must discriminate: its truth may
 * not be within 0.15 of what the usual misreadings would state (the mean, min or max of the last
 * 24 hours, of the whole day, of the week; the current value), or building the set throws.
 */
import { at, num } from '../check.js';
import { HOUR, MIN } from '../generator.js';
import type { EvalItem } from '../item.js';
import { bucketAround, latest, latestValue, localAt, stats, valueAt, type SeriesSelector } from '../truth.js';
import type { DevWorld } from '../world.js';
import { about, discriminate, LEAST, MOST, toF, UNIT_OF, windowValues, type Window } from './helpers.js';

type Stat = 'mean' | 'min' | 'max';


export function windowItems(w: DevWorld): EvalItem[] {
  const { now, series } = w;
  const conflicts: string[] = [];
  const today = localAt(now, 0, 0);
  const yesterday = localAt(now, -1, 0);
  const last24: Window = [now - 24 * HOUR, now], todayW: Window = [today, now], yesterdayW: Window = [yesterday, today], week: Window = [w.start, now];
  const unitOf = (f: SeriesSelector) => UNIT_OF[f.kind!]!;
  /** Misread as one of `confusers`, the answer must get at least one of the asked statistics wrong. */
  const stat = (category: string, question: string, f: SeriesSelector, [from, to]: Window, which: Stat[], confusers: Window[]): EvalItem => {
    const s = stats(series, f, from, to);
    for (const c of confusers) {
      const values = windowValues(series, f, [c]);
      if (which.every((k) => values.some((v) => Math.abs(v - s[k]) < 0.15))) conflicts.push(`"${question}": ${which.join('+')} the same in the window from ${new Date(c[0]).toString().slice(0, 21)}`);
    }
    return { category, question, facts: which.map((k) => num(s[k], unitOf(f))) };
  };
  const pointIn = (question: string, f: SeriesSelector, ts: number): EvalItem => {
    const values = [valueAt(series, f, ts), bucketAround(series, f, ts).mean];
    const day: Window = [localAt(ts, 0, 0), Math.min(now, localAt(ts, 1, 0))];
    for (const v of values) discriminate(conflicts, question, v, [latestValue(series, f), ...windowValues(series, f, [day, last24])]);
    return { category: 'point-in-time', question, facts: [num(values, unitOf(f))] };
  };
  const extreme = (question: string, f: SeriesSelector, [from, to]: Window, which: 'min' | 'max', confusers: Window[]): EvalItem => {
    const s = stats(series, f, from, to);
    const tsOf = (x: typeof s) => (which === 'max' ? x.maxTs : x.minTs);
    for (const [cf, ct] of confusers) {
      const c = stats(series, f, cf, ct);
      if (Math.abs(c[which] - s[which]) < 0.15 && Math.abs(tsOf(c) - tsOf(s)) <= 5 * MIN) conflicts.push(`"${question}": same extreme in a misread window`);
    }
    return { category: 'extreme-time', question, facts: [num(s[which], unitOf(f)), at(tsOf(s))] };
  };
  /**
   * The place that is most/least now. The misreadings: the place of the last 24 hours' extreme, and
   * the place with the highest/lowest 24-hour mean; each must differ in place or in value.
   */
  const nowItem = (question: string, kind: string, pick: 'max' | 'min'): EvalItem => {
    const better = (a: number, b: number) => (pick === 'max' ? b - a : a - b);
    const live = latest(series, { kind }).filter((l) => now - l.ts < HOUR).sort((a, b) => better(a.value, b.value));
    const top = live[0]!;
    const places = [...new Set(series.filter((s) => s.spec.kind === kind).map((s) => s.spec.location))];
    const day = places.map((loc) => ({ loc, st: stats(series, { location: loc, kind }, now - 24 * HOUR, now) }));
    const extremeOfDay = day.map((d) => ({ loc: d.loc, value: d.st[pick] })).sort((a, b) => better(a.value, b.value))[0]!;
    const meanOfDay = day.map((d) => ({ loc: d.loc, value: d.st.mean })).sort((a, b) => better(a.value, b.value))[0]!;
    for (const m of [extremeOfDay, meanOfDay]) {
      if (m.loc === top.spec.location && Math.abs(m.value - top.value) < 0.15) conflicts.push(`"${question}": the 24-hour reading gives the same place and value`);
    }
    const absent = [extremeOfDay, meanOfDay].filter((m) => m.loc !== top.spec.location && live.every((l) => Math.abs(l.value - m.value) >= 0.15)).map((m) => num(m.value, 'any'));
    return { category: 'now-extreme', question, facts: [about(top.spec.location, pick === 'max' ? MOST : LEAST, true, 60), num(top.value, 'any')], absent };
  };
  const wb = { location: 'warehouse-b', kind: 'temperature' };
  const wa = { location: 'warehouse-a', kind: 'temperature' };
  const cold = { location: 'cold-room', kind: 'temperature' };
  const hum = (location: string) => ({ location, kind: 'humidity' });
  const pres = (location: string) => ({ location, kind: 'pressure' });
  const since = (d: number, h: number): Window => [localAt(now, d, h), now];

  const items = [
    stat('stats-last-hours', 'max temperature in warehouse-a over the last 3 hours', wa, [now - 3 * HOUR, now], ['max'], [last24]),
    stat('stats-last-hours', 'min humidity in cold room in the past 2 hours', hum('cold-room'), [now - 2 * HOUR, now], ['min'], [last24]),
    stat('stats-last-hours', 'What was the average humidity in warehouse b during the last 6 hours?', hum('warehouse-b'), [now - 6 * HOUR, now], ['mean'], [last24]),
    stat('stats-last-hours', 'mean pressure for pi-node-5 last 4h', { node: 'pi-node-5', kind: 'pressure' }, [now - 4 * HOUR, now], ['mean'], [last24]),
    stat('stats-last-hours', 'past 90 minutes: average humidity in warehouse a', hum('warehouse-a'), [now - 90 * MIN, now], ['mean'], [last24]),
    stat('stats-last-hours', 'average pressure in the cold room over the last 12 hours', pres('cold-room'), [now - 12 * HOUR, now], ['mean'], [last24]),
    stat('stats-last-hours', 'average server rack temperature, last hour', { location: 'server-rack', kind: 'temperature' }, [now - HOUR, now], ['mean'], [last24]),

    stat('stats-today', 'average temperature in warehouse-b today', wb, todayW, ['mean'], [last24]),
    stat('stats-today', "What's the average humidity warehouse-a has had today?", hum('warehouse-a'), todayW, ['mean'], [last24]),
    stat('stats-today', 'coldest it got in warehouse b today', wb, todayW, ['min'], [yesterdayW]),
    stat('stats-today', "today's mean pressure in the cold room", pres('cold-room'), todayW, ['mean'], [last24]),
    stat('stats-today', 'How humid was the office on average today?', hum('office'), todayW, ['mean'], [last24]),
    stat('stats-today', 'max temp warehouse a so far today', wa, todayW, ['max'], [last24]),
    { category: 'unit-fahrenheit', question: 'average temp today in the cold room, in fahrenheit', facts: [num(toF(stats(series, cold, today, now).mean), 'F', 0.2)] },

    stat('stats-yesterday', 'What was the average humidity in warehouse-a yesterday?', hum('warehouse-a'), yesterdayW, ['mean'], [last24, todayW]),
    stat('stats-yesterday', "yesterday's max temperature in the cold room", cold, yesterdayW, ['max'], [last24, todayW]),
    stat('stats-yesterday', 'lowest humidity in warehouse b yesterday', hum('warehouse-b'), yesterdayW, ['min'], [todayW]),
    stat('stats-yesterday', 'how warm did the office get yesterday', { location: 'office', kind: 'temperature' }, yesterdayW, ['max'], [todayW]),
    stat('stats-yesterday', 'average pressure yesterday, warehouse-a', pres('warehouse-a'), yesterdayW, ['mean'], [last24, todayW]),
    stat('stats-yesterday', 'warehouse a temperature yesterday - min and max?', wa, yesterdayW, ['min', 'max'], [last24, todayW]),
    { category: 'unit-fahrenheit', question: 'max temperature in warehouse-b yesterday in F', facts: [num(toF(stats(series, wb, yesterday, today).max), 'F', 0.2)] },

    // the last 24 hours give nearly the same mean here; the misreading the issue names is "all of yesterday"
    stat('stats-since', 'average temperature in warehouse-b since 2pm yesterday', wb, since(-1, 14), ['mean'], [yesterdayW, todayW]),
    stat('stats-since', 'average humidity in warehouse b since 2pm yesterday', hum('warehouse-b'), since(-1, 14), ['mean'], [yesterdayW, last24, todayW]),
    stat('stats-since', "What's the average humidity in warehouse-a since 6am?", hum('warehouse-a'), since(0, 6), ['mean'], [todayW, last24]),
    stat('stats-since', 'average humidity in the cold room since 8 am today', hum('cold-room'), since(0, 8), ['mean'], [todayW, last24]),
    stat('stats-since', "Since 9 this morning, what's been the average temperature in the server rack?", { location: 'server-rack', kind: 'temperature' }, since(0, 9), ['mean'], [todayW, last24]),
    stat('stats-since', 'mean humidity warehouse a since 9pm yesterday', hum('warehouse-a'), since(-1, 21), ['mean'], [yesterdayW, last24, todayW]),
    stat('stats-since', 'how cold has warehouse b been since 6pm yesterday', wb, since(-1, 18), ['min'], [yesterdayW]),

    pointIn('What was the temperature in warehouse-b at 14:23 yesterday?', wb, localAt(now, -1, 14, 23)),
    pointIn('warehouse b humidity yesterday at 2:23 pm', hum('warehouse-b'), localAt(now, -1, 14, 23)),
    pointIn('what was the warehouse-b temperature at 17:40 yesterday', wb, localAt(now, -1, 17, 40)),
    pointIn('temp in warehouse-a at 6pm yesterday', wa, localAt(now, -1, 18)),
    pointIn('what was warehouse a humidity at 9:30 this morning', hum('warehouse-a'), localAt(now, 0, 9, 30)),
    pointIn('pressure in warehouse a on Tuesday at 08:00', pres('warehouse-a'), localAt(now, -2, 8)),
    pointIn('at 23:00 last night, how warm was the office?', { location: 'office', kind: 'temperature' }, localAt(now, -1, 23)),

    stat('stats-week', 'What was the highest temperature in warehouse-b this week?', wb, week, ['max'], [todayW]),
    stat('stats-week', 'average humidity in the cold room this week', hum('cold-room'), week, ['mean'], [last24, todayW]),
    stat('stats-week', 'coldest temperature in warehouse a this week', wa, week, ['min'], [todayW]),
    stat('stats-week', "this week's mean pressure in warehouse a", pres('warehouse-a'), week, ['mean'], [todayW]),
    stat('stats-week', 'max pressure warehouse a this week?', pres('warehouse-a'), week, ['max'], [last24, todayW]),
    stat('stats-week', 'How humid has warehouse b been on average this week?', hum('warehouse-b'), week, ['mean'], [last24, todayW]),

    extreme('When was warehouse b warmest yesterday?', wb, yesterdayW, 'max', [todayW]),
    extreme('when was it coldest in warehouse-a yesterday', wa, yesterdayW, 'min', [last24, todayW]),
    extreme('at what time did the cold room peak in temperature today?', cold, todayW, 'max', [yesterdayW]),
    extreme('When was the humidity highest in warehouse a this week?', hum('warehouse-a'), week, 'max', [yesterdayW]),
    extreme('when did warehouse b hit its lowest humidity yesterday', hum('warehouse-b'), yesterdayW, 'min', [todayW]),
    extreme('what time was the office coldest yesterday?', { location: 'office', kind: 'temperature' }, yesterdayW, 'min', [last24, todayW]),
    extreme('when was pressure highest in warehouse-a this week', pres('warehouse-a'), week, 'max', [last24, todayW]),

    nowItem('Where is it hottest right now?', 'temperature', 'max'),
    nowItem('which site is warmest currently', 'temperature', 'max'),
    nowItem('Which room is the warmest at this moment?', 'temperature', 'max'),
    nowItem("where's the coldest spot at the moment", 'temperature', 'min'),
    nowItem('which location is most humid now?', 'humidity', 'max'),
    nowItem('where is the air driest right now', 'humidity', 'min'),
    nowItem('least humid location at the moment?', 'humidity', 'min'),
  ];
  if (conflicts.length) throw new Error(`items that do not discriminate:\n${conflicts.join('\n')}`);
  return items;
}
