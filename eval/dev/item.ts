/**
 * One evaluation item and how it is scored: every fact must be in the answer, no absent fact may
 * be, `noNumbers` items may state no number at all (digits in names do not count), and alert
 * items check the rule the alert engine holds afterwards, not the answer's wording.
 */
import type { AlertRule } from '../../src/studio/alerts/rule.js';
import { namePattern, NO_DATA, statedNumbers, type Fact } from './check.js';

/** What the alert engine's rules did while the question was asked. */
export interface RuleChange {
  created: AlertRule[];
  removed: AlertRule[];
  /** Rules set up for the item (its `setup`), by the name given there. */
  setUp: Map<string, AlertRule>;
}

export interface SetupApi {
  createRule(key: string, input: unknown): Promise<AlertRule>;
}

export interface EvalItem {
  category: string;
  /** The question, or one built from rules the item's setup created (`{id:key}` → that rule's id). */
  question: string;
  facts?: Fact[];
  absent?: Fact[];
  /** The name does not exist: no number may be stated, and the answer must say it has no data for one of `unknown`. */
  noNumbers?: boolean;
  unknown?: string[];
  setup?: (api: SetupApi) => Promise<void>;
  /** Asked first, in the same conversation: the item's question is their follow-up ("and the minimum?"). */
  conversation?: string[];
  rules?: (change: RuleChange) => string | undefined;
}

/** Why an answer fails the item (empty: it passes). `knownNames`: the world's node, location and sensor names. */
export function failures(item: EvalItem, question: string, response: string, change?: RuleChange, knownNames: string[] = []): string[] {
  const out: string[] = [];
  for (const f of item.facts ?? []) if (!f.test(response)) out.push(`missing ${f.label}`);
  for (const f of item.absent ?? []) if (f.test(response)) out.push(`should not say ${f.label}`);
  if (item.noNumbers) {
    const stated = statedNumbers(response, question, knownNames);
    if (stated.length) out.push(`states numbers for a name it has no data for: ${stated.slice(0, 6).join(', ')}`);
  }
  if (item.unknown) {
    if (!item.unknown.some((u) => namePattern(u).test(response))) out.push(`does not name the unknown ${item.unknown[0]}`);
    if (!NO_DATA.test(response)) out.push('does not say it has no data for it');
  }
  if (item.rules) {
    const why = change ? item.rules(change) : 'no rule change recorded';
    if (why) out.push(why);
  }
  return out;
}
