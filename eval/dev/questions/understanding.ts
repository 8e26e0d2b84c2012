/**
 * Questions of the kinds the held-out set found misread, each generated in several phrasings over
 * world A's (and B's) names, every fact from the generator's samples:
 * - unknown places of two or three ordinary words in anomaly, statistics and alert questions
 *   (no number, no rule created);
 * - "is <place> overheating" judged on the room temperature, never the node's chip;
 * - a day then a clock range ("yesterday between 2pm and 4pm");
 * - "which locations have a <kind> sensor" (world B, where kinds differ by place) and "how many
 *   degrees is it in <place>" (a value, not a count of sensors);
 * - superlatives and "-wise" words the vocabulary lacks ("fullest disk", "temperature-wise");
 * - "how's <place> looking"; "and the coldest?" after a warmest; "has <node> reported in the last hour".
 */
import { at, name, num, text, type Fact } from '../check.js';
import { HOUR, MIN, prng } from '../generator.js';
import type { EvalItem } from '../item.js';
import { latest, latestValue, localAt, stats } from '../truth.js';
import type { DevWorld } from '../world.js';
import type { WorldB } from '../world-b.js';
import { toF, UNIT_OF } from './helpers.js';
import { liveRanking } from './phrasing.js';

const FRESH = 30 * MIN;
const YES = text(/^\W*yes\b/i);
const NO = text(/^\W*no\b/i);
const noRule = ({ created }: { created: unknown[] }) => (created.length ? `created ${created.length} rule(s) for a place that does not exist` : undefined);

const MODIFIERS = ['north', 'upper', 'back', 'old', 'staff', 'paint', 'packing', 'third', 'far', 'inner', 'glass', 'copper', 'blue', 'pump'];
const NOUNS = ['annex', 'shop', 'yard', 'lounge', 'wing', 'loft', 'gate', 'tower', 'studio', 'corner', 'plant', 'gallery', 'depot', 'bakery'];

