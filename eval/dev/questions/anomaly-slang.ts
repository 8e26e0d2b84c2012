/**
 * Slang for readings out of the ordinary — "funky", "weird", "odd", "off", "strange", "out of
 * whack", "fishy", "wonky", "acting up", "gone haywire", "not right" — asks for anomalies, not the
 * help text. World A's truth: the cold-room spike (07:12) and the warehouse-a humidity spike
 * (03:20) today, the warehouse-b HVAC failure yesterday, nothing in the office; world D's series
 * carry no planted event at all.
 */
import { name, num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import type { DevWorld } from '../world.js';
import type { WorldD } from '../world-d.js';
import { ANOMALY_WORDS } from './helpers.js';

export function anomalySlangItems(w: DevWorld): EvalItem[] {
  const today = [num(w.planted.coldSpike.value, 'C', 0.3), num(w.planted.humiditySpike.value, '%', 0.5)];
  const item = (question: string, facts: EvalItem['facts']): EvalItem => ({ category: 'anomaly-slang', question, facts });
  return [
    item('anything funky today?', today),
    item('is anything out of whack today?', today),
    item('anything fishy with the readings today?', today),
    item('any wonky readings in warehouse-a today?', [num(w.planted.humiditySpike.value, '%', 0.5)]),
    item('did anything look off yesterday?', [name(w.planted.hvac.location), text(ANOMALY_WORDS)]),
    item('did anything go haywire in warehouse b yesterday', [name(w.planted.hvac.location), text(ANOMALY_WORDS)]),
    item('is something not right in the cold room today?', [num(w.planted.coldSpike.value, 'C', 0.3)]),
    item('anything strange in the office yesterday?', [text(/^\W*no\b|\bno anomal/i)]),
  ];
}

export function anomalySlangItemsD(_w: WorldD): EvalItem[] {
  return [{ category: 'anomaly-slang-d', question: 'anything funky in the store room today?', facts: [text(/^\W*no\b|\bno anomal/i)] },
    { category: 'anomaly-slang-d', question: 'anything weird at bay c yesterday', facts: [text(/^\W*no\b|\bno anomal/i)] }];
}
