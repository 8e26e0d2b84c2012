/**
 * The words around names: which words a name's parts may be written as (digits by value, typos,
 * short forms), the function words that frame a place ("in the …"), and the everyday words of a
 * place's name said alone ("the cold one").
 */
import type { Atom } from './text.js';
import { editDistance, typoBudget } from './text.js';
import type { CatalogIndex } from './catalog-index.js';
import { GENERIC_PLACE, PLACE_NOUNS, isKnownWord } from './lexicon.js';
import type { Mention } from './resolve.js';

/** Known words that still name a kind of room before a place noun ("server room", "cold storage"). */
export const MODIFIERS = new Set(['server', 'cold', 'living', 'engine', 'control', 'clean', 'break', 'machine', 'storage', 'data', 'main', 'back', 'front', 'upper', 'lower', 'north', 'south', 'east', 'west', 'top', 'bottom', 'first', 'second', 'third', 'new', 'old']);
/** A kind's plain adjectives (not "warmest room", which asks for a ranking). */
export const ADJECTIVES = new Set(['hot', 'warm', 'cool', 'chilly', 'freezing', 'dry', 'damp', 'humid', 'muggy', 'moist', 'wet', 'dark', 'bright', 'quiet', 'noisy']);
/** Place nouns that are also comparatives of a kind word. */
export const COMPARATIVE_NOUNS = new Set(['cooler', 'warmer', 'heater', 'drier', 'dryer']);
export const CONJ = new Set(['and', 'or', 'vs', 'versus', 'than', 'to', 'with', 'nor', 'plus']);
export const PREPS = new Set(['in', 'at', 'inside', 'within', 'near', 'from', 'around', 'across']);
export const DETS = new Set(['the', 'my', 'our', 'this', 'that', 'your', 'their']);
export const isIdAtom = (a: Atom | undefined): boolean => !!a && (a.num !== undefined && Number.isInteger(a.num) && a.num < 10_000 || /^[a-z]$/.test(a.text));

/** Atom text equality as names are written: digits by value ("03" = "3" = "three"), letters with a typo budget. */
export function same(atom: Atom, word: string, fuzzy: boolean): 0 | 1 | 2 {
  if (atom.text === word) return 2;
  if (atom.num !== undefined && /^\d+$/.test(word) && atom.num === Number(word)) return 2;
  if (fuzzy && /^[a-z]+$/.test(word) && /^[a-z]+$/.test(atom.text) && !isKnownWord(atom.text)) {
    const budget = Math.min(typoBudget(word), typoBudget(atom.text));
    if (budget > 0 && editDistance(atom.text, word, budget) <= budget) return 1;
    // The start of a compound name: "roof" for "rooftop", "boiler" for "boilerhouse".
    if (atom.text.length >= 4 && word.length > atom.text.length && word.startsWith(atom.text)) return 1;
  }
  return 0;
}

/**
 * A word of a name of several words written short or with a slip, beside another word of that
 * name written exactly: "cold rm", "svr rack", "cold rooom", "colde room". Same first letter,
 * never a word the parser knows ("cool room" is not the cold room) and never an id.
 */
export function loose(atom: Atom, word: string): boolean {
  const a = atom.text;
  if (!/^[a-z]{2,}$/.test(a) || !/^[a-z]{3,}$/.test(word) || a[0] !== word[0] || isKnownWord(a)) return false;
  if (a.length >= 3 && Math.max(a.length, word.length) >= 4 && editDistance(a, word, 1) <= 1) return true;
  if (a.length >= word.length) return false;
  let k = 0;
  for (const c of word) if (c === a[k]) k++;
  return k === a.length && (!/[aeiou]/.test(a.slice(1)) || (a.length >= 3 && word.startsWith(a)));
}

/**
 * One everyday word of a place's name, said where a place stands: "the cold one", "in the cold"
 * (cold-room) — that place when only one name has the word, a question of which when several do.
 * Followed by a noun of its own it is another place the store lacks: "in the cold storage".
 */
