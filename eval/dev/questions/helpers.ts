/** Small builders the question files share: units per kind, conversions, directions, winners, alert-rule checks. */
import type { AlertRule } from '../../../src/studio/alerts/rule.js';
import { namePattern, type Fact, type Unit } from '../check.js';
import type { RuleChange } from '../item.js';
import { stats, type Series, type SeriesSelector } from '../truth.js';

export const UNIT_OF: Record<string, Unit> = { temperature: 'C', humidity: '%', pressure: 'hPa', illuminance: 'any' };

export const toF = (c: number) => (c * 9) / 5 + 32;
export const toK = (c: number) => c + 273.15;
export const toKPa = (hpa: number) => hpa / 10;
export const toInHg = (hpa: number) => hpa * 0.0295300;
export const fromF = (f: number) => ((f - 32) * 5) / 9;

export const RISING = /\b(rising|increasing|climbing|going up|trending up(ward)?|upward|on the rise|up(ward)? trend|increased|rose|growing|getting (higher|wetter|warmer|more humid))\b/i;
export const FALLING = /\b(falling|decreasing|dropping|declining|going down|trending down(ward)?|downward|down(ward)? trend|decreased|fell|dropped|getting (lower|drier|colder|less humid)|drying)\b/i;
export const STEADY = /\b(steady|stable|flat|unchanged|constant|holding|no (significant |clear |real )?(change|trend)|not changing|barely (moved|changed))\b/i;

