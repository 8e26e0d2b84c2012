/**
 * World B's places that lack a kind (no pressure in the North Warehouse, no humidity in Loading Bay
 * 3, no illuminance in the Boilerhouse, …), asked in the forms that used to imply data exists: a
 * trend ("not enough data to tell"), a comparison ("nothing to compare it with"), an alert wish (a
 * rule that never fires). Each answer must say that place has no such data; trends and alerts state
 * no number and create no rule.
 */
import { name, text } from '../check.js';
import type { EvalItem } from '../item.js';
import type { WorldB } from '../world-b.js';

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
const UNIT: Record<string, string> = { temperature: '°C', humidity: '%', pressure: ' hPa', illuminance: ' lux' };
const LIMIT: Record<string, number> = { temperature: 30, humidity: 80, pressure: 1000, illuminance: 500 };

export function lackingItemsB(w: WorldB): EvalItem[] {
  const kinds = [...new Set(w.series.map((s) => s.spec.kind))];
  const places = [...new Set(w.series.map((s) => s.spec.location))];
  const has = (p: string, k: string) => w.series.some((s) => s.spec.location === p && s.spec.kind === k);
  const pairs = places.flatMap((p) => kinds.filter((k) => !has(p, k)).map((k) => [p, k] as const));
  const out: EvalItem[] = [];
  const noKind = (p: string, k: string) => [name(p), text(new RegExp(`no ${k} data|no ${k} sensor|doesn't measure ${k}|does not measure ${k}`, 'i'))];
  const TREND = ['is {k} rising in {p}?', 'how has {k} in {p} been trending', '{k} trend for {p} today', 'is the {k} in {p} going down?', 'has {k} at {p} changed since yesterday'];
  const ALERT = ['alert me if {k} in {p} goes above {v}{u}', 'shoot me a text when {p} {k} drops below {v}{u}', 'set an alert: {p} {k} over {v}{u}', 'let me know if the {k} at {p} exceeds {v}{u} for 10 minutes'];
  pairs.forEach(([p, k], i) => {
    const fill = (t: string) => t.replace('{k}', k).replace('{p}', i % 2 ? p.toLowerCase() : p).replace('{v}', String(LIMIT[k])).replace('{u}', UNIT[k]!);
    out.push({ category: 'lacking-trend-b', question: fill(pick(TREND, i)), noNumbers: true, facts: noKind(p, k) });
    out.push({ category: 'lacking-alert-b', question: fill(pick(ALERT, i)), noNumbers: true, facts: noKind(p, k), rules: ({ created }) => (created.length ? `created ${created.length} rules on data that does not exist` : undefined) });
    const other = places.find((q) => has(q, k))!;
    out.push({ category: 'lacking-compare-b', question: pick(['compare {k} in {p} and {o}', '{k}: {o} vs {p}', 'is {k} higher in {p} than in {o}?'], i).replace('{k}', k).replace('{p}', p).replace('{o}', other), facts: noKind(p, k) });
  });
  return out;
}
