/** Comparing two places, ranking all of them, and trends with their direction. */
import { anyOf, name, num, order } from '../check.js';
import { HOUR } from '../generator.js';
import type { EvalItem } from '../item.js';
import { latest, latestValue, localAt, stats } from '../truth.js';
import type { DevWorld } from '../world.js';
import { direction, HUMID, UNIT_OF, WARMER, winner } from './helpers.js';

export function compareItems(w: DevWorld): EvalItem[] {
  const { series, now } = w;
  const nodeOf = (location: string) => w.nodes.find((n) => n.location === location)!.node;
  /**
   * Two places: both named, both values, and which is more. Without a time in the question the
   * latest values or the last 24 hours' means are both fair readings (all facts from one of them).
   */
  const compare = (question: string, a: string, b: string, kind: string, opts: { window?: 'now' | 'today' | 'any'; yes?: boolean } = {}): EvalItem => {
    const latestOf = (loc: string) => latestValue(series, { location: loc, kind });
    const meanOf = (from: number) => (loc: string) => stats(series, { location: loc, kind }, from, now).mean;
    const readings = opts.window === 'today' ? [meanOf(localAt(now, 0, 0))] : opts.window === 'now' ? [latestOf] : [latestOf, meanOf(now - 24 * HOUR)];
    const words = kind === 'humidity' ? HUMID : WARMER;
    const groups = readings.map((value) => {
      const [va, vb] = [value(a), value(b)];
      const [hi, lo] = va > vb ? [a, b] : [b, a];
      return [num(va, UNIT_OF[kind]!), num(vb, UNIT_OF[kind]!), winner([hi, nodeOf(hi)], [lo, nodeOf(lo)], words[0], words[1], opts.yes)];
    });
    return { category: 'compare', question, facts: [name(a, nodeOf(a)), name(b, nodeOf(b)), anyOf(...groups)] };
  };
  /** Places ordered by latest value; the office stopped reporting, so its stale value is left out of the order. */
  const ranked = (kind: string, desc: boolean) => latest(series, { kind }).filter((l) => l.spec.location !== 'office')
    .sort((x, y) => (desc ? y.value - x.value : x.value - y.value)).map((l) => l.spec.location);
  const rank = (question: string, kind: string, desc: boolean, either = false): EvalItem => ({ category: 'rank', question, facts: [order(ranked(kind, desc), either)] });
  const trend = (question: string, dir: 'rising' | 'falling' | 'steady'): EvalItem => ({ category: 'trend', question, ...direction(dir) });

  const aToday = stats(series, { location: 'warehouse-a', kind: 'temperature' }, localAt(now, 0, 0), now).mean;
  const bToday = stats(series, { location: 'warehouse-b', kind: 'temperature' }, localAt(now, 0, 0), now).mean;
  return [
    compare('compare warehouse a and warehouse b temperature', 'warehouse-a', 'warehouse-b', 'temperature'),
    compare('Is the cold room colder than the server rack?', 'cold-room', 'server-rack', 'temperature', { yes: true }),
    compare('warehouse-a vs cold-room humidity', 'warehouse-a', 'cold-room', 'humidity'),
    compare('which is warmer right now, the server rack or warehouse b?', 'server-rack', 'warehouse-b', 'temperature', { window: 'now' }),
    compare('How does pi-node-1 compare to pi-node-2 for humidity?', 'warehouse-a', 'warehouse-b', 'humidity'),
    compare('compare temps: server rack versus warehouse a', 'server-rack', 'warehouse-a', 'temperature'),
    compare('is warehouse b warmer than warehouse a today?', 'warehouse-a', 'warehouse-b', 'temperature', { window: 'today', yes: bToday > aToday }),

    rank('rank all locations by temperature', 'temperature', true, true),
    rank('list the places from warmest to coldest', 'temperature', true),
    rank('which locations are the most humid? rank them', 'humidity', true),
    rank('coldest to warmest, all rooms', 'temperature', false),
    rank('Sort locations by humidity, lowest first', 'humidity', false),
    rank('order every site by how hot it is', 'temperature', true),

    trend('is humidity falling in warehouse a?', 'falling'),
    trend('Humidity trend in the cold room?', 'rising'),
    trend('is the server rack getting hotter?', 'rising'),
    trend('is the pressure in warehouse b steady?', 'steady'),
    trend('is it getting more humid in the cold room', 'rising'),
    trend("what's the humidity doing in warehouse-a over the last few hours", 'falling'),
    trend('trend of pressure at pi-node-2', 'steady'),
    trend('has the barometric pressure in warehouse a been dropping this week?', 'falling'),
    trend('Is the cold-room humidity going down?', 'rising'),
    trend('has humidity in warehouse a been rising or dropping lately', 'falling'),
  ];
}
