/**
 * Names the store has never seen (places, nodes, kinds) and questions off the topic: no number
 * may be stated, and for an unknown name the answer must say it has no data for it.
 */
import { text } from '../check.js';
import type { EvalItem } from '../item.js';

const unknown = (category: string, question: string, names: string[]): EvalItem => ({ category, question, noNumbers: true, unknown: names });
const offTopic = (question: string): EvalItem => ({ category: 'off-topic', question, noNumbers: true, absent: [text(/°\s*[CF]\b|\bhPa\b/)] });

export function unknownItems(): EvalItem[] {
  return [
    unknown('unknown-place', "What's the temperature in the garage?", ['garage']),
    unknown('unknown-place', 'how humid is warehouse d', ['warehouse d', 'warehouse-d']),
    unknown('unknown-place', 'average temperature in warehouse-c this week', ['warehouse-c']),
    unknown('unknown-place', 'pressure in the kitchen', ['kitchen']),
    unknown('unknown-place', 'Is it warm in the attic right now?', ['attic']),
    unknown('unknown-place', 'compare warehouse a with the loading dock', ['loading dock', 'loading-dock']),
    unknown('unknown-place', 'when was the lobby warmest yesterday', ['lobby']),
    unknown('unknown-place', 'any anomalies in the basement today?', ['basement']),

    unknown('unknown-node', 'is pi-node-9 online', ['pi-node-9']),
    unknown('unknown-node', 'CPU on pi 7', ['pi-node-7', 'pi 7', 'pi7', 'node 7']),
    unknown('unknown-node', 'temperature on node twelve', ['node twelve', 'pi-node-12', 'node 12', 'twelve']),
    unknown('unknown-node', 'memory usage of pi-node-0', ['pi-node-0']),
    unknown('unknown-node', 'when did we last hear from edge-03', ['edge-03']),
    unknown('unknown-node', 'why is pi-node-6 under high load?', ['pi-node-6']),
    unknown('unknown-node', 'disk space on raspberrypi-kitchen', ['raspberrypi-kitchen']),

    unknown('unknown-kind', "What's the CO2 level in warehouse-a?", ['co2', 'co₂', 'carbon dioxide']),
    unknown('unknown-kind', 'noise level in the office', ['noise']),
    unknown('unknown-kind', 'how bright is it in the cold room', ['light', 'bright', 'illuminance', 'lux']),
    unknown('unknown-kind', 'air quality in warehouse b', ['air quality', 'voc', 'aqi']),
    unknown('unknown-kind', 'wind speed at pi-node-2', ['wind']),
    unknown('unknown-kind', 'Is there motion in warehouse a?', ['motion']),
    unknown('unknown-kind', "what's the battery level on pi-node-3", ['battery']),

    offTopic("What's the capital of France?"),
    offTopic('tell me a joke'),
    offTopic('How do I bake sourdough bread?'),
    offTopic('write a haiku about the sea'),
    offTopic("what's the weather going to be like in Paris tomorrow?"),
    offTopic('Can you recommend a good movie?'),
  ];
}
