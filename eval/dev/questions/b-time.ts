/**
 * World B, time and order: clock times with a day and a part of the day, "weekly average",
 * "since midnight", "past 90 minutes", "last weekend"; which end of a ranking ("coldest",
 * "least", "bottom 3", "darkest"); trend phrasings ("cooling off", "warming up", "up or down",
 * "stuffier"). Each window's truth must differ from the last 24 hours' (or the item throws).
 */
import { num, order } from '../check.js';
import { HOUR, MIN } from '../generator.js';
import type { EvalItem } from '../item.js';
import { bucketAround, latest, localAt, stats, valueAt, type SeriesSelector } from '../truth.js';
import { BAY, BOILER, NORTH, SOUTH, type WorldB } from '../world-b.js';
import { about, direction, discriminate, LEAST, MOST, windowValues, type Window } from './helpers.js';

export function timeItemsB(w: WorldB): EvalItem[] {
  const { now, series } = w;
  const conflicts: string[] = [];
  const unit = (f: SeriesSelector) => (f.kind === 'humidity' ? '%' : f.kind === 'temperature' ? 'C' : 'any');
  const last24: Window = [now - 24 * HOUR, now];
  const stat = (question: string, f: SeriesSelector, [from, to]: Window, which: 'mean' | 'min' | 'max'): EvalItem => {
    const s = stats(series, f, from, to);
    discriminate(conflicts, question, s[which], windowValues(series, f, [last24]));
    return { category: 'time-phrases', question, facts: [num(s[which], unit(f), f.kind === 'illuminance' ? 1 : 0.1)] };
  };
  const point = (question: string, f: SeriesSelector, ts: number): EvalItem => {
    const values = [valueAt(series, f, ts), bucketAround(series, f, ts).mean];
    return { category: 'time-phrases', question, facts: [num(values, unit(f), f.kind === 'illuminance' ? 2 : 0.1)] };
  };
  const monday = localAt(now, -1, 0);
  const saturday = localAt(now, -3, 0);
  const today = localAt(now, 0, 0);
  /** Places by their latest value, only those heard from in the last hour (the cellar went silent). */
  const ranked = (kind: string, desc: boolean) => latest(series, { kind }).filter((l) => now - l.ts < HOUR)
    .sort((a, b) => (desc ? b.value - a.value : a.value - b.value)).map((l) => l.spec.location);
  const top = (question: string, kind: string, pick: 'max' | 'min'): EvalItem => {
    const first = ranked(kind, pick === 'max')[0]!;
    const value = latest(series, { location: first, kind })[0]!.value;
    return { category: 'rank-direction', question, facts: [about(first, pick === 'max' ? MOST : LEAST, true, 60), num(value, 'any', kind === 'illuminance' ? 1 : 0.1)] };
  };
  /** Places by their mean over yesterday: a ranking per place, not one pooled figure. */
  const topYesterday = (question: string, kind: string, pick: 'max' | 'min'): EvalItem => {
    const means = [...new Set(series.filter((x) => x.spec.kind === kind).map((x) => x.spec.location))]
      .map((location) => ({ location, mean: stats(series, { location, kind }, monday, today).mean })).filter((m) => Number.isFinite(m.mean))
      .sort((a, b) => (pick === 'max' ? b.mean - a.mean : a.mean - b.mean));
    return { category: 'rank-direction', question, facts: [about(means[0]!.location, pick === 'max' ? MOST : LEAST, true, 60), num(means[0]!.mean, 'any', 0.1), about(means[1]!.location, /\d/)] };
  };
  const trend = (question: string, dir: 'rising' | 'falling' | 'steady'): EvalItem => ({ category: 'trend-phrases', question, ...direction(dir) });
  const coldest3 = ranked('temperature', false).slice(0, 3);
  const items: EvalItem[] = [
    point('what was the temperature in the boilerhouse on Monday at 7:45 in the evening', { location: BOILER, kind: 'temperature' }, monday + 19 * HOUR + 45 * MIN),
    point('North Warehouse humidity yesterday at half past four in the afternoon', { location: NORTH, kind: 'humidity' }, monday + 16 * HOUR + 30 * MIN),
    stat('weekly average humidity in the north warehouse', { location: NORTH, kind: 'humidity' }, [now - 7 * 24 * HOUR, now], 'mean'),
    stat('average temperature in the south warehouse since midnight', { location: SOUTH, kind: 'temperature' }, [today, now], 'mean'),
    stat('north warehouse temp over the past 90 minutes, average', { location: NORTH, kind: 'temperature' }, [now - 90 * MIN, now], 'mean'),
    stat('how warm was the loading bay on average last weekend', { location: BAY, kind: 'temperature' }, [saturday, monday], 'mean'),
    // asked on a Tuesday: "on Wednesday" is six days back, not tomorrow
    stat('boilerhouse mean temperature on wednesday', { location: BOILER, kind: 'temperature' }, [localAt(now, -6, 0), localAt(now, -5, 0)], 'mean'),
    stat('max temperature in the boilerhouse last weekend', { location: BOILER, kind: 'temperature' }, [saturday, monday], 'max'),
    stat('mean lux in the south warehouse since midnight', { location: SOUTH, kind: 'illuminance' }, [today, now], 'mean'),

    top('which location is coldest right now', 'temperature', 'min'),
    topYesterday('which spot had the highest mean humidity yesterday?', 'humidity', 'max'),
    topYesterday('yesterday, where was the average temperature lowest', 'temperature', 'min'),
    topYesterday('which location averaged the warmest yesterday', 'temperature', 'max'),
    top('least humid place?', 'humidity', 'min'),
    top('where is it darkest', 'illuminance', 'min'),
    top('most humid spot right now', 'humidity', 'max'),
    top('the brightest location at the moment', 'illuminance', 'max'),
    { category: 'rank-direction', question: 'bottom 3 locations by temperature', facts: [order(coldest3)], absent: [about(ranked('temperature', true)[0]!, /\d/)] },
    { category: 'rank-direction', question: 'rank the rooms from coldest to warmest', facts: [order(ranked('temperature', false))] },
    { category: 'rank-direction', question: 'which two places are the warmest?', facts: [order(ranked('temperature', true).slice(0, 2))], absent: [about(ranked('temperature', false)[0]!, /\d/)] },

    trend('is the boilerhouse cooling off?', 'falling'),
    trend('is the north warehouse warming up', 'rising'),
    trend('is humidity in the north warehouse going up or down?', 'rising'),
    trend('is the north warehouse getting stuffier?', 'rising'),
    trend('chiller room temperature: up or down?', 'steady'),
    trend('has the south warehouse been heating up', 'steady'),
    trend('is the boilerhouse getting any cooler', 'falling'),
  ];
  if (conflicts.length) throw new Error(`world B items that do not discriminate:\n${conflicts.join('\n')}`);
  return items;
}
