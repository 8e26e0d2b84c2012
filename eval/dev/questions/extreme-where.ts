/**
 * "The lowest humidity recorded anywhere today, and where?": the window's lowest (highest) reading,
 * its time and the place it was at — not the places ranked by their averages.
 */
import { at, name, num } from '../check.js';
import type { EvalItem } from '../item.js';
import { localAt, type Series } from '../truth.js';

function end(series: Series[], kind: string, from: number, to: number, low: boolean): { value: number; ts: number; location: string } {
  let best: { value: number; ts: number; location: string } | undefined;
  for (const s of series.filter((x) => x.spec.kind === kind)) {
    for (const p of s.samples) {
      if (p.ts < from || p.ts >= to) continue;
      if (!best || (low ? p.value < best.value : p.value > best.value)) best = { value: p.value, ts: p.ts, location: s.spec.location };
    }
  }
  return best!;
}

export function extremeWhereItems(w: { series: Series[]; now: number }): EvalItem[] {
  const today: [number, number] = [localAt(w.now, 0, 0), w.now + 1];
  const item = (question: string, kind: string, low: boolean): EvalItem => {
    const e = end(w.series, kind, ...today, low);
    return { category: 'extreme-where', question, facts: [num(e.value, kind === 'humidity' ? '%' : kind === 'temperature' ? 'C' : 'any', kind === 'illuminance' ? 1 : 0.1), at(e.ts), name(e.location)] };
  };
  return [
    item('the lowest humidity recorded anywhere today, and where?', 'humidity', true),
    item('what was the highest temperature today and where', 'temperature', false),
    item('lowest temperature anywhere today and where was it', 'temperature', true),
    item('where was the max humidity today', 'humidity', false),
  ];
}
