import type { Atom } from './text.js';
import { ORDINAL_WORDS } from './text.js';
import type { CatalogIndex } from './catalog-index.js';
import { GENERIC_PLACE, PLACE_NOUNS, isKnownWord } from './lexicon.js';
import { ADJECTIVES, DETS, MODIFIERS, OTHER_NOUNS, PREPS } from './name-words.js';
import type { Mention } from './resolve.js';
import { kindWord } from './measures.js';

type Push = (from: number, to: number, m: Omit<Mention, 'start' | 'end' | 'atoms'>) => void;

/** Everyday words the parser knows otherwise that also name a place before its noun ("the day room", "the far corner"). */
export const PLACE_MODIFIERS = new Set('day night noon midday midnight dawn dusk afternoon sunrise sunset twilight weekend january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday far near rose side high long short big little small large great inner outer middle central east west winter summer spring autumn morning evening guest staff visitor'.split(' '));
/** Words that may stand before a place's head noun in its name ("north", "second", "hot", "packing"). */
const modifierWord = (w: string): boolean => MODIFIERS.has(w) || ADJECTIVES.has(w) || PLACE_MODIFIERS.has(w) || w in ORDINAL_WORDS || /^[a-z]{3,}(ing|ed)$/.test(w);
/** After these a noun phrase names a place ("for the upper corner", "about the paint shop"). */
const OPENERS = new Set([...PREPS, 'for', 'of', 'on', 'about', 'to', 'by']);

/**
 * A place the store lacks named in two words or more, wherever a noun phrase stands — after "the"
 * or a preposition, as the subject ("is the iron shop getting warmer"), after a known modifier
 * ("the third gate", "the packing shop"), or heading a terse question ("paint shop humidity").
 * Such a name is never dropped: dropped, the question would be answered with every location's
 * numbers. A run counts when it ends in a noun (a word the parser does not know, or a place noun)
 * and holds at least one word that is not generic; single words are left to the passes that
 * read them in context.
 * @example
 * // "any anomalies in the north annex today?" → unknown place "north annex"
 */
export function placePhrases(atoms: Atom[], index: CatalogIndex, taken: Set<number>, push: Push): void {
  // A measure word with a slip ("humitidy", "tmep") is that measure, never a place.
  const unknownWord = (w: string) => /^[a-z]{3,}$/.test(w) && !isKnownWord(w) && !index.words.has(w) && !kindWord(w);
  const noun = (w: string) => unknownWord(w) || PLACE_NOUNS.has(w) || OTHER_NOUNS.has(w) || GENERIC_PLACE.has(w);
  const member = (k: number, prev: number) => {
    const a = atoms[k];
    // Words of one phrase stand side by side, or inside one token ("the day-room").
    if (!a || taken.has(k) || (k > prev && a.token - atoms[prev]!.token > 1)) return false;
    return noun(a.text) || modifierWord(a.text);
  };
  for (let i = 0; i < atoms.length; i++) {
    const w = atoms[i]!.text;
    const opened = DETS.has(w) || OPENERS.has(w);
    // After punctuation a phrase starts afresh, as at the question's start ("create an alert: back tower pressure …").
    const afresh = i === 0 ? 0 : atoms[i]!.token - atoms[i - 1]!.token > 1 ? i : -1;
    const start = opened ? i + 1 : afresh;
    if (start < 0 || taken.has(start)) continue;
    let end = start - 1;
    while (member(end + 1, Math.max(start, end))) end++;
    // The head is the last noun; trailing modifiers ("the packing shop cooling") are not part of the name.
    while (end >= start && !noun(atoms[end]!.text)) end--;
    if (end - start < 1) continue;
    const words = atoms.slice(start, end + 1).map((a) => a.text);
    // "the day room", "the far area": an everyday modifier of places heading a place noun names one too.
    const named = opened && words.slice(0, -1).some((x) => PLACE_MODIFIERS.has(x)) && GENERIC_PLACE.has(words.at(-1)!);
    const specific = named || words.some((x) => unknownWord(x) || (PLACE_NOUNS.has(x) && !GENERIC_PLACE.has(x)) || OTHER_NOUNS.has(x));
    // A question's own words run together at its start ("temps today"): only a run that a measure or the end follows.
    if (!specific || (!opened && !headsQuestion(atoms, end, words))) continue;
    const placeNoun = words.some((x) => PLACE_NOUNS.has(x) || GENERIC_PLACE.has(x) || OTHER_NOUNS.has(x));
    push(start, end, { refs: [], unknown: { text: words.join(' '), like: 'place' }, confidence: placeNoun ? 0.8 : 0.6 });
    i = end;
  }
}

/**
 * A known one-word place with a word before it that no name has: "the north office", "pump office
 * humidity", "the outer office" beside an Office are places the store lacks, not the office's numbers.
 */
export function modifiedNames(mentions: Mention[], atoms: Atom[], index: CatalogIndex): Mention[] {
  const taken = new Set(mentions.flatMap((m) => m.atoms));
  const out = [...mentions];
  for (const m of mentions) {
    const i = m.atoms[0]!;
    const prev = atoms[i - 1];
    if (m.unknown || m.partial || m.group || m.atoms.length !== 1 || m.refs.length !== 1 || m.refs[0]!.type !== 'location' || !prev || taken.has(i - 1)) continue;
    if (prev.token !== atoms[i]!.token - 1 || index.words.has(prev.text) || prev.text === 'main') continue;
    const unknownWord = /^[a-z]{3,}$/.test(prev.text) && !isKnownWord(prev.text);
    if (!unknownWord && !MODIFIERS.has(prev.text) && !PLACE_MODIFIERS.has(prev.text) && !(prev.text in ORDINAL_WORDS)) continue;
    const before = atoms[i - 2]?.text;
    if (before !== undefined && !DETS.has(before) && !OPENERS.has(before)) continue;
    out.splice(out.indexOf(m), 1, { start: prev.start, end: m.end, atoms: [i - 1, i], refs: [], unknown: { text: `${prev.text} ${atoms[i]!.text}`, like: 'place' }, confidence: 0.8 });
  }
  return joinUnknownPlaces(out, atoms);
}

/** Unknown places side by side are one name: "cold storage" + "room 2" is "cold storage room 2". */
function joinUnknownPlaces(mentions: Mention[], atoms: Atom[]): Mention[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  const out: Mention[] = [];
  for (const m of sorted) {
    const last = out.at(-1);
    const next = m.atoms[0]!, end = last?.atoms.at(-1);
    if (last?.unknown?.like === 'place' && m.unknown?.like === 'place' && end !== undefined && next === end + 1 && atoms[next]!.token - atoms[end]!.token === 1) {
      out[out.length - 1] = { ...last, end: m.end, atoms: [...last.atoms, ...m.atoms], unknown: { text: `${last.unknown.text} ${m.unknown.text}`, like: 'place' }, confidence: Math.max(last.confidence, m.confidence) };
      continue;
    }
    out.push(m);
  }
  return out;
}

/** "paint shop humidity", "silver bakery temps?": an unknown name of words at the question's start, then what to measure or nothing. */
function headsQuestion(atoms: Atom[], end: number, words: string[]): boolean {
  const next = atoms[end + 1]?.text;
  return words.length >= 2 && (next === undefined || isKnownWord(next));
}