export function wordOfPlace(atoms: Atom[], index: CatalogIndex, taken: Set<number>, push: (f: number, t: number, m: Omit<Mention, 'start' | 'end' | 'atoms'>) => void): void {
  for (let i = 0; i < atoms.length; i++) {
    const locs = index.locationWords.get(atoms[i]!.text);
    if (!locs || taken.has(i)) continue;
    const next = atoms[i + 1];
    const free = next && !taken.has(i + 1) && next.token - atoms[i]!.token <= 1;
    const prev = atoms[i - 1]?.text ?? '', prev2 = atoms[i - 2]?.text ?? '';
    const placed = PREPS.has(prev) || (DETS.has(prev) && PREPS.has(prev2));
    const resolved = (to: number) => push(i, to, locs.length === 1 ? { refs: [{ type: 'location', name: locs[0]! }], confidence: 0.7 }
      : { refs: [], ambiguous: { text: atoms.slice(i, to + 1).map((a) => a.text).join(' '), candidates: locs }, confidence: 0.7 });
    if (free && /^(one|ones)$/.test(next.text) && (DETS.has(prev) || placed)) { resolved(i + 1); i++; continue; }
    const noun = free && (placed ? otherNoun(next.text, true) : otherNoun(next.text, false));
    if (!placed && !noun) continue;
    if (noun) { push(i, i + 1, { refs: [], unknown: { text: `${atoms[i]!.text} ${next.text}`, like: 'place' }, confidence: 0.8 }); i++; continue; }
    resolved(i);
  }
}

/** A noun that, after a word of a place's name, makes another place: "cold storage", "boiler shed" (with generic words: "cold area"). */
export function otherNoun(w: string, generic: boolean): boolean {
  return /^[a-z]{3,}$/.test(w) && ((PLACE_NOUNS.has(w) && (generic || !GENERIC_PLACE.has(w))) || (generic && GENERIC_PLACE.has(w)) || !isKnownWord(w) || OTHER_NOUNS.has(w));
}
export const OTHER_NOUNS = new Set(['storage', 'store', 'unit', 'side', 'end', 'section', 'corner', 'wing', 'annex']);
export const atomsOfName = (name: string): string[] => name.toLowerCase().split(/[^a-z0-9]+/);

/** Words after which a lone "a" is the article ("is the node a problem", "warehouse a bit warm"). */
export const ARTICLE_NOUNS = new Set(['problem', 'bit', 'lot', 'good', 'bad', 'concern', 'issue', 'risk', 'little', 'few', 'trend', 'spike', 'reason']);

/** Words that may follow a name's id letter but never the pronoun "i" or the article "a". */
export const ID_ENDERS = new Set(['as', 'in', 'on', 'at', 'for', 'from', 'to', 'into', 'since', 'during', 'over', 'between', 'vs', 'versus', 'than', 'right', 'now', 'today', 'yesterday']);

/** A lone "a" or "i" that is an article or a pronoun, not an id: followed by a word we do not read as part of the question. */
export function articleAt(atoms: Atom[], k: number, taken: Set<number>): boolean {
  const a = atoms[k];
  const next = atoms[k + 1];
  if (!a || !/^(a|i)$/.test(a.text) || !next || taken.has(k + 1) || !/^[a-z]{2,}$/.test(next.text) || CONJ.has(next.text)) return false;
  // "warehouse i as csv", "warehouse a for today": a preposition after the letter ends the name, so the letter is its id
  if (ID_ENDERS.has(next.text)) return false;
  return ARTICLE_NOUNS.has(next.text) || (a.text === 'i' && /^(think|need|want|mean|see|guess)$/.test(next.text)) || !isKnownWord(next.text);
}

