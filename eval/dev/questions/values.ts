/** Current values by place and by node, the building's average, and answers in other units. */
import { num } from '../check.js';
import type { EvalItem } from '../item.js';
import { latest, latestValue, stats, type Series } from '../truth.js';
import type { DevWorld } from '../world.js';
import { HOUR } from '../generator.js';
import { discriminate, toF, toInHg, toK, toKPa, UNIT_OF, windowValues } from './helpers.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The building's average now: over every series' latest value, or over the live ones only. */
export function buildingAverage(series: Series[], kind: string, now: number): number[] {
  const all = latest(series, { kind });
  const live = all.filter((l) => now - l.ts <= 30 * 60_000);
  return [mean(all.map((l) => l.value)), mean(live.map((l) => l.value))];
}

export function valueItems(w: DevWorld): EvalItem[] {
  const L = (location: string, kind: string) => latestValue(w.series, { location, kind });
  const N = (node: string, kind: string) => latestValue(w.series, { node, kind });
  const conflicts: string[] = [];
  /** A current value must differ from the last 24 hours' mean, min and max (the usual misreading). */
  const distinct = (question: string, f: { location?: string; node?: string; kind: string }, v: number) =>
    discriminate(conflicts, question, v, windowValues(w.series, f, [[w.now - 24 * HOUR, w.now]]));
  /** Other places' current values of the kind: an answer listing every place has not answered for this one. */
  const others = (kind: string, except: string[], truth: number) => latest(w.series, { kind })
    .filter((l) => !except.includes(l.spec.location) && Math.abs(l.value - truth) >= 0.15).map((l) => num(l.value, UNIT_OF[kind]!));
  const cur = (question: string, location: string, kind: string): EvalItem => {
    distinct(question, { location, kind }, L(location, kind));
    return { category: 'current-place', question, facts: [num(L(location, kind), UNIT_OF[kind]!)], absent: others(kind, [location], L(location, kind)) };
  };
  const node = (question: string, n: string, kind: string): EvalItem => {
    distinct(question, { node: n, kind }, N(n, kind));
    const location = w.nodes.find((x) => x.node === n)!.location;
    return { category: 'current-node', question, facts: [num(N(n, kind), UNIT_OF[kind]!)], absent: others(kind, [location], N(n, kind)) };
  };
  /** The building now; the last 24 hours' pooled mean and mean of means are the misreading. */
  const avg = (question: string, kind: string): EvalItem => {
    const truth = buildingAverage(w.series, kind, w.now);
    const day = stats(w.series, { kind }, w.now - 24 * HOUR, w.now);
    for (const v of truth) discriminate(conflicts, question, v, [day.mean, day.meanOfMeans]);
    return { category: 'building-average', question, facts: [num(truth, UNIT_OF[kind]!)] };
  };
  const f = (question: string, c: number): EvalItem => ({ category: 'unit-fahrenheit', question, facts: [num(toF(c), 'F', 0.2)] });
  const items = [
    cur("What's the temperature in warehouse-a?", 'warehouse-a', 'temperature'),
    cur('humidity warehouse b', 'warehouse-b', 'humidity'),
    cur('how warm is it in the cold room at the moment?', 'cold-room', 'temperature'),
    cur('Warehouse A pressure?', 'warehouse-a', 'pressure'),
    cur('tell me the current humidity over in warehouse b please', 'warehouse-b', 'humidity'),
    cur('what is the air temperature in warehouse-b right now', 'warehouse-b', 'temperature'),
    cur('temprature in warehouse a', 'warehouse-a', 'temperature'),
    { category: 'current-place', question: "What's the temperature in the warehouse?", facts: [num(mean([L('warehouse-a', 'temperature'), L('warehouse-b', 'temperature')]), 'C')],
      absent: others('temperature', ['warehouse-a', 'warehouse-b'], mean([L('warehouse-a', 'temperature'), L('warehouse-b', 'temperature')])) },

    node('temperature reading from pi-node-3', 'pi-node-3', 'temperature'),
    node("what's pi 2 reading for humidity", 'pi-node-2', 'humidity'),
    node('node two temperature', 'pi-node-2', 'temperature'),
    node('pressure on pi-node-1?', 'pi-node-1', 'pressure'),
    node('Humidity on node 2 now', 'pi-node-2', 'humidity'),
    node('what does pi1 say the temperature is', 'pi-node-1', 'temperature'),
    node('what is the latest pressure reported by pi-node-5', 'pi-node-5', 'pressure'),

    avg('average temperature across all locations right now', 'temperature'),
    avg("what's the overall humidity across the building?", 'humidity'),
    avg('mean temp over every site', 'temperature'),
    avg('whole-building average temperature', 'temperature'),
    avg('On average, how warm is it everywhere?', 'temperature'),
    avg('avg humidity, all sensors', 'humidity'),

    f('temperature in warehouse-b in fahrenheit', L('warehouse-b', 'temperature')),
    f("what's the cold room temp in °F", L('cold-room', 'temperature')),
    f('server rack temperature, Fahrenheit please', L('server-rack', 'temperature')),
    f('How warm is warehouse a in degrees F?', L('warehouse-a', 'temperature')),
    f("What's pi-node-5's SoC temperature in Fahrenheit?", w.health['pi-node-5']!.soc),
    f('temp on pi 3 in F', N('pi-node-3', 'temperature')),

    { category: 'unit-other', question: 'server rack temperature in kelvin', facts: [num(toK(L('server-rack', 'temperature')), 'K', 0.2)] },
    { category: 'unit-other', question: 'cold room temperature in K', facts: [num(toK(L('cold-room', 'temperature')), 'K', 0.2)] },
    { category: 'unit-other', question: 'pressure in warehouse-a in kPa', facts: [num(toKPa(L('warehouse-a', 'pressure')), 'kPa')] },
    { category: 'unit-other', question: "what's the barometric pressure in inHg in warehouse b", facts: [num(toInHg(L('warehouse-b', 'pressure')), 'inHg')] },
    { category: 'unit-other', question: 'pressure at pi-node-5 in inches of mercury', facts: [num(toInHg(N('pi-node-5', 'pressure')), 'inHg')] },
    { category: 'unit-other', question: 'give me the cold-room pressure in kilopascals', facts: [num(toKPa(L('cold-room', 'pressure')), 'kPa')] },
  ];
  if (conflicts.length) throw new Error(`items that do not discriminate:\n${conflicts.join('\n')}`);
  return items;
}
