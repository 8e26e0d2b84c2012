/**
 * Anomalies in a place and a time: the edge-flagged HVAC failure, a flagged pressure warning, and
 * two spikes the edge never flagged (what the studio's own statistics must find).
 */
import { at, name, num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import type { DevWorld } from '../world.js';
import { ANOMALY_WORDS } from './helpers.js';

export function anomalyItems(w: DevWorld): EvalItem[] {
  const { coldSpike, humiditySpike, pressureSpike } = w.planted;
  const hvac = w.flagged.find((a) => a.severity === 'critical')!;
  const said = text(ANOMALY_WORDS);
  const cold = [said, num(coldSpike.value, 'C'), at(coldSpike.at)];
  const humid = [said, num(humiditySpike.value, '%'), at(humiditySpike.at)];
  const cat = 'anomalies';
  return [
    { category: cat, question: 'any anomalies in the cold room today?', facts: cold },
    { category: cat, question: 'Show me anomalies in warehouse-b yesterday', facts: [said, text('temperature'), at(hvac.ts, 10)] },
    { category: cat, question: 'what anomalies happened in the last 24 hours', facts: [said, name('warehouse-b'), num(coldSpike.value, 'C'), num(humiditySpike.value, '%')] },
    { category: cat, question: 'anything unusual with humidity in warehouse a today?', facts: humid },
    { category: cat, question: 'critical anomalies?', facts: [said, name('warehouse-b', 'pi-node-2'), at(hvac.ts, 10)] },
    { category: cat, question: 'did the cold room have any temperature spikes this week', facts: cold },
    { category: cat, question: 'Anomalies on pi-node-1 this week', facts: [said, num(pressureSpike.value, 'hPa'), num(humiditySpike.value, '%')] },
    {
      category: cat, question: 'were there any anomalies in the server rack today?',
      facts: [text(/\b(no|none|nothing|zero|0)\b/i)],
      absent: [num(coldSpike.value, 'C'), num(humiditySpike.value, '%'), num(hvac.value, 'C')],
    },
  ];
}
