/**
 * A day and a clock said together (worlds A and B): "<weekday or date> from <h1> to <h2>" in any
 * spelling ("tues", "wed 14-16", "on the 17th", "nine to eleven", "9h to 11h", a Friday asked on a
 * Tuesday) is that window on that day — its average, never the whole day's, one point's, or a
 * future day's; "last night at 11", "yesterday evening at 8", "at 11 last night", "this morning at 7"
 * are that point of that day, never the whole part of the day. Each truth must differ from what
 * a misreading gives (the day's mean, the part's mean), or the item throws.
 */
import { num } from '../check.js';
import { HOUR } from '../generator.js';
import type { EvalItem } from '../item.js';
import { bucketAround, localAt, stats, valueAt, type Series, type SeriesSelector } from '../truth.js';
import type { DevWorld } from '../world.js';
import { BAY, NORTH, type WorldB } from '../world-b.js';
import { discriminate } from './helpers.js';

type Window = [number, number];
const unit = (f: SeriesSelector) => (f.kind === 'humidity' ? '%' : f.kind === 'temperature' ? 'C' : f.kind === 'pressure' ? 'hPa' : 'any');

function builders(series: Series[], conflicts: string[]) {
  const tol = (f: SeriesSelector) => (f.kind === 'illuminance' ? 2 : 0.1);
  /** The window's mean; a misreading as the whole day or a point at its start would say another number. */
  const windowMean = (question: string, f: SeriesSelector, [from, to]: Window): EvalItem => {
    const s = stats(series, f, from, to);
    const day = localAt(from, 0, 0);
    discriminate(conflicts, question, s.mean, [stats(series, f, day, day + 24 * HOUR).mean, valueAt(series, f, from)]);
    return { category: 'day-clock-window', question, facts: [num(s.mean, unit(f), tol(f))] };
  };
  /** The value at the point (or its 5-minute bucket's mean); the part of the day's mean would be another number. */
  const pointValue = (question: string, f: SeriesSelector, ts: number, part: Window): EvalItem => {
    const values = [valueAt(series, f, ts), bucketAround(series, f, ts).mean];
    discriminate(conflicts, question, values[0]!, [stats(series, f, part[0], part[1]).mean]);
    return { category: 'day-part-clock', question, facts: [num(values, unit(f), tol(f))] };
  };
  return { windowMean, pointValue };
}

export function dayClockItems(w: DevWorld): EvalItem[] {
  const conflicts: string[] = [];
  const { windowMean, pointValue } = builders(w.series, conflicts);
  const at = (day: number, h: number, m = 0) => localAt(w.now, day, h, m);
  // World A's clock: Thursday 10:40. Tuesday is two days back, Monday three.
  const night: Window = [at(-1, 22), at(0, 6)];
  const items = [
    windowMean('average temperature in warehouse a on tues from 9 to 11', { location: 'warehouse-a', kind: 'temperature' }, [at(-2, 9), at(-2, 11)]),
    windowMean('mean humidity in the office wed 14-16', { location: 'office', kind: 'humidity' }, [at(-1, 14), at(-1, 16)]),
    windowMean('average warehouse-b temperature from 2pm to 4pm on wednesday', { location: 'warehouse-b', kind: 'temperature' }, [at(-1, 14), at(-1, 16)]),
    windowMean('avg humidity in the cold room on the 17th from nine to eleven', { location: 'cold-room', kind: 'humidity' }, [at(-2, 9), at(-2, 11)]),
    windowMean('average humidity in warehouse a monday 9h to 11h', { location: 'warehouse-a', kind: 'humidity' }, [at(-3, 9), at(-3, 11)]),
    windowMean('warehouse b mean temperature on Tuesday, between 3am and 5am', { location: 'warehouse-b', kind: 'temperature' }, [at(-2, 3), at(-2, 5)]),
    pointValue('temperature in warehouse a last night at 11', { location: 'warehouse-a', kind: 'temperature' }, at(-1, 23), night),
    pointValue('temperature in the office yesterday evening at 9', { location: 'office', kind: 'temperature' }, at(-1, 21), [at(-1, 18), at(-1, 22)]),
    pointValue('what was the temp in warehouse b yesterday afternoon at 3', { location: 'warehouse-b', kind: 'temperature' }, at(-1, 15), [at(-1, 12), at(-1, 18)]),
    pointValue('warehouse-a humidity at 2 last night', { location: 'warehouse-a', kind: 'humidity' }, at(0, 2), night),
    pointValue('pressure at the server rack last night around 11pm', { location: 'server-rack', kind: 'pressure' }, at(-1, 23), night),
    pointValue('cold room temperature this morning at 7', { location: 'cold-room', kind: 'temperature' }, at(0, 7), [at(0, 6), w.now]),
  ];
  if (conflicts.length) throw new Error(`day-clock items that do not discriminate:\n${conflicts.join('\n')}`);
  return items;
}

export function dayClockItemsB(w: WorldB): EvalItem[] {
  const conflicts: string[] = [];
  const { windowMean, pointValue } = builders(w.series, conflicts);
  const at = (day: number, h: number, m = 0) => localAt(w.now, day, h, m);
  // World B's clock: Tuesday 09:20. "on friday" is four days back, never this Friday to come.
  const items = [
    windowMean('average temperature in the loading bay on friday from 14:00 to 16:00', { location: BAY, kind: 'temperature' }, [at(-4, 14), at(-4, 16)]),
    windowMean('mean temperature in the loading bay on the 21st from 10 to 12', { location: BAY, kind: 'temperature' }, [at(-3, 10), at(-3, 12)]),
    windowMean('average humidity in the north warehouse sat from 8 to 10', { location: NORTH, kind: 'humidity' }, [at(-3, 8), at(-3, 10)]),
    // "since friday" asked on a Tuesday: from last Friday's midnight, never the Friday to come.
    windowMean('average temperature in the loading bay since friday', { location: BAY, kind: 'temperature' }, [at(-4, 0), w.now + 1]),
    pointValue('north warehouse temperature last night at 10', { location: NORTH, kind: 'temperature' }, at(-1, 22), [at(-1, 22), at(0, 6)]),
    pointValue('illuminance in loading bay 3 yesterday evening at 7', { location: BAY, kind: 'illuminance' }, at(-1, 19), [at(-1, 18), at(-1, 22)]),
  ];
  if (conflicts.length) throw new Error(`day-clock items (world B) that do not discriminate:\n${conflicts.join('\n')}`);
  return items;
}
