import type { Atom } from './text.js';
import { editDistance } from './text.js';
import { atomsOf, type CatalogIndex } from './catalog-index.js';
import { GENERIC_PLACE, PLACE_NOUNS, isKnownWord, knownWords } from './lexicon.js';
import type { Mention } from './resolve.js';

/** Nouns that make a word before them a place of its own ("cold storage", "chiller unit", "wine bar"). */
const PLACE_ISH = new Set([...PLACE_NOUNS, ...GENERIC_PLACE, ...'storage unit units box chamber store bar dock wing closet cupboard locker container compartment cave pod hut cage bin fridge tank vault corner side-room pit hold'.split(' ')]);
const PREP_OR_DET = /^(in|at|inside|within|near|from|around|across|for|of|on|the|my|our|this|that)$/;
/** Words before or after which a lone unknown word stands where a node's name would. */
const NODE_PREP = /^(on|of|for|from|about|does|did|has|do|with|by)$/;
const NODE_STATE = /^(online|offline|up|down|alive|dead|reachable|unreachable|reporting|responding|healthy|unhealthy|connected|disconnected)$/;
/** A question about a node's own state: vitals, processes, liveness. */
const NODE_CONTEXT = /\b(cpu|cpus|processor|load|memory|mem|ram|disk|disks|storage|sd|space|soc|chip|process|processes|hog|hogging|online|offline|alive|reachable|unreachable|responding|heard|hear|seen|reporting|uptime|health|healthy|unhealthy|throttl\w*|overheat\w*|running|busy|sensors?|probes?)\b/;

const wordy = (w: string): boolean => /^[a-z]{3,}$/.test(w);
/** A word one edit from an everyday word is that word mistyped ("teh", "waht", "abuot"), not a name. */
function nearKnown(w: string): boolean {
  if (w.length < 3) return true;
  for (const s of knownWords()) if (Math.abs(s.length - w.length) <= 1 && s.length >= 3 && editDistance(s, w, 1) <= 1) return true;
  return false;
}

/**
 * Names the first pass read as a real place or skipped, that are really places or nodes the store
 * lacks — never dropped, never answered with someone else's numbers:
 * - a real place's word followed by a different place noun: "chiller unit" (Chiller Room 2),
 *   "cold storage" / "the cold box" (cold-room), "wine bar" (Wine Cellar);
 * - a lone unknown word where a node stands in a question about a node's state: "top processes
 *   on zeus", "is zeus online", "cpu of athena".
 * @example
 * nearNames(findMentions(atoms, tokens, index, masked), atoms, index, 'what was the max in cold storage yesterday')
 * // [..., { unknown: { text: 'cold storage', like: 'place' } }]
 */
export function nearNames(mentions: Mention[], atoms: Atom[], index: CatalogIndex, lower: string): Mention[] {
  const out = [...mentions];
  const taken = new Set(out.flatMap((m) => m.atoms));
  const adjacent = (i: number) => atoms[i + 1] && atoms[i + 1]!.token - atoms[i]!.token === 1 && !taken.has(i + 1);
  const unknown = (from: number, to: number, like: 'place' | 'node', replace?: Mention) => {
    if (replace) out.splice(out.indexOf(replace), 1);
    const ids = Array.from({ length: to - from + 1 }, (_, k) => from + k);
    ids.forEach((k) => taken.add(k));
    out.push({ start: atoms[from]!.start, end: atoms[to]!.end, atoms: ids, refs: [], unknown: { text: atoms.slice(from, to + 1).map((a) => a.text).join(' '), like }, confidence: 0.85 });
  };
  const placeNoun = (w: string, name: string) => !atomsOf(name).includes(w) && (PLACE_ISH.has(w) || (wordy(w) && !isKnownWord(w) && !index.words.has(w) && !nearKnown(w)));
  // A partial name ("chiller" of Chiller Room 2) followed by a place noun its name lacks.
  for (const m of mentions) {
    const last = m.atoms.at(-1)!;
    if (!m.partial || m.unknown || m.refs.length !== 1 || m.refs[0]!.type !== 'location') continue;
    // The noun may already be an unknown place of its own ("chiller closet": "closet").
    const noun = out.find((x) => x.unknown && x.atoms.length === 1 && x.atoms[0] === last + 1);
    if (!noun && !adjacent(last)) continue;
    if (noun && atoms[last + 1]!.token - atoms[last]!.token !== 1) continue;
    if (!placeNoun(atoms[last + 1]!.text, m.refs[0]!.name)) continue;
    if (noun) out.splice(out.indexOf(noun), 1);
    unknown(m.atoms[0]!, last + 1, 'place', m);
  }
  // A multi-word place's first word, an everyday word of its own ("cold" of cold-room), then another noun.
  const firsts = new Map<string, string>();
  for (const name of index.catalog.locations) { const a = atomsOf(name).filter((x) => /^[a-z]+$/.test(x)); if (a.length >= 2) firsts.set(a[0]!, name); }
  for (let i = 1; i < atoms.length; i++) {
    const name = firsts.get(atoms[i]!.text);
    if (!name || taken.has(i) || !adjacent(i) || !PREP_OR_DET.test(atoms[i - 1]!.text)) continue;
    if (placeNoun(atoms[i + 1]!.text, name) && !(atoms[i + 2] && PLACE_ISH.has(atoms[i + 2]!.text))) unknown(i, i + 1, 'place');
  }
  // A lone unknown word where a node stands: "on zeus", "zeus online", "zeus's cpu".
  const nodeContext = NODE_CONTEXT.test(lower);
  for (let i = 0; i < atoms.length; i++) {
    const w = atoms[i]!.text;
    if (taken.has(i) || !wordy(w) || isKnownWord(w) || index.words.has(w) || nearKnown(w) || PLACE_ISH.has(w)) continue;
    const before = atoms[i - 1]?.text ?? '', after = atoms[i + 1]?.text ?? '';
    const det = /^(the|my|our)$/.test(before) ? atoms[i - 2]?.text ?? '' : before;
    // "is zeus up?" says it is about a node whatever else the question holds.
    const goes = /^(goes|go|went|gets|is|was|has|stops|stopped|becomes)$/.test(after) && /^(online|offline|down|up|silent|quiet|dark|unhealthy|unreachable|missing|reporting|stale)$/.test(atoms[i + 2]?.text ?? '');
    const isState = /^(is|are|was)$/.test(before) && /^(running|working|overheating|throttling|busy|slow|ok|okay|fine|hot|healthy|alive)$/.test(after);
    if ((nodeContext && (NODE_PREP.test(det) || NODE_STATE.test(after))) || det === 'on' || isState || (/^(is|are)$/.test(before) && NODE_STATE.test(after)) || goes) unknown(i, i, 'node');
  }
  return out.sort((a, b) => a.start - b.start);
}