/** Tokens with digits that are units, times, measures or ids of other things ("24h", "2pm", "co2", "pm2.5"). */
export function isNotAName(text: string): boolean {
  return /^\d+(\.\d+)?(ms|s|sec|secs|m|min|mins|h|hr|hrs|d|w|am|pm|th|st|nd|rd|x|k|c|f|hpa|kpa|mb|mbar|pct|percent|deg|degc|degf|degs|degrees|lux|lx|ppm|inhg|mmhg|celsius|fahrenheit|kelvin)$/.test(text)
    || /^(co2|pm2\.5|pm25|pm10|o2|o3|no2|h2s|ch4|ipv4|ipv6|24x7|mp4|h264|3d|2d|4k|p50|p95|p99)$/.test(text)
    || /^\d{1,2}:\d{2}/.test(text) || /^[0-9a-f]{8}$/.test(text) && /\d/.test(text) && /[a-f]/.test(text)
    || /^\d{4}-\d{2}-\d{2}/.test(text) || /^-?\d/.test(text) && !/[a-z]{2,}/.test(text);
}

export const UNIT_AFTER = /^(degrees?|degs?|deg|°[cfk]|c|f|celsius|fahrenheit|kelvin|percent|pct|%|hpa|kpa|inhg|mmhg|mbar|mb|millibars?|lux|lx)$/;
/** Short function words a slip of which ("teh", "hte", "fo", "ni") stands before a name. */
const FUNCTION_WORDS = ['the', 'in', 'at', 'of', 'on', 'my', 'our', 'this', 'that', 'for', 'from', 'inside'];
export function functionSlip(w: string): boolean {
  return w.length <= 6 && FUNCTION_WORDS.some((f) => Math.abs(f.length - w.length) <= 1 && editDistance(w, f, 1) <= 1);
}

export function afterConj(atoms: Atom[], i: number, mentions: Mention[]): boolean {
  const prev = atoms[i - 1];
  if (!prev || !CONJ.has(prev.text)) return false;
  return mentions.some((m) => m.atoms.includes(i - 2));
}

/** Words after which the next one is a verb, not a place: "do you store", "we log", "to store", "which nodes store readings". */
const VERB_SLOT = new Set(['i', 'you', 'we', 'they', 'he', 'she', 'who', 'to', "don't", "didn't", "doesn't", 'never', 'nodes', 'sensors', 'pis', 'devices', 'probes', 'gateways', 'hosts']);
/** `a` is `w` inflected — a verb form or a plural ("stored", "storing", "stores" of "store"), another word than the name's. */
function inflected(a: string, w: string): boolean {
  if (a === w || !a.startsWith(w.replace(/e$/, ''))) return false;
  const stem = w.replace(/e$/, '');
  return [`${w}s`, `${w}es`, `${w}d`, `${w}ed`, `${w}ing`, `${w}er`, `${w}ers`, `${stem}ing`, `${stem}ed`, `${stem}er`, `${stem}ers`, `${w}${w.at(-1)}ed`, `${w}${w.at(-1)}ing`].includes(a)
    || (w.endsWith('y') && [`${w.slice(0, -1)}ies`, `${w.slice(0, -1)}ied`].includes(a));
}

/**
 * One word of a longer place name, used in the question as a word of its own grammar — a verb or
 * its inflection ("how many sensors are stored", "do you store humidity", "what have we logged")
 * beside a Store Room or a Log Cabin — is not that place. Judged for one-word forms only: a
 * shorter form of a longer name, or a one-word name matched by its start ("store" of Storeroom);
 * a preposition or article before it ("in the store", "the stores") keeps it a name.
 */
export function grammaticalUse(atoms: Atom[], i: number, alias: { atoms: string[]; partial: boolean; refs: { name: string }[] }): boolean {
  if (alias.atoms.length !== 1) return false;
  const a = atoms[i]!.text, w = alias.atoms[0]!;
  const prev = atoms[i - 1]?.text ?? '', prev2 = atoms[i - 2]?.text ?? '';
  // "in that store" is an article; "every node that stores data" a relative pronoun.
  const article = DETS.has(prev) && (prev !== 'that' || PREPS.has(prev2));
  if (PREPS.has(prev) || article || /^(of|on|for|by)$/.test(prev)) return false;
  // "stores" read as the start of "storeshed" (Store Shed written as one word) is "store" inflected all the same.
  if (inflected(a, w) || (a !== w && alias.refs.some((r) => atomsOfName(r.name).some((x) => inflected(a, x))))) return true;
  return VERB_SLOT.has(prev) && (alias.partial || (a !== w && w.startsWith(a)));
}
