import type { CatalogIndex } from './catalog-index.js';
import { GENERIC_PLACE, PLACE_NOUNS, isKnownWord } from './lexicon.js';
import { OTHER_NOUNS } from './name-words.js';
import type { Atom, Token } from './text.js';
import { kindWord } from './measures.js';

/** Words of the clock and the calendar that also begin names ("the Night Store", "Dayroom 2", "noon court", "March Yard", "Sunday Hall"). */
const TIME_WORD = /^(night|nights|day|days|morning|mornings|noon|midday|midnight|evening|evenings|afternoon|dawn|dusk|sunrise|sunset|twilight|weekend|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|winter)$/;
/** Words before a time word that make it the time ("this morning", "last night", "every day", "good morning"). */
const TIME_LEAD = /^(this|last|past|previous|next|yesterday|today|tomorrow|tonight|every|each|per|all|whole|entire|same|other|one|a|an|good|mid|late|early|by|during|overnight|over|throughout|until|till|since|from|to|of|\d+|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
/** Nouns after a time word that still speak of the time ("night shift", "morning peak", "day average"). */
const TIME_NOUN = /^(shift|shifts|rush|time|times|hours?|period|periods|session|cycle|window|crew|watch|mode|schedule|readings?|average|avg|mean|peak|low|high|max|min|temps?|temperatures?|humidity|pressure|values?|data|trend|stats|before|after|ago|or|and|to|vs)$/;
/** The other half of a hyphenated time word that is a time ("mid-morning", "all-day", "day-to-day", "late-night"). */
const TIME_PART = /^(mid|late|early|all|over|to|by|per|half|full|same|next|every|week|work|school|\d+)$/;
const placeNoun = (w: string, storeWords: ReadonlySet<string>): boolean =>
  PLACE_NOUNS.has(w) || GENERIC_PLACE.has(w) || OTHER_NOUNS.has(w) || storeWords.has(w) || (/^[a-z]{3,}$/.test(w) && !isKnownWord(w));

/**
 * Where a word of the clock begins a name, not a time: a name the store holds ("Night Store",
 * "Day Room"), a hyphenated token ("night-store", "dayroom-2"), or a time word heading a noun the
 * sentence puts where a place stands ("the night store", "in noon court", "morning dock humidity").
 * The time parser never reads these spans, so "night" there is never last night's window — and a
 * name the store lacks is left for the name passes to call unknown, never answered for everywhere.
 * A time word led by a time word ("last night", "this morning", "every day") or followed by a noun
 * of time ("night shift", "morning peak"), or before a name the store holds ("in the morning
 * warehouse a was colder"), stays a time.
 * @example
 * timeWordNames(atoms, tokens, index) // [[26, 37]] for "what's the temperature in the night store"
 */
export function timeWordNames(atoms: Atom[], tokens: Token[], index: CatalogIndex): [number, number][] {
  const spans: [number, number][] = [];
  const inSpan = (k: number) => spans.some(([s, e]) => atoms[k]!.start >= s && atoms[k]!.end <= e);
  // 1. Names the store holds that carry a time word or a number ("Night Store", "Loading Bay 3", "pi 3"),
  // spelled as the store spells them: "bay 3 this morning" is never 03:00, "march yard" never March 1st.
  for (let i = 0; i < atoms.length; i++) {
    for (const alias of index.byFirst.get(atoms[i]!.text) ?? []) {
      if (!clockish(alias.atoms)) continue;
      const run = atoms.slice(i, i + alias.atoms.length);
      if (run.length === alias.atoms.length && run.every((a, k) => a.text === alias.atoms[k] || (a.num !== undefined && String(a.num) === alias.atoms[k])) && run.every((a, k) => k === 0 || a.token - run[k - 1]!.token <= 1)) {
        spans.push([run[0]!.start, run.at(-1)!.end]);
      }
    }
  }
  // 2. One token joining a time word to another word: "night-store", "day_room", "morning-dock-2".
  for (const t of tokens) {
    const parts = atoms.filter((a) => a.token === t.index);
    if (parts.length < 2 || !parts.some((a) => TIME_WORD.test(a.text)) || parts.some((a) => TIME_PART.test(a.text))) continue;
    if (parts.every((a) => TIME_WORD.test(a.text) || a.num !== undefined)) continue;
    spans.push([t.start, t.end]);
  }
  // 3. A time word heading a noun where a place stands: "the night store", "in noon court", "morning dock humidity".
  for (let i = 0; i + 1 < atoms.length; i++) {
    const a = atoms[i]!, next = atoms[i + 1]!;
    if (!TIME_WORD.test(a.text) || inSpan(i) || next.token - a.token !== 1 || TIME_NOUN.test(next.text) || TIME_WORD.test(next.text)) continue;
    const prev = atoms[i - 1];
    if (prev && prev.token === a.token - 1 && TIME_LEAD.test(prev.text)) continue;
    if (!placeNoun(next.text, index.words) || kindWord(next.text)) continue;
    // "in the morning warehouse a was colder": a name the store holds starts right after — the time word is the time.
    if (index.byFirst.get(next.text)?.some((x) => !x.partial && x.atoms.every((w, k) => atoms[i + 1 + k]?.text === w || String(atoms[i + 1 + k]?.num) === w))) continue;
    let end = i + 1;
    while (atoms[end + 1] && atoms[end + 1]!.token - atoms[end]!.token === 1 && (PLACE_NOUNS.has(atoms[end + 1]!.text) || OTHER_NOUNS.has(atoms[end + 1]!.text) || atoms[end + 1]!.num !== undefined && /^\d+$/.test(atoms[end + 1]!.text))) end++;
    spans.push([a.start, atoms[end]!.end]);
    i = end;
  }
  return spans;
}

/** A name a time reading could eat: a word with a time word or a number in it ("night store", "bay 3"). */
const clockish = (atoms: string[]): boolean => atoms.some((a) => /[a-z]/.test(a)) && atoms.some((a) => TIME_WORD.test(a) || /^\d+$/.test(a));

/**
 * The text with the spans covered (same length, so every position still points at the question) by
 * a mark no time pattern reads or steps over: spaces would let "for ___ last 4h" join "for" to the window.
 */
export function blankSpans(text: string, spans: [number, number][]): string {
  let out = text;
  for (const [s, e] of spans) out = out.slice(0, s) + '#'.repeat(e - s) + out.slice(e);
  return out;
}
