/**
 * Yes/no threshold questions generated over world A: "is <place> <kind> above N<unit>" now (°C, °F,
 * %, hPa), "did … ever go above/below N" over past windows (yesterday, the last 3 hours, the last
 * week), vitals of one node or of any node, and "is any node <condition>". The limit is set between
 * the value now and the window's extreme where it can be, so an answer from the wrong time says the
 * wrong verdict. Each item needs the verdict and the figure it rests on.
 */
import { name, num, text, type Fact } from '../check.js';
import type { EvalItem } from '../item.js';
import { HOUR } from '../generator.js';
import { latestValue, localAt, stats } from '../truth.js';
import type { DevWorld } from '../world.js';
import { toF, UNIT_OF } from './helpers.js';

const YES = text(/^\W*yes\b/i);
const NO = text(/^\W*no\b/i);
const verdict = (yes: boolean): Fact => (yes ? YES : NO);
const SYMBOL: Record<string, string[]> = { temperature: ['°C', ' degrees', ' °C', 'C'], humidity: ['%', ' percent', '% RH'], pressure: [' hPa', 'hPa', ' mbar'] };
const WORD: Record<string, string[]> = { temperature: ['temperature', 'temp'], humidity: ['humidity', 'RH'], pressure: ['pressure', 'air pressure'] };
/** A limit `gap` away from `v` on the side that gives the verdict wanted, rounded as people write it. */
const limitFor = (v: number, above: boolean, yes: boolean, gap: number) => Math.round((above === yes ? v - gap : v + gap) * 2) / 2;

