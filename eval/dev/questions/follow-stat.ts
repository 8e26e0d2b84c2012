/**
 * A follow-up asking for one statistic of the previous turn's window ("and the minimum?", "what
 * about the max", "and the average?"): that statistic with its time, and not the others — the whole
 * average / min / max block answers a question nobody asked.
 */
import { at, num } from '../check.js';
import { HOUR } from '../generator.js';
import type { EvalItem } from '../item.js';
import { localAt, stats, type SeriesSelector } from '../truth.js';
import type { DevWorld } from '../world.js';

export function followStatItems(w: DevWorld): EvalItem[] {
  const { series, now } = w;
  const yesterday: [number, number] = [localAt(now, -1, 0), localAt(now, 0, 0)];
  const unit = (f: SeriesSelector) => (f.kind === 'humidity' ? '%' : f.kind === 'pressure' ? 'hPa' : 'C');
  const item = (first: string, follow: string, f: SeriesSelector, [from, to]: [number, number], which: 'min' | 'max' | 'mean'): EvalItem => {
    const s = stats(series, f, from, to);
    const others = (['min', 'max', 'mean'] as const).filter((k) => k !== which).map((k) => num(s[k], unit(f), 0.05));
    const time = which === 'min' ? [at(s.minTs)] : which === 'max' ? [at(s.maxTs)] : [];
    return { category: 'follow-up-stat', conversation: [first], question: follow, facts: [num(s[which], unit(f)), ...time], absent: others };
  };
  return [
    item('temperature stats for warehouse a yesterday', 'and the minimum?', { location: 'warehouse-a', kind: 'temperature' }, yesterday, 'min'),
    item('average humidity in the office yesterday', 'what about the max', { location: 'office', kind: 'humidity' }, yesterday, 'max'),
    item('humidity in warehouse b over the last 24 hours', 'and the min?', { location: 'warehouse-b', kind: 'humidity' }, [now - 24 * HOUR, now], 'min'),
    item('show me the cold room temperature yesterday', 'and the highest?', { location: 'cold-room', kind: 'temperature' }, yesterday, 'max'),
    item('pressure summary for the server rack yesterday', 'and the average?', { location: 'server-rack', kind: 'pressure' }, yesterday, 'mean'),
    item('what was the max temperature in warehouse-b yesterday', 'and the lowest?', { location: 'warehouse-b', kind: 'temperature' }, yesterday, 'min'),
    item('warehouse a humidity readings yesterday', 'how about the peak', { location: 'warehouse-a', kind: 'humidity' }, yesterday, 'max'),
  ];
}
