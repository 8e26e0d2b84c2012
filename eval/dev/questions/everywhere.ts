/**
 * Extremes asked over every place in words that mean "all places" — "recorded anywhere",
 * "anyplace", "at any site", "across the board", "everywhere", "overall" — never a place of
 * their own ("no data for 'recorded anywhere'") nor a node's board: the highest (lowest) value
 * of the window over all series of the kind, with the place it was in.
 */
import { name, num } from '../check.js';
import type { EvalItem } from '../item.js';
import { localAt, stats, type Series } from '../truth.js';
import type { DevWorld } from '../world.js';
import type { WorldB } from '../world-b.js';
import { UNIT_OF } from './helpers.js';

const DAY = 86_400_000;
type Window = 'today' | 'yesterday' | 'last24';

function items(category: string, series: Series[], now: number, asked: [string, string, 'max' | 'min', Window][]): EvalItem[] {
  const span = (w: Window): [number, number] => (w === 'today' ? [localAt(now, 0, 0), now + 1] : w === 'yesterday' ? [localAt(now, -1, 0), localAt(now, 0, 0)] : [now - DAY, now + 1]);
  return asked.map(([question, kind, end, window]) => {
    const s = stats(series, { kind }, ...span(window));
    const value = end === 'max' ? s.max : s.min;
    const ts = end === 'max' ? s.maxTs : s.minTs;
    const where = series.find((x) => x.spec.kind === kind && x.samples.some((p) => p.ts === ts && p.value === value))!.spec.location;
    return { category, question, facts: [num(value, UNIT_OF[kind]!, kind === 'illuminance' ? 1 : 0.1), name(where)] };
  });
}

export function everywhereItems(w: DevWorld): EvalItem[] {
  return items('all-places-extreme', w.series, w.now, [
    ['What was the highest temperature recorded anywhere today?', 'temperature', 'max', 'today'],
    ['lowest humidity logged anyplace yesterday', 'humidity', 'min', 'yesterday'],
    ['coldest temperature across the board today', 'temperature', 'min', 'today'],
    ['the most humid it got anywhere in the last 24 hours', 'humidity', 'max', 'last24'],
    ['peak pressure observed at any site yesterday', 'pressure', 'max', 'yesterday'],
    ['which was the highest temperature anywhere yesterday', 'temperature', 'max', 'yesterday'],
    ['lowest pressure overall today', 'pressure', 'min', 'today'],
    ['max humidity measured everywhere today', 'humidity', 'max', 'today'],
  ]);
}

export function everywhereItemsB(w: WorldB): EvalItem[] {
  return items('all-places-extreme-b', w.series, w.now, [
    ['What was the brightest it got anywhere today?', 'illuminance', 'max', 'today'],
    ['highest temperature registered anywhere yesterday', 'temperature', 'max', 'yesterday'],
    ['coldest it got across the board yesterday', 'temperature', 'min', 'yesterday'],
    ['driest reading taken anyplace in the last 24 hours', 'humidity', 'min', 'last24'],
    ['peak humidity in any room today', 'humidity', 'max', 'today'],
    ['lowest temperature seen everywhere today', 'temperature', 'min', 'today'],
  ]);
}