export function understandingItems(w: DevWorld): EvalItem[] {
  const out: EvalItem[] = [];
  const rand = prng(4242);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const L = (location: string, kind: string) => latestValue(w.series, { location, kind });
  const fresh = w.nodes.filter((n) => w.now - n.lastSeen <= FRESH).map((n) => n.location);
  const spoken = (loc: string) => loc.replace('-', ' ');

  // Unknown places of several ordinary words: an honest unknown, no number, no rule.
  const unknownTemplates = ['any anomalies in the {p} today?', 'anything unusual at the {p} yesterday', 'spikes in the {p} this week?', 'average temperature in the {p} yesterday',
    'stats for the {p} over the last 24 hours', 'max humidity at the {p} today', 'when was the {p} coldest yesterday', 'is the {p} getting warmer', '{p} humidity',
    'alert me if the {p} goes above 30°C', 'notify me when humidity in the {p} drops below 20% for 5 minutes', 'create an alert: {p} pressure under 1000 hPa',
    'if the {p} gets colder than 5 degrees let me know', 'compare warehouse-a with the {p}', 'is the {p} overheating', "how's the {p} looking"];
  unknownTemplates.forEach((t, i) => {
    const place = i % 5 === 4 ? `${pick(MODIFIERS)} ${pick(NOUNS)} ${pick(['room', 'store', 'hall'])}` : `${pick(MODIFIERS)} ${pick(NOUNS)}`;
    out.push({ category: 'unknown-multiword', question: t.replace('{p}', place), noNumbers: true, unknown: [place], rules: noRule });
  });

  // "Is <place> overheating?": the room, yes or no, never the chip of the node there.
  const weekMean = (loc: string) => stats(w.series, { location: loc, kind: 'temperature' }, w.now - 7 * 24 * HOUR, w.now - 3 * HOUR).mean;
  const overheat = ['is the {p} overheating', 'is {p} overheating right now?', 'is it overheating in the {p}?', '{p} overheating?'];
  w.nodes.forEach(({ node, location }, i) => {
    const v = L(location, 'temperature');
    const hot = v >= 30 || v - weekMean(location) >= 5;
    const soc = w.health[node]!.soc;
    for (const k of i < 2 ? [0, 1] : [0]) {
      out.push({ category: 'overheating-room', question: overheat[(i + k * 2) % overheat.length]!.replace('{p}', (i + k) % 2 ? location : spoken(location)), facts: [num(v, 'C'), hot ? YES : NO], absent: Math.abs(soc - v) > 1 ? [num(soc, 'C')] : [] });
    }
  });

  // A day word, then a clock range on it: that range, not the whole day.
  const yesterday = (h: number) => localAt(w.now, -1, h);
  const ranges: [string, string, 'mean' | 'min' | 'max', number, number][] = [
    ['{p} yesterday between 2pm and 4pm, average {k}', 'temperature', 'mean', 14, 16],
    ['average {k} in the {p} yesterday between 14:00 and 16:00', 'humidity', 'mean', 14, 16],
    ['what was the max {k} in {p} yesterday between 9am and 11am', 'temperature', 'max', 9, 11],
    ['min {k} {p} yesterday 13:00-15:00', 'humidity', 'min', 13, 15],
    ['{k} in the {p} yesterday from 3 to 5pm, average', 'temperature', 'mean', 15, 17],
    ['yesterday between 8 and 10am what was the lowest {k} in {p}', 'temperature', 'min', 8, 10],
  ];
  ['warehouse-b', 'warehouse-a', 'cold-room', 'office'].forEach((loc, i) => {
    for (const [t, kind, which, h0, h1] of [ranges[i]!, ranges[(i + 4) % ranges.length]!]) {
      const f = { location: loc, kind };
      const s = stats(w.series, f, yesterday(h0), yesterday(h1));
      const day = stats(w.series, f, yesterday(0), localAt(w.now, 0, 0));
      if (Math.abs(s[which] - day[which]) < 0.15) continue; // would not tell the range from the day
      out.push({ category: 'day-clock-range', question: t.replace('{p}', i % 2 ? spoken(loc) : loc).replace('{k}', kind), facts: [num(s[which], UNIT_OF[kind]!)] });
    }
  });

  // "How many degrees is it in …": the value in that unit, not a count of sensors.
  const howMany: [string, string, (v: number) => number, 'C' | 'F' | '%' | 'hPa'][] = [
    ['how many degrees is it in the {p}', 'temperature', (v) => v, 'C'], ['how many degrees in {p} right now?', 'temperature', (v) => v, 'C'],
    ['how many percent humidity is there in the {p}', 'humidity', (v) => v, '%'], ['how many hPa is the pressure in {p}', 'pressure', (v) => v, 'hPa'],
    ['how many degrees fahrenheit is it in the {p}', 'temperature', toF, 'F'],
  ];
  fresh.forEach((loc, i) => {
    for (const k of [0, 1]) {
      const [t, kind, conv, unit] = howMany[(i + k * 2) % howMany.length]!;
      out.push({ category: 'how-many-unit', question: t.replace('{p}', (i + k) % 2 ? loc : spoken(loc)), facts: [num(conv(L(loc, kind)), unit, unit === 'F' ? 0.2 : 0.1)] });
    }
  });

  // Superlatives and "-wise" words the vocabulary lacks: rankings, not unknown nodes.
  const h = w.health;
  const byDisk = Object.entries(h).sort((a, b) => b[1].disk - a[1].disk);
  const byCpu = Object.entries(h).filter(([n]) => w.nodes.find((x) => x.node === n)!.lastSeen > w.now - FRESH).sort((a, b) => b[1].cpu - a[1].cpu);
  const warm = liveRanking(w.series, 'temperature', w.now), humid = liveRanking(w.series, 'humidity', w.now);
  const sup = (question: string, who: string, value: number, unit: 'C' | '%'): EvalItem => ({ category: 'odd-superlative', question, facts: [name(who), num(value, unit)], absent: [text(/no data/i)] });
  out.push(sup('which node has the fullest disk', byDisk[0]![0], byDisk[0]![1].disk, '%'));
  out.push(sup('which pi has the emptiest disk?', byDisk.at(-1)![0], byDisk.at(-1)![1].disk, '%'));
  out.push(sup('temperature-wise, which place is warmest right now', warm[0]!.place, warm[0]!.value, 'C'));
  out.push(sup('humidity wise which room is the driest at the moment', humid.at(-1)!.place, humid.at(-1)!.value, '%'));
  out.push(sup('cpu-wise, which node is the busiest', byCpu[0]![0], byCpu[0]![1].cpu, '%'));
  out.push(sup('disk-wise which pi is fullest', byDisk[0]![0], byDisk[0]![1].disk, '%'));

  // "How's <place> looking": every kind of the place, now.
  const status = ["how's the {p} looking", 'how are things in the {p}?', 'how is {p} doing', 'hows {p} looking today', 'how does the {p} look right now', "what's the situation in the {p}"];
  fresh.forEach((loc, i) => {
    for (const k of [0, 1]) out.push({ category: 'place-status', question: status[(i + k * 4) % status.length]!.replace('{p}', (i + k) % 2 ? loc : spoken(loc)), facts: ['temperature', 'humidity', 'pressure'].map((kind) => num(L(loc, kind), UNIT_OF[kind]!)) });
  });

  // "and the coldest?" after a warmest: the other end, the same place and day.
  const today = localAt(w.now, 0, 0);
  ['warehouse-b', 'cold-room', 'server-rack'].forEach((loc, i) => {
    const day = i === 0 ? [yesterday(0), today] : [today, w.now];
    const s = stats(w.series, { location: loc, kind: 'temperature' }, day[0]!, day[1]!);
    const when = i === 0 ? 'yesterday' : 'today';
    const follow = ['and the coldest?', 'what about the minimum', 'and the lowest?'][i]!;
    out.push({ category: 'follow-up-extreme', conversation: [`when was ${spoken(loc)} warmest ${when}?`], question: follow, facts: [num(s.min, 'C'), at(s.minTs)], absent: [num(s.max, 'C', 0.05)] });
  });
  out.push({ category: 'follow-up-extreme', conversation: ['which location is warmest right now'], question: 'and the coldest one?', facts: [name(warm.at(-1)!.place), num(warm.at(-1)!.value, 'C')], absent: [text(new RegExp(`^\\W*(warmest|highest)`, 'i'))] });
  out.push({ category: 'follow-up-extreme', conversation: ['highest humidity in warehouse-a in the last 24 hours'], question: 'what about the lowest', facts: [num(stats(w.series, { location: 'warehouse-a', kind: 'humidity' }, w.now - 24 * HOUR, w.now).min, '%')] });
  out.push({ category: 'follow-up-extreme', conversation: ['which room is the most humid right now?'], question: 'and the driest?', facts: [name(humid.at(-1)!.place), num(humid.at(-1)!.value, '%')] });

  // "Has <node> reported in the last <window>": yes or no from its last contact.
  const windows: [string, number][] = [['in the last hour', HOUR], ['in the past 10 minutes', 10 * MIN], ['in the last 3 hours', 3 * HOUR], ['since 9am', w.now - localAt(w.now, 0, 9)], ['today', w.now - localAt(w.now, 0, 0)], ['in the last 6 hours', 6 * HOUR]];
  const asks = ['has {n} reported {w}', 'did {n} report {w}?', 'have we heard from {n} {w}', 'has {n} sent anything {w}?', 'did {n} check in {w}'];
  w.nodes.forEach(({ node, lastSeen }, i) => {
    for (const k of [0, 1]) {
      const [wt, ms] = windows[(i * 2 + k) % windows.length]!;
      const facts: Fact[] = [lastSeen >= w.now - ms ? YES : NO];
      out.push({ category: 'reported-within', question: asks[(i + k) % asks.length]!.replace('{n}', k ? node.replace('pi-node-', 'pi ') : node).replace('{w}', wt), facts });
    }
  });
  return out;
}