export function thresholdItems(w: DevWorld): EvalItem[] {
  const out: EvalItem[] = [];
  const fresh = w.nodes.filter((n) => w.now - n.lastSeen < HOUR);
  const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
  // Now, in the stored unit: one item per place and kind, verdicts alternating.
  let i = 0;
  for (const { location, node } of fresh) {
    for (const kind of ['temperature', 'humidity', 'pressure'] as const) {
      const v = latestValue(w.series, { location, kind });
      const above = i % 2 === 0, yes = i % 3 !== 0;
      const limit = limitFor(v, above, yes, kind === 'pressure' ? 1.5 : 2);
      const where = i % 4 === 1 ? node : location.replace('-', ' ');
      const templates = [`is ${where} ${pick(WORD[kind]!, i)} ${above ? 'above' : 'below'} ${limit}${pick(SYMBOL[kind]!, i)}`,
        `is the ${pick(WORD[kind]!, i)} in ${where} ${above ? 'over' : 'under'} ${limit}${pick(SYMBOL[kind]!, i + 1)}?`,
        `${where} ${pick(WORD[kind]!, i)} ${above ? 'higher' : 'lower'} than ${limit}${pick(SYMBOL[kind]!, i)} right now?`.replace(/^/, 'is '),
        `is ${pick(WORD[kind]!, i)} at ${where} ${above ? 'more' : 'less'} than ${limit}${pick(SYMBOL[kind]!, i + 2)} rn`];
      out.push({ category: 'yes-no-now', question: pick(templates, i), facts: [verdict(yes), num(v, UNIT_OF[kind]!)] });
      i++;
    }
  }
  // Fahrenheit limits: converted before comparing, answered in °F.
  [...fresh, ...fresh.map((f) => ({ ...f, location: f.node }))].forEach(({ location: where }, k) => {
    const location = where;
    const c = latestValue(w.series, where.startsWith('pi-') ? { node: where, kind: 'temperature' } : { location, kind: 'temperature' });
    const above = k % 2 === 1, yes = k % 3 !== 1;
    const limit = Math.round(toF(c) + (above === yes ? -2 : 2));
    const q = [`is ${location} above ${limit}°F`, `is the ${location.replace('-', ' ')} below ${limit} F?`, `is it warmer than ${limit} fahrenheit in ${location}`, `is the temp in ${location} under ${limit}°F right now`][k % 4]!;
    out.push({ category: 'yes-no-fahrenheit', question: q, facts: [verdict(/warmer|above/.test(q) ? toF(c) > limit : toF(c) < limit), num(toF(c), 'F', 0.2)] });
  });
  // Past windows: the extreme decides; the limit sits between now and that extreme when it can.
  const windows: [string, number, number][] = [['yesterday', localAt(w.now, -1, 0), localAt(w.now, 0, 0)], ['in the last 3 hours', w.now - 3 * HOUR, w.now], ['last week', w.now - 7 * 24 * HOUR, w.now]];
  const pastPlaces = [['warehouse-b', 'temperature', true], ['warehouse-a', 'humidity', false], ['cold-room', 'temperature', true], ['server-rack', 'temperature', false], ['warehouse-b', 'humidity', false], ['warehouse-a', 'temperature', true]] as const;
  pastPlaces.forEach(([location, kind, above], k) => {
    const [label, from, to] = windows[k % windows.length]!;
    const s = stats(w.series, { location, kind }, from, to);
    const extreme = above ? s.max : s.min;
    const now = latestValue(w.series, { location, kind });
    const between = Math.round(((extreme + now) / 2) * 2) / 2;
    const yes = k % 2 === 0;
    const limit = yes && Math.abs(extreme - now) > 1.5 ? between : limitFor(extreme, above, yes, 1);
    const dir = above ? pick(['above', 'over', 'higher than'], k) : pick(['below', 'under', 'lower than'], k);
    const q = pick([`did ${location} ${kind} ever go ${dir} ${limit}${SYMBOL[kind]![0]} ${label}`, `was the ${kind} in the ${location.replace('-', ' ')} ${dir} ${limit}${SYMBOL[kind]![1]} at any point ${label}?`,
      `has ${kind} in ${location} been ${dir} ${limit}${SYMBOL[kind]![0]} ${label}`, `${label}, did it ever get ${dir} ${limit}${SYMBOL[kind]![0]} in ${location}?`], k);
    out.push({ category: 'yes-no-window', question: q, facts: [verdict(above ? extreme > limit : extreme < limit), num(extreme, UNIT_OF[kind]!)] });
  });
  // Vitals of one node, and of any node.
  const h = w.health;
  const vital = [['cpu', 'CPU', 'cpu'], ['mem', 'memory', 'memory'], ['disk', 'disk', 'disk usage']] as const;
  [...w.nodes, ...w.nodes.slice(0, 2)].forEach(({ node }, k) => {
    const [key, label] = vital[k % vital.length]!;
    const v = h[node]![key];
    const yes = k % 2 === 0;
    const limit = Math.round(v + (yes ? -5 : 5));
    out.push({ category: 'yes-no-vital', question: pick([`is ${node} ${label} above ${limit}%`, `is ${label} on ${node} over ${limit} percent?`, `${node} ${label} > ${limit}%?`.replace(/^/, 'is ')], k), facts: [verdict(v > limit), num(v, '%')] });
  });
  for (const [key, label, phrase] of vital) {
    const values = w.nodes.map(({ node }) => ({ node, v: h[node]![key] }));
    const top = values.reduce((a, b) => (b.v > a.v ? b : a));
    for (const limit of [Math.round(top.v - 3), Math.round(top.v + 3)]) {
      const over = values.filter((x) => x.v > limit);
      out.push({ category: 'yes-no-any-node', question: limit < top.v ? `is any node above ${limit}% ${phrase}?` : `are any pis over ${limit} percent ${label}`, facts: [verdict(over.length > 0), ...(over.length ? over.map((x) => name(x.node)) : []), num(top.v, '%')] });
    }
  }
  // Conditions by name: judged against the health limits, with the figure.
  const soc = w.nodes.map(({ node }) => h[node]!.soc);
  out.push({ category: 'yes-no-condition', question: 'is any node overheating?', facts: [NO, num(Math.max(...soc), 'C')] });
  out.push({ category: 'yes-no-condition', question: 'are any of the pis low on disk', facts: [YES, name('pi-node-1'), num(h['pi-node-1']!.disk, '%')] });
  out.push({ category: 'yes-no-condition', question: 'is any node running high CPU', facts: [YES, name('pi-node-5'), num(h['pi-node-5']!.cpu, '%')] });
  out.push({ category: 'yes-no-condition', question: 'any pi with high memory?', facts: [YES, name('pi-node-5'), num(h['pi-node-5']!.mem, '%')] });
  out.push({ category: 'yes-no-condition', question: 'is anything running hot', facts: [NO, num(Math.max(...soc), 'C')] });
  out.push({ category: 'yes-no-condition', question: 'is a node running out of disk space?', facts: [YES, name('pi-node-1'), num(h['pi-node-1']!.disk, '%')] });
  return out;
}