/** A direction word that is not negated ("not rising", "isn't falling" do not count). */
function asserted(words: RegExp, label: string): Fact {
  const g = new RegExp(words.source, 'gi');
  return {
    label,
    test: (r) => [...r.matchAll(g)].some((m) => !/\b(not|n't|no|neither|nor|never)\s+(\w+\s+)?$/i.test(r.slice(Math.max(0, m.index - 20), m.index))),
  };
}

/** The trend direction facts: the right word required, the opposite one absent (unless negated). */
export function direction(dir: 'rising' | 'falling' | 'steady'): { facts: Fact[]; absent: Fact[] } {
  const words = { rising: RISING, falling: FALLING, steady: STEADY };
  const opposite = dir === 'steady' ? (['rising', 'falling'] as const) : ([dir === 'rising' ? 'falling' : 'rising'] as const);
  return { facts: [asserted(words[dir], dir)], absent: opposite.map((d) => asserted(words[d], d)) };
}

const SPAN = '(?:[^.\\n]|\\.\\d){0,60}?';
/**
 * The answer says which of two places is the "more" one: "<winner> … warmer", "<loser> … colder",
 * "warmest: <winner>", or a plain "yes" when the question asked whether the winner was more.
 */
export function winner(win: string[], lose: string[], more: string, less: string, yes = false): Fact {
  const w = win.map((n) => namePattern(n).source).join('|');
  const l = lose.map((n) => namePattern(n).source).join('|');
  const patterns = [
    new RegExp(`(?:${w})${SPAN}\\b(?:${more})\\b`, 'iu'),
    new RegExp(`(?:${l})${SPAN}\\b(?:${less})\\b`, 'iu'),
    new RegExp(`\\b(?:${more})(?:est)?\\b\\s*(?:place|location|one|site|room|spot|node)?\\s*(?:is|:|-|—|=)\\s*(?:the\\s+)?(?:${w})`, 'iu'),
  ];
  if (yes) patterns.push(/^\W*yes\b/i);
  return { label: `${win[0]} is ${more.split('|')[0]}`, test: (r) => patterns.some((p) => p.test(r)) };
}
export const WARMER = ['warmer|hotter|higher|warmest|hottest|highest|above', 'cooler|colder|lower|coldest|coolest|lowest|below'] as const;
export const HUMID = ['more humid|higher|wetter|most humid|damper|more moisture|highest|above', 'less humid|lower|drier|dryer|least humid|lowest|below'] as const;

export interface RuleExpectation {
  kind?: string;
  /** The place the question names: the rule must filter on the node or on its location. */
  scope?: { node: string; location: string };
  op: '>' | '<';
  value: number;
  tol?: number;
  for_s?: number;
}

function describe(r: AlertRule): string {
  const c = r.condition;
  const cond = c.type === 'threshold' ? `${c.op} ${c.value} for ${c.for_s}s` : c.type;
  return `${JSON.stringify(r.filter)} ${cond}`;
}

/** The new rule (exactly one) must be a threshold with this operator, value (in the stored unit), duration and filter. */
export function expectRule(e: RuleExpectation): (change: RuleChange) => string | undefined {
  return ({ created }) => {
    if (created.length !== 1) return `created ${created.length} rules (want 1): ${created.map(describe).join('; ')}`;
    const r = created[0]!;
    const c = r.condition;
    const want = `${JSON.stringify({ ...(e.scope ?? {}), kind: e.kind })} ${e.op} ${e.value} for ${e.for_s ?? 0}s`;
    const bad = (why: string) => `rule ${describe(r)} ${why} (want ${want})`;
    if (c.type !== 'threshold') return bad('is not a threshold');
    if (!c.op.startsWith(e.op)) return bad('has the wrong operator');
    if (Math.abs(c.value - e.value) > (e.tol ?? 0.1)) return bad('has the wrong threshold');
    if ((c.for_s ?? 0) !== (e.for_s ?? 0)) return bad('has the wrong duration');
    if (e.kind && r.filter.kind !== e.kind && !(r.filter.sensor ?? '').includes(e.kind.slice(0, 4))) return bad('watches the wrong kind');
    if (e.scope) {
      const { node, location } = r.filter;
      const right = (node === e.scope.node || location === e.scope.location)
        && (!node || node === e.scope.node) && (!location || location === e.scope.location);
      if (!right) return bad('watches the wrong place');
    } else if (r.filter.node || r.filter.location) return bad('is narrowed to a place the question did not name');
    return undefined;
  };
}

/** The rules set up under `gone` were deleted and those under `kept` still exist. */
export function expectDeleted(gone: string[], kept: string[]): (change: RuleChange) => string | undefined {
  return ({ removed, setUp }) => {
    const removedIds = new Set(removed.map((r) => r.id));
    const missed = gone.filter((k) => !removedIds.has(setUp.get(k)!.id));
    const wrong = kept.filter((k) => removedIds.has(setUp.get(k)!.id));
    if (missed.length) return `did not delete ${missed.join(', ')}`;
    if (wrong.length) return `also deleted ${wrong.join(', ')}`;
    return undefined;
  };
}

export type Window = [number, number];

/** Mean, min and max of the series in each window: what an answer over that window would state. */
export function windowValues(series: Series[], f: SeriesSelector, windows: Window[]): number[] {
  return windows.flatMap(([from, to]) => { const s = stats(series, f, from, to); return [s.mean, s.min, s.max]; });
}

/** Notes when `truth` is within 0.15 of a value a misreading gives: the item would not tell them apart. */
export function discriminate(conflicts: string[], question: string, truth: number, confusers: number[]): void {
  const close = confusers.find((c) => Math.abs(c - truth) < 0.15);
  if (close !== undefined) conflicts.push(`"${question}": truth ${truth.toFixed(2)} is not told apart from a misreading's ${close.toFixed(2)}`);
}

/** The superlatives a "which place is most …" answer uses next to the place it names. */
export const MOST = /\b(warmest|hottest|highest|most|wettest|muggiest|dampest|max(imum)?|top|leads?)\b/i;
export const LEAST = /\b(coldest|coolest|lowest|least|driest|min(imum)?|bottom)\b/i;

/** `words` said about `subject`: after its name in the same clause (`both`: or just before it). */
export function about(subject: string, words: RegExp, both = false, span = 50): Fact {
  const n = namePattern(subject).source;
  const gap = `(?:[^.;\\n]|\\.\\d){0,${span}}?`;
  const ps = [new RegExp(`${n}${gap}${words.source}`, 'iu'), ...(both ? [new RegExp(`${words.source}${gap}${n}`, 'iu')] : [])];
  return { label: `${subject} … ${words.source.slice(0, 24)}`, test: (r) => ps.some((p) => p.test(r)) };
}

/** Words an answer about anomalies uses for what it found. */
export const ANOMALY_WORDS = /anomal|spike|unusual|outlier|abnormal|odd\b|irregular|sudden|jump|surge|level[- ]shift/i;