/** World B, where kinds differ by place: "which locations have a <kind> sensor" names exactly the places holding it. */
export function inventoryItemsB(w: WorldB): EvalItem[] {
  const places = [...new Set(w.series.map((s) => s.spec.location))];
  const kinds: [string, string][] = [['illuminance', 'light'], ['pressure', 'pressure'], ['humidity', 'humidity']];
  const asks = ['which locations have a {k} sensor', 'where do we measure {k}?', 'which rooms have {k} sensors', 'what sites are equipped with {k} sensors?'];
  const out: EvalItem[] = [];
  kinds.forEach(([kind, word], i) => {
    const holding = places.filter((p) => w.series.some((s) => s.spec.location === p && s.spec.kind === kind));
    const lacking = places.filter((p) => !holding.includes(p));
    for (const k of [0, 1]) {
      out.push({ category: 'places-with-kind', question: asks[(i + k) % asks.length]!.replace('{k}', k ? kind : word), facts: holding.map((p) => name(p)), absent: lacking.map((p) => name(p)) });
    }
  });
  const bay = latest(w.series, { location: 'Loading Bay 3', kind: 'illuminance' })[0]!.value;
  out.push({ category: 'how-many-unit', question: 'how many lux in the loading bay', facts: [num(bay, 'any', 1)], absent: [text(/\bsensors? (in|are)\b/i)] });
  return out;
}
