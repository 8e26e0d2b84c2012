import type { Catalog } from '../../../studio/store/store.js';
import type { Answer } from '../answer.js';
import { listJoin } from '../format.js';
import type { OperationName, Plan } from '../language/plan.js';

/**
 * Operations whose answer about a place that lacks the kind asked would mislead: a trend ("not
 * enough data to tell" implies some exists), a comparison ("nothing to compare it with" never says
 * why) and an alert (a rule on a series that does not exist never fires).
 */
const REFUSED: ReadonlySet<OperationName> = new Set(['trend', 'alert_create']);

/** The named places and nodes that hold none of the kinds the plan asks about. */
export function placesLacking(plan: Plan, c: Catalog): { name: string; kinds: string[]; has: string[] }[] {
  const kinds = plan.measures.flatMap((m) => (m.type === 'kind' ? [m.kind] : []));
  if (!kinds.length || plan.measures.some((m) => m.type !== 'kind')) return [];
  const out: { name: string; kinds: string[]; has: string[] }[] = [];
  const check = (name: string, at: (s: Catalog['series'][number]) => boolean) => {
    const has = [...new Set(c.series.filter(at).map((s) => s.kind))].sort();
    if (has.length && !kinds.some((k) => has.includes(k))) out.push({ name, kinds, has });
  };
  for (const l of plan.scope.locations) check(l, (s) => s.location === l);
  for (const n of plan.scope.nodes) check(n, (s) => s.node === n);
  return out;
}

/**
 * "Is pressure rising in the North Warehouse?" where no sensor there measures pressure: say so,
 * with what it does measure, and state no number; an alert wish creates no rule.
 * @example
 * lackingAnswer(plan, catalog) // { response: 'North Warehouse has no pressure data: no sensor there measures pressure …' }
 */
export function lackingAnswer(plan: Plan, c: Catalog): Answer | undefined {
  if (!REFUSED.has(plan.operation)) return undefined;
  // A group ("the warehouses") is answered for the members that have it.
  if (plan.scope.group) return undefined;
  const lacking = placesLacking(plan, c);
  if (!lacking.length) return undefined;
  const lines = lackingLines(lacking);
  if (plan.operation === 'alert_create') lines.push('No alert was created: a rule on data that does not exist would never fire.');
  const where = [...new Set(c.series.filter((s) => lacking[0]!.kinds.includes(s.kind)).map((s) => s.location ?? s.node))].sort();
  if (where.length) lines.push(`${cap(listJoin(lacking[0]!.kinds))} is measured in ${listJoin(where)}.`);
  return { response: lines.join('\n'), data: { lacking, created: false } };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One line per place that lacks the kind: what it lacks and what it does measure. */
export function lackingLines(lacking: ReturnType<typeof placesLacking>): string[] {
  return lacking.map((l) => `${l.name} has no ${listJoin(l.kinds)} data: no sensor there measures ${listJoin(l.kinds)} (it measures ${listJoin(l.has)}).`);
}

/** A comparison with a side that lacks the kind: the answer for the side that has it, after saying which side has none. */
export function withLackingNote(plan: Plan, c: Catalog, a: Answer): Answer {
  if (plan.operation !== 'compare' || plan.scope.group) return a;
  const lacking = placesLacking(plan, c);
  if (!lacking.length) return a;
  return { response: `${lackingLines(lacking).join('\n')}\n${a.response}`, data: { ...a.data, lacking } };
}
