/**
 * The fifth round's classes over world A, each generated over places, kinds, units and verbs:
 * terse threshold questions with no leading verb ("<place> <measure> <comparison> <number><unit>?",
 * symbols and units stuck to the number), "at least N" about the present (the value now decides,
 * not the day's maximum — the limit sits between them), unfamiliar crossing verbs over past windows
 * (top, crest, breach, surpass, dip under, sink below), alert wishes in everyday verbs, "set an
 * alert: …" (a new rule), "goes quiet/dark for N minutes" (a no-data rule), "tell me if … for M
 * minutes" (a wish with a duration), and nodes described in plain words (no data, no number).
 */
import { name, num, text, type Fact } from '../check.js';
import type { EvalItem, RuleChange } from '../item.js';
import { HOUR } from '../generator.js';

const DAY = 24 * HOUR;
import { latestValue, localAt, stats } from '../truth.js';
import type { DevWorld } from '../world.js';
import { expectRule, FALLING, fromF, RISING, toF, UNIT_OF } from './helpers.js';

const verdict = (yes: boolean): Fact => text(yes ? /^\W*yes\b/i : /^\W*no\b/i);
const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
const KIND_WORD: Record<string, string[]> = { temperature: ['temp', 'temperature', 'temps'], humidity: ['humidity', 'RH', 'humidity level'], pressure: ['pressure', 'air pressure'] };
const STUCK: Record<string, string[]> = { temperature: ['c', 'C', '°c', '°C', ' c', 'deg'], humidity: ['%', ' %', ' percent', 'pct'], pressure: ['hpa', ' hPa', 'hPa', ' mbar'] };

/** Exactly one new no-data (deadman) or offline rule on `node`. */
const silentRule = (node: string) => ({ created }: RuleChange): string | undefined => {
  if (created.length !== 1) return `created ${created.length} rules (want 1 no-data rule)`;
  const c = created[0]!.condition;
  if (c.type !== 'deadman' && !(c.type === 'node_health' && c.statuses.includes('offline'))) return `rule ${c.type} does not watch liveness`;
  return created[0]!.filter.node === node ? undefined : `rule watches ${JSON.stringify(created[0]!.filter)} (want node ${node})`;
};

