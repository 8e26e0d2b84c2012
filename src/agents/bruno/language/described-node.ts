import { isKnownWord } from './lexicon.js';
import { kindWord } from './measures.js';
import type { Atom } from './text.js';

/** Nouns for a machine, as people name one they describe ("the spare raspberry", "the big gateway"). */
const MACHINE = /^(node|pi|raspberry|rpi|raspi|device|host|gateway|box|machine|controller|server|computer|unit)$/;
const DETERMINER = /^(the|my|our|that|this|your)$/;
/**
 * Words before a machine noun that pick one out of the fleet rather than describe a particular one
 * (which, any, the busiest, the hot one, the dead one, the first) — those are asked of the nodes the
 * store holds; a describing word the store has no name for (spare, backup, big, old, kitchen) is not.
 */
const PICKS = /^(any|all|each|every|which|what|some|one|only|same|other|whole|entire|single|hot|warm|cold|cool|busy|loaded|slow|dead|offline|online|down|up|broken|sick|unhealthy|healthy|overloaded|struggling|failing|bad|problem|stale|silent|quiet|first|second|third|fourth|fifth|last|next|main|raspberry|more|less|most|least|full|free|high|low)$/;

const SUPERLATIVE_END = /(est|ier)$/;
/** Words that end like a superlative and are not one ("the test pi", "the west node"). */
export const NOT_SUPERLATIVE = /^(test|west|east|guest|chest|nest|rest|vest|forest|contest|pest|crest|request|harvest|interest|honest|modest|protest|suggest|digest|latest)$/;

/**
 * A node described in plain words rather than named: "the spare raspberry", "the backup node",
 * "my old pi", "the big gateway" — a determiner, one or two describing words the store has no name
 * for, and a machine noun. Returned as the words to say "no data for"; undefined when there is none.
 * @example
 * describedNode(atomize(tokenize("what's the cpu of the spare raspberry")), new Set()) // 'spare raspberry'
 */
export function describedNode(atoms: Atom[], taken: Set<number>, unknownTexts: string[] = []): string | undefined {
  // An atom inside an unknown mention is free to describe a node ("the spare machine overloaded" read as one place).
  const inUnknown = (k: number) => unknownTexts.some((t) => t.split(' ').includes(atoms[k]!.text));
  const free = (k: number) => !taken.has(k) || inUnknown(k);
  for (let i = 1; i < atoms.length; i++) {
    if (!free(i) || !MACHINE.test(atoms[i]!.text)) continue;
    // "raspberry pi" is one noun.
    const head = atoms[i]!.text === 'pi' && atoms[i - 1]?.text === 'raspberry' ? i - 1 : i;
    const words: string[] = [];
    let j = head - 1;
    while (j >= 0 && words.length < 2 && free(j) && /^[a-z]{2,}$/.test(atoms[j]!.text) && !DETERMINER.test(atoms[j]!.text)) {
      words.unshift(atoms[j]!.text);
      j--;
    }
    if (!words.length || j < 0 || !free(j) || !DETERMINER.test(atoms[j]!.text)) continue;
    if (words.some((w) => PICKS.test(w) || (SUPERLATIVE_END.test(w) && !NOT_SUPERLATIVE.test(w)) || MACHINE.test(w))) continue;
    return `${words.join(' ')} ${atoms.slice(head, i + 1).map((a) => a.text).join(' ')}`;
  }
  return undefined;
}

/** The follow-up's own words: "and", "what about", "same for", then an optional preposition and article. */
const FOLLOW_LEAD = /^\s*(?:and|what about|how about|same for|same thing for|also|now)\s+(?:(?:in|at|for|on|inside|over at)\s+)?(?:the|my|our)?\s*/i;

/**
 * The place a follow-up names in words the store has no name for: "same for the atrium", "and the
 * boathouse?", "what about the pump house" — every word after the follow-up's lead unknown to the
 * vocabulary (so "and the minimum?", "what about yesterday?", "and humidity?" are not places).
 * @example
 * followUpPlace(atoms, taken, 'same for the atrium') // 'atrium'
 */
export function followUpPlace(atoms: Atom[], taken: Set<number>, text: string): string | undefined {
  const lead = FOLLOW_LEAD.exec(text);
  if (!lead) return undefined;
  const rest = atoms.filter((a) => a.start >= lead[0].length);
  if (!rest.length || rest.length > 3) return undefined;
  if (rest.some((a) => taken.has(atoms.indexOf(a)) || !/^[a-z]{3,}$/.test(a.text) || isKnownWord(a.text))) return undefined;
  if (text.slice(rest.at(-1)!.end).replace(/[\s?.!]/g, '')) return undefined;
  return rest.map((a) => a.text).join(' ');
}

/** What may stand before a terse question's name: "is", "the", "how's", "hey", "ok so". */
const LEAD_WORDS = /^(is|are|was|were|did|does|the|my|our|hey|ok|okay|so|and|quick|yo|hi|hello|please)$/;

/**
 * A name the vocabulary has no word for heading a terse question, right before its measure:
 * "atrium temp over 25c?", "the boathouse humidity", "is scullery pressure above 1000 hPa" — one
 * to three unknown words from the start (after lead words), then a measure word.
 * @example
 * leadingName(atoms, taken, measureAtoms, index.words) // 'atrium'
 */
export function leadingName(atoms: Atom[], taken: Set<number>, measureAtoms: Set<number>, storeWords: ReadonlySet<string>): string | undefined {
  // The question's start, or the start of a condition clause ("… if the scullery temp goes above …", "alert: atrium humidity …").
  const starts = [0, ...atoms.flatMap((a, k) => (CLAUSE.test(a.text) && !taken.has(k) ? [k + 1] : []))];
  for (const start of starts) {
    let i = start;
    while (i < atoms.length && LEAD_WORDS.test(atoms[i]!.text) && !taken.has(i)) i++;
    const from = i;
    while (i < atoms.length && i - from < 3 && !taken.has(i) && !measureAtoms.has(i) && /^[a-z]{3,}$/.test(atoms[i]!.text) && !isKnownWord(atoms[i]!.text) && !storeWords.has(atoms[i]!.text) && !/(ing|ed|ly)$/.test(atoms[i]!.text) && !kindWord(atoms[i]!.text)) i++;
    if (i > from && measureAtoms.has(i)) return atoms.slice(from, i).map((a) => a.text).join(' ');
  }
  return undefined;
}

/** Words after which a condition's subject starts. */
const CLAUSE = /^(if|when|whenever|once|should|unless|whether|alert|alarm)$/;
