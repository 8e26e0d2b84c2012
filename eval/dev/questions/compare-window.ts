/**
 * "Was A warmer than B yesterday on average?": a comparison over that window — each place's own
 * average, which is higher, and Yes or No first — never one pooled block of both places.
 */
import { num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import { localAt, stats } from '../truth.js';
import type { DevWorld } from '../world.js';
import { HUMID, WARMER, winner } from './helpers.js';

const YES = text(/^\W*yes\b/i);
const NO = text(/^\W*no\b/i);

export function compareWindowItems(w: DevWorld): EvalItem[] {
  const yesterday: [number, number] = [localAt(w.now, -1, 0), localAt(w.now, 0, 0)];
  const week: [number, number] = [localAt(w.now, -3, 0), w.now];
  const item = (question: string, a: string, b: string, kind: 'temperature' | 'humidity', more: boolean, [from, to]: [number, number]): EvalItem => {
    const ma = stats(w.series, { location: a, kind }, from, to).mean, mb = stats(w.series, { location: b, kind }, from, to).mean;
    const unit = kind === 'humidity' ? '%' : 'C';
    const [hi, lo] = ma > mb ? [a, b] : [b, a];
    const words = kind === 'humidity' ? HUMID : WARMER;
    const yes = more ? ma > mb : ma < mb;
    return { category: 'compare-window-average', question, facts: [num(ma, unit), num(mb, unit), winner([hi], [lo], words[0], words[1]), yes ? YES : NO], absent: [yes ? NO : YES] };
  };
  return [
    item('was warehouse a warmer than warehouse b yesterday on average?', 'warehouse-a', 'warehouse-b', 'temperature', true, yesterday),
    item('was the office warmer than the cold room yesterday on average', 'office', 'cold-room', 'temperature', true, yesterday),
    item('was warehouse a colder than the office on average this week?', 'warehouse-a', 'office', 'temperature', false, week),
    item('was warehouse-b more humid than warehouse-a yesterday, on average?', 'warehouse-b', 'warehouse-a', 'humidity', true, yesterday),
    item('were the server rack\'s averages warmer than warehouse a\'s yesterday', 'server-rack', 'warehouse-a', 'temperature', true, yesterday),
    // The qualifier first: "on average, was …" is still a yes/no question.
    item('on average, was warehouse-b more humid than warehouse-a yesterday?', 'warehouse-b', 'warehouse-a', 'humidity', true, yesterday),
    item('on average was the cold room colder than the office yesterday', 'cold-room', 'office', 'temperature', false, yesterday),
  ];
}