export function terseItems(w: DevWorld): EvalItem[] {
  const out: EvalItem[] = [];
  const fresh = w.nodes.filter((n) => w.now - n.lastSeen < HOUR);
  // A. Terse thresholds: no leading verb, a word or a symbol, the unit stuck to the number.
  const CMP: [string, boolean][] = [['over', true], ['>', true], ['above', true], ['under', false], ['<', false], ['below', false], ['more than', true], ['less than', false], ['higher than', true], ['>=', true]];
  let i = 0;
  for (const { location, node } of fresh) {
    for (const kind of ['temperature', 'humidity', 'pressure'] as const) {
      const v = latestValue(w.series, { location, kind });
      const [cmp, above] = pick(CMP, i);
      const yes = i % 3 !== 1;
      const limit = Math.round((above === yes ? v - (kind === 'pressure' ? 2 : 2.5) : v + (kind === 'pressure' ? 2 : 2.5)));
      const where = pick([location, node, location.replace('-', ' '), location.toUpperCase()], i);
      const tail = pick(['?', '', ' ?', ' right now?', ' rn'], i);
      out.push({ category: 'terse-threshold', question: `${where} ${pick(KIND_WORD[kind]!, i)} ${cmp} ${limit}${pick(STUCK[kind]!, i)}${tail}`, facts: [verdict(above ? v > limit : v < limit), num(v, UNIT_OF[kind]!)] });
      i++;
    }
  }
  // Fahrenheit, terse: the answer in °F.
  [...fresh, ...fresh].forEach(({ location, node }, k) => {
    const f = toF(latestValue(w.series, { location, kind: 'temperature' }));
    const above = k % 2 === 0, yes = k % 3 !== 2;
    const limit = Math.round(above === yes ? f - 3 : f + 3);
    const where = k % 2 === (k < fresh.length ? 1 : 0) ? node : location;
    out.push({ category: 'terse-fahrenheit', question: pick([`${where} above ${limit}F?`, `${where} temp under ${limit}°f`, `${where} > ${limit} F?`, `${where} temperature over ${limit}°F`], k).replace(/under|over/, () => (above ? "over" : "under")).replace(/above|>/, (m) => (above ? m : 'below')),
      facts: [verdict(above ? f > limit : f < limit), num(f, 'F', 0.2)] });
  });
  // B. "At least N" / "at most N" about the present: the limit between the value now and the day's extreme, so the extreme says yes and the truth is no.
  fresh.flatMap((f) => (['temperature', 'humidity'] as const).map((kind) => ({ ...f, kind }))).forEach(({ location, node, kind }, k) => {
    const now = latestValue(w.series, { location, kind });
    const s = stats(w.series, { location, kind }, w.now - DAY, w.now);
    const least = s.max - now >= 1;
    if (!least && now - s.min < 1) return;
    const limit = Math.round(((now + (least ? s.max : s.min)) / 2) * 10) / 10;
    const unit = kind === 'temperature' ? pick(['°C', ' degrees', 'C'], k) : pick(['%', ' percent'], k);
    const where = k % 2 ? node : location;
    const words = least ? 'at least' : 'at most';
    out.push({ category: 'at-least-now', question: pick([`is ${where} ${kind} ${words} ${limit}${unit}?`, `${where} ${kind} ${words} ${limit}${unit}?`, `is the ${kind} in ${where} ${words} ${limit}${unit} now`], k), facts: [verdict(least ? now >= limit : now <= limit), num(now, UNIT_OF[kind]!)] });
  });
  // C. Crossing verbs in past windows: the window's extreme decides.
  const windows: [string, number, number][] = [['yesterday', localAt(w.now, -1, 0), localAt(w.now, 0, 0)], ['today', localAt(w.now, 0, 0), w.now], ['in the last 3 hours', w.now - 3 * HOUR, w.now], ['this week', localAt(w.now, -3, 0), w.now]];
  const UP = ['top', 'crest', 'breach', 'surpass', 'exceed', 'pass'], DOWN = ['dip under', 'sink below', 'fall under', 'drop below'];
  fresh.forEach(({ location }, k) => {
    for (const up of [true, false]) {
      const kind = pick(['temperature', 'humidity'] as const, k + (up ? 0 : 1));
      const [label, from, to] = pick(windows, k + (up ? 0 : 2));
      const s = stats(w.series, { location, kind }, from, to);
      const extreme = up ? s.max : s.min;
      const yes = (k + (up ? 0 : 1)) % 2 === 0;
      const limit = Math.round((up === yes ? extreme - 1 : extreme + 1) * 2) / 2;
      const verb = up ? pick(UP, k) : pick(DOWN, k);
      out.push({ category: 'crossing-verb', question: `did ${location} ${kind} ${verb} ${limit}${kind === 'temperature' ? '°C' : '%'} ${label}?`, facts: [verdict(up ? extreme > limit : extreme < limit), num(extreme, UNIT_OF[kind]!)] });
    }
  });
  // D. Alert wishes in everyday verbs, units stuck to the number; "set an alert:"; durations.
  const LEADS = ['shoot me a text if', 'drop me a line when', 'message me if', 'dm me when', 'buzz me if', 'send us a note if', 'give me a ping if', 'email me when'];
  [...fresh, ...fresh].forEach(({ location, node }, k) => {
    if (k < fresh.length) for (let j = 0; j < 2; j++) {
      const n = k * 2 + j;
      const where = n % 2 ? node : location.replace('-', ' ');
      const f = n % 3 === 2;
      const [stated, value] = f ? [`${86 + n}°f`, fromF(86 + n)] : [`${30 + n}c`, 30 + n];
      out.push({ category: 'alert-everyday', question: `${pick(LEADS, n)} ${where} temperature goes above ${stated}`, rules: expectRule({ kind: 'temperature', scope: { node, location }, op: '>', value, tol: 0.15 }) });
    }
    out.push({ category: 'alert-set', question: pick(['set an alert: {p} humidity above {v}%', 'set a new alert: {p} humidity over {v} percent', 'set an alarm: {p} humidity > {v}%'], k).replace('{p}', k < fresh.length ? location : location.replace('-', ' ')).replace('{v}', String(70 + k)),
      rules: expectRule({ kind: 'humidity', scope: { node, location }, op: '>', value: 70 + k }) });
    out.push({ category: 'alert-quiet', question: pick(['let me know if {n} goes quiet for {m} minutes', 'ping me if {n} goes dark for {m} min', 'tell me when {n} falls silent for {m} minutes', 'warn me if {n} stops talking for {m} minutes'], k).replace('{n}', node).replace('{m}', String(10 + k * 5)), rules: silentRule(node) });
    out.push({ category: 'alert-lasting', question: pick(['tell me if {p} temperature climbs above {v} for {m} minutes', 'tell me when the {p} temp goes over {v}C for {m} min', 'inform me if {p} temperature is above {v} degrees for {m} minutes'], k).replace('{p}', location).replace('{v}', String(27 + k)).replace('{m}', String(5 * (k + 1))),
      rules: expectRule({ kind: 'temperature', scope: { node, location }, op: '>', value: 27 + k, for_s: 300 * (k + 1) }) });
  });
  // F. A node described in plain words: no data for it, and no number (not every node's value).
  const DESCRIBED = ['spare raspberry', 'backup node', 'old pi', 'big gateway', 'kitchen box', 'test machine', 'new controller', 'garage pi'];
  const ASK = ["what's the cpu of the {d}", 'how hot is the {d}', 'memory on my {d}?', 'is the {d} online', 'disk usage of the {d}', 'temperature at the {d} right now'];
  DESCRIBED.forEach((d, k) => out.push({ category: 'described-node', question: pick(ASK, k).replace('{d}', d), noNumbers: true, unknown: [d, d.split(' ')[0]!] }));
  // Understanding: trends in other words, a node's shape, "short on" a resource, a greeting that is not a time window.
  const U = 'round5-understanding';
  out.push({ category: U, question: 'how has humidity been moving in warehouse-a?', facts: [text(FALLING)], absent: [text(RISING)] });
  out.push({ category: U, question: 'how has the cold room humidity been heading?', facts: [text(RISING)], absent: [text(FALLING)] });
  out.push({ category: U, question: 'how is server-rack temperature evolving', facts: [text(RISING)], absent: [text(FALLING)] });
  out.push({ category: U, question: 'is pi-node-5 in good shape?', facts: [name('pi-node-5'), text(/warning|critical|unhealthy/i)] });
  out.push({ category: U, question: 'is pi-node-3 in decent condition', facts: [name('pi-node-3'), text(/\bhealthy/i)], absent: [text(/warning|critical/i)] });
  out.push({ category: U, question: 'any node short on memory?', facts: [verdict(true), name('pi-node-5'), num(w.health['pi-node-5']!.mem, '%')] });
  out.push({ category: U, question: 'are any pis tight on disk space', facts: [verdict(true), name('pi-node-1'), num(w.health['pi-node-1']!.disk, '%')] });
  out.push({ category: U, question: "good morning, what's the temperature in the cold room?", facts: [num(latestValue(w.series, { location: 'cold-room', kind: 'temperature' }), 'C')], absent: [text(/this morning/i)] });
  out.push({ category: U, question: 'good evening! humidity in warehouse-b?', facts: [num(latestValue(w.series, { location: 'warehouse-b', kind: 'humidity' }), '%')], absent: [text(/this evening|tonight/i)] });
  return out;
}
