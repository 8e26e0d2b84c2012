/**
 * Phrasings generated over world A's names, not written one by one: misspelt places and kinds
 * (a letter swapped or doubled, chosen by a seed), slang ("toasty", "rn", "lookin"), a slip of "the"
 * after "in", superlatives asked with "where", ranks by position ("the second warmest") and the
 * N coldest. Every fact is computed from the generator's samples.
 */
import { name, num } from '../check.js';
import type { EvalItem } from '../item.js';
import { latest, type Series } from '../truth.js';
import type { DevWorld } from '../world.js';
import { prng } from '../generator.js';
import { UNIT_OF } from './helpers.js';

/** A slip of one letter in the longest word of a name: two inner letters swapped, or one doubled. */
export function misspell(nameText: string, seed: number): string {
  const rand = prng(seed);
  const parts = nameText.split(/([-_ ])/);
  const at = parts.reduce((best, p, i) => (p.length > (parts[best] ?? '').length ? i : best), 0);
  const w = parts[at]!;
  if (w.length < 4) return nameText;
  const k = 1 + Math.floor(rand() * (w.length - 3));
  parts[at] = rand() < 0.5 ? w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2) : w.slice(0, k) + w[k] + w.slice(k);
  return parts.join('');
}

const FRESH = 30 * 60_000;
/** Latest value of each place of a kind with a fresh reading, highest first. */
export function liveRanking(series: Series[], kind: string, now: number): { place: string; value: number }[] {
  return latest(series, { kind }).filter((l) => now - l.ts <= FRESH).map((l) => ({ place: l.spec.location, value: l.value })).sort((a, b) => b.value - a.value);
}

const ORD = ['', 'first', 'second', 'third', 'fourth'] as const;
const ORD_SHORT = ['', '1st', '2nd', '3rd', '4th'] as const;
const SUP: Record<string, [string, string]> = { temperature: ['warmest', 'coldest'], humidity: ['most humid', 'driest'] };

export function phrasingItems(w: DevWorld): EvalItem[] {
  const L = (location: string, kind: string) => latest(w.series, { location, kind })[0]!.value;
  const out: EvalItem[] = [];
  const locations = w.nodes.filter((n) => w.now - n.lastSeen <= FRESH).map((n) => n.location);
  const slangTemp = ['how toasty is {p}', 'whats the temp in {p} rn', 'temp {p} atm?', '{p} temp rn pls', 'how nippy is {p} rn', 'is {p} toasty rn'];
  const typoKind: [string, string][] = [['tempreture in {p}', 'temperature'], ['{p} humidty', 'humidity'], ['waht is the presure in {p}', 'pressure'], ['temprature {p} now', 'temperature'], ['humitidy at {p}', 'humidity']];
  const slip = ['in teh {p} what is the {k}', 'whats the {k} in teh {p}', '{k} in hte {p} right now', 'wats the {k} in th {p}'];
  locations.forEach((loc, i) => {
    const spelt = misspell(loc, 300 + i);
    const fill = (t: string, p: string, k = 'temperature') => t.replace('{p}', p).replace('{k}', k);
    out.push({ category: 'typo-slang', question: fill(slangTemp[i % slangTemp.length]!, i % 2 ? spelt : loc), facts: [num(L(loc, 'temperature'), 'C')] });
    const [t, kind] = typoKind[i % typoKind.length]!;
    out.push({ category: 'typo-slang', question: fill(t, spelt), facts: [num(L(loc, kind), UNIT_OF[kind]!)] });
    const kind2 = (['humidity', 'temperature', 'pressure'] as const)[i % 3]!;
    out.push({ category: 'false-refusal', question: fill(slip[i % slip.length]!, loc, kind2), facts: [num(L(loc, kind2), UNIT_OF[kind2]!)] });
    const kind3 = (['temperature', 'pressure', 'humidity'] as const)[i % 3]!;
    out.push({ category: 'false-refusal', question: fill(slip[(i + 1) % slip.length]!, i % 2 ? loc.replace('-', ' ') : spelt, kind3), facts: [num(L(loc, kind3), UNIT_OF[kind3]!)] });
    // "how's X lookin": every kind of the place, now.
    out.push({ category: 'typo-slang', question: `${i % 2 ? "how's" : 'hows'} the ${loc.replace('-', ' ')} lookin${i % 2 ? '?' : ''}`, facts: ['temperature', 'humidity'].map((k) => num(L(loc, k), UNIT_OF[k]!)) });
  });

  for (const kind of ['temperature', 'humidity'] as const) {
    const ranking = liveRanking(w.series, kind, w.now);
    const u = UNIT_OF[kind]!;
    SUP[kind]!.forEach((sup, low) => {
      const ordered = low ? [...ranking].reverse() : ranking;
      // "where's the warmest spot", "where is it coldest": the top place, with its value.
      const top = ordered[0]!;
      const where = [`where's the ${sup} spot`, `where is it ${sup.replace('most ', 'most ')}`, `where's the ${sup} place right now`, `where is the ${sup} room`];
      where.forEach((q, k) => { if (k % 2 === low) out.push({ category: 'where-superlative', question: q, facts: [name(top.place), num(top.value, u)] }); });
      for (const n of [2, 3]) {
        const pick = ordered[n - 1]!;
        const q = n === 2 ? `which location is the ${ORD[n]} ${sup}?` : `${ORD_SHORT[n]} ${sup} room`;
        out.push({ category: 'ordinal-rank', question: q, facts: [name(pick.place), num(pick.value, u)], absent: [num(ordered[0]!.value, u, 0.05)] });
      }
      const n = 3;
      out.push({ category: 'ordinal-rank', question: `the ${n} ${sup} rooms`, facts: ordered.slice(0, n).map((x) => name(x.place)), absent: ordered.slice(n).map((x) => name(x.place)) });
    });
  }
  return out;
}

/** Slips of "the", "what" and "where" around any world's place names: the place is still read. */
export function slipItems(w: { now: number; series: Series[]; nodes: { node: string; location: string; lastSeen: number }[] }): EvalItem[] {
  const out: EvalItem[] = [];
  w.nodes.filter((n) => w.now - n.lastSeen <= FRESH).forEach(({ node, location }, i) => {
    const kinds = [...new Set(w.series.filter((s) => s.spec.location === location).map((s) => s.spec.kind))].filter((k) => UNIT_OF[k] && UNIT_OF[k] !== 'any');
    const kind = kinds[i % kinds.length]!;
    const v = latest(w.series, { location, kind })[0]!.value;
    const q = [`whats the ${kind} in teh ${location.toLowerCase()} rn`, `waht is the ${kind} in hte ${location}`, `${kind} in teh ${location} pls`][i % 3]!;
    out.push({ category: 'false-refusal-b', question: q, facts: [num(v, UNIT_OF[kind]!)] });
    out.push({ category: 'false-refusal-b', question: `whre is ${node}`, facts: [name(location)] });
  });
  return out;
}
