/**
 * The token that tells siblings apart — an ordinal ("Second Floor Lab"), a number ("Unit 4"), a
 * number word, a letter ("Bay C") — decides which place is meant. A question that names the rest
 * of a real name with a different one before it ("the third floor lab", "3rd floor lab", "first
 * floor lab" when only the Second Floor Lab exists) names a place the store lacks: it must be an
 * honest unknown, never the real place's numbers.
 */
import { atomsOf } from './catalog-index.js';
import type { Mention } from './resolve.js';
import { NUMBER_WORDS, ORDINAL_WORDS, type Atom } from './text.js';

const SUFFIX = /^(st|nd|rd|th)$/;

type Designator = { value: string; from: number; ordinal?: boolean };

/** The designator ending at atom `k` before a name ("third", "3rd" as "3" + "rd", "c"), if it is one. */
function designatorAt(atoms: Atom[], k: number): Designator | undefined {
  const a = atoms[k];
  if (!a) return undefined;
  if (ORDINAL_WORDS[a.text] !== undefined) return { value: String(ORDINAL_WORDS[a.text]), from: k, ordinal: true };
  const before = atoms[k - 1];
  if (SUFFIX.test(a.text) && before && before.token === a.token && /^\d+$/.test(before.text)) return { value: String(Number(before.text)), from: k - 1, ordinal: true };
  // A plain number before a name is a quantity ("over 20 lab"), not its designator: only ordinals and letters lead one.
  // A lone letter, not the article or the pronoun.
  if (/^[b-hj-z]$/.test(a.text)) return { value: a.text, from: k };
  return undefined;
}

/** The designators of a name ("second floor lab" → 2, "bay c" → c, "2nd floor" → 2). */
function designatorsOf(name: string): string[] {
  const parts = atomsOf(name);
  const out: string[] = [];
  parts.forEach((p, k) => {
    if (ORDINAL_WORDS[p] !== undefined) out.push(String(ORDINAL_WORDS[p]));
    else if (/^\d+$/.test(p) && !SUFFIX.test(parts[k + 1] ?? '')) out.push(String(Number(p)));
    else if (SUFFIX.test(p) && /^\d+$/.test(parts[k - 1] ?? '')) out.push(String(Number(parts[k - 1])));
    else if (NUMBER_WORDS[p] !== undefined) out.push(String(NUMBER_WORDS[p]));
    else if (/^[a-z]$/.test(p) && parts.length > 1) out.push(p);
  });
  return out;
}

/**
 * Mentions read as a real place or node from part of its name, with a designator right before
 * them that the name does not have ("third" + "floor lab" of the Second Floor Lab), become
 * unknown mentions of the whole phrase ("third floor lab").
 * @example
 * siblingMisses(mentions, atoms) // [{ refs: [], unknown: { text: 'third floor lab', like: 'place' }, … }]
 */
export function siblingMisses(mentions: Mention[], atoms: Atom[]): Mention[] {
  const taken = new Set(mentions.flatMap((m) => m.atoms));
  return mentions.map((m) => {
    if (m.unknown || m.ambiguous || m.refs.length === 0 || m.refs.some((r) => r.type === 'sensor')) return m;
    const first = m.atoms[0]!;
    // "4th floor lab" read as "th floor lab" of the 5th Floor Lab: the ordinal's digits stand right before, in its token.
    const split = SUFFIX.test(atoms[first]!.text) && /^\d+$/.test(atoms[first - 1]?.text ?? '') && atoms[first - 1]!.token === atoms[first]!.token;
    const d = split ? { value: String(Number(atoms[first - 1]!.text)), from: first - 1, ordinal: true } : designatorAt(atoms, first - 1);
    if (!d || taken.has(first - 1) || (!split && atoms[first]!.token - atoms[first - 1]!.token > 1)) return m;
    // The designator the question wrote matches one of every name the mention stands for: that place.
    const named = m.refs.map((r) => designatorsOf(r.name));
    if (named.some((ds) => ds.includes(d.value))) return m;
    // A name with no designator: "the second wine cellar" says there are several (not "first", an adverb as often as an ordinal).
    if (named.some((ds) => ds.length === 0) && !(d.ordinal && Number(d.value) >= 2)) return m;
    // Words of the mention already spell the name's designator ("2nd floor lab" read whole): nothing differs.
    if (m.atoms.some((k) => { const x = designatorAt(atoms, k); return x !== undefined && named.every((ds) => ds.includes(x.value)); })) return m;
    const ids = Array.from({ length: m.atoms.at(-1)! - d.from + 1 }, (_, k) => d.from + k);
    const text = atoms.slice(d.from, m.atoms.at(-1)! + 1).map((a, k, all) => (k > 0 && all[k - 1]!.token === a.token ? a.text : ` ${a.text}`)).join('').trim();
    return { start: atoms[d.from]!.start, end: m.end, atoms: ids, refs: [], unknown: { text, like: m.refs.every((r) => r.type === 'node') ? 'node' : 'place' }, confidence: 0.85 };
  });
}
