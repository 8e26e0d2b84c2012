import type { Atom, Token } from './text.js';
import { ADJECTIVES, COMPARATIVE_NOUNS, CONJ, DETS, MODIFIERS, PREPS, UNIT_AFTER, afterConj, articleAt, atomsOfName, grammaticalUse, functionSlip, isIdAtom, isNotAName, otherNoun, same, loose, wordOfPlace } from './name-words.js';
import type { Alias, CatalogIndex, EntityRef } from './catalog-index.js';
import { GENERIC_PLACE, NODE_HEADS, PLACE_NOUNS, SENSOR_HEADS, isKnownWord } from './lexicon.js';
import type { Scope, UnknownMention } from './plan.js';
import { PLACE_MODIFIERS, modifiedNames, placePhrases } from './place-phrases.js';
import { kindWord } from './measures.js';

/** A stretch of the question that names something (or tried to). */
export interface Mention {
  start: number;
  end: number;
  /** Atom indexes covered. */
  atoms: number[];
  refs: EntityRef[];
  group?: string;
  unknown?: UnknownMention;
  /** 0..1: exact spelling 1, typos and partial forms less. */
  confidence: number;
  /** A word several places share, said of one ("the warehouse"): the answer asks which. */
  ambiguous?: { text: string; candidates: string[] };
  /** Matched by a shorter form of the name ("chiller" of Chiller Room 2). */
  partial?: boolean;
}


function matchAt(atoms: Atom[], i: number, alias: Alias, taken: Set<number>): number {
  let score = 0;
  let exact = 0, slips = 0;
  for (let k = 0; k < alias.atoms.length; k++) {
    const a = atoms[i + k];
    if (!a || taken.has(i + k)) return 0;
    // Atoms of one name stay within adjacent tokens: "pi" and "3" of "pi 3", not across a sentence.
    if (k > 0 && a.token - atoms[i + k - 1]!.token > 1) return 0;
    let s = same(a, alias.atoms[k]!, true);
    if (!s && alias.atoms.length >= 2 && loose(a, alias.atoms[k]!)) { s = 1; slips++; }
    if (!s) return 0;
    if (s === 2) exact++;
    score += s;
  }
  if (slips && (exact === 0 || slips > 1)) return 0;
  return score / (2 * alias.atoms.length);
}

/**
 * Finds the names a question uses and resolves them against the store's catalog: full names in any
 * spelling, heads with ids ("pi 3", "warehouse b", "node three"), groups ("the warehouse"), lists
 * that share a head ("warehouse a and b"), typos. What looks like a name but matches nothing —
 * a head with an unknown id ("warehouse d", "node 12"), a node-like token ("pi-node-9"), a place
 * noun ("the garage"), an unknown word where a place stands ("in Narnia") — is kept as unknown.
 * @example
 * findMentions(atoms, tokens, index, masked) // [{ refs: [{ type: 'location', name: 'warehouse-b' }], … }]
 */
export function findMentions(atoms: Atom[], tokens: Token[], index: CatalogIndex, masked: Set<number>): Mention[] {
  const mentions: Mention[] = [];
  const taken = new Set<number>(masked);
  const push = (from: number, to: number, m: Omit<Mention, 'start' | 'end' | 'atoms'>) => {
    const ids = Array.from({ length: to - from + 1 }, (_, k) => from + k);
    ids.forEach((k) => taken.add(k));
    mentions.push({ start: atoms[from]!.start, end: atoms[to]!.end, atoms: ids, ...m });
  };
  // "warehouse b 30 degrees", "pi 5 90%": a number with a unit after it is a quantity, never a name's id.
  const quantity = (k: number): boolean => {
    const a = atoms[k];
    if (a?.num === undefined || !/^\d/.test(a.text)) return false;
    const next = tokens[a.token + 1]?.text ?? '';
    return UNIT_AFTER.test(next) && tokens[a.token]!.text === a.text;
  };
  // 1. Known names, longest and best-spelled first at each position.
  for (let i = 0; i < atoms.length; i++) {
    if (taken.has(i)) continue;
    let best: { alias: Alias; score: number } | undefined;
    for (const alias of candidates(atoms[i]!, index)) {
      const s = matchAt(atoms, i, alias, taken);
      if (!s || grammaticalUse(atoms, i, alias)) continue;
      // More of the question covered wins over a better-spelled shorter form: "loading roomm" is the Loading Room, not "loading" + a stray word.
      const rank = s * 10 + alias.atoms.length * 3 - (alias.partial ? 0.5 : 0);
      if (!best || rank > best.score) best = { alias, score: rank };
    }
    // A compound name written in two words: "boiler house" for "Boilerhouse".
    const after = atoms[i + 1];
    const joined = after && !taken.has(i + 1) && /^[a-z]+$/.test(atoms[i]!.text + after.text) && after.token - atoms[i]!.token === 1 ? index.byFirst.get(atoms[i]!.text + after.text)?.find((a) => a.atoms.length === 1 && !a.partial) : undefined;
    if (joined && (!best || best.score < 10)) {
      push(i, i + 1, { refs: joined.refs, confidence: 0.9 });
      i++;
      continue;
    }
    if (!best) continue;
    const to = i + best.alias.atoms.length - 1;
    const next = atoms[to + 1];
    // A name of words alone, then a number: "chiller room 3", "wine cellar 2" — a sibling the store lacks.
    // "the packing one": "one" stands for the place, it is not an id.
    // "the lab one" beside a Lab 2 is Lab 1: after a name's whole head, "one" is its number.
    const headOf = (n: string) => { const p = atomsOfName(n); return /^\d+$/.test(p.at(-1) ?? '') ? p.slice(0, -1).join(' ') : undefined; };
    if (next?.text === 'one' && !taken.has(to + 1) && DETS.has(atoms[i - 1]?.text ?? '') && best.alias.refs.every((r) => r.type === 'location' && headOf(r.name) !== best!.alias.atoms.join(' '))) {
      push(i, to + 1, { refs: best.alias.refs, ...(best.alias.group ? { group: best.alias.group } : {}), confidence: 0.8 });
      i = to + 1;
      continue;
    }
    // "the boiler storage" beside a Boiler Room: a place the store lacks, not the boiler room's numbers.
    if (best.alias.partial && best.alias.atoms.length === 1 && best.alias.refs.every((r) => r.type === 'location') && next && !taken.has(to + 1) && next.token - atoms[to]!.token <= 1
      && otherNoun(next.text, false) && !best.alias.refs.some((r) => atomsOfName(r.name).includes(next.text))) {
      push(i, to + 1, { refs: [], unknown: { text: `${atoms[i]!.text} ${next.text}`, like: 'place' }, confidence: 0.8 });
      i = to + 1;
      continue;
    }
    const shortForm = best.alias.group || (best.alias.atoms.every((a) => /^[a-z]+$/.test(a)) && (best.alias.partial || best.alias.refs.every((r) => r.type === 'location')));
    if (shortForm && isIdAtom(next) && next!.token - atoms[to]!.token <= 1 && !taken.has(to + 1) && !articleAt(atoms, to + 1, taken) && !quantity(to + 1)) {
      // "warehouse d", "chiller room 3": a name's head with an id none of the names has.
      push(i, to + 1, { refs: [], unknown: { text: `${atoms.slice(i, to + 1).map((a) => a.text).join(' ')} ${next!.text}`, like: best.alias.refs[0]?.type === 'node' ? 'node' : 'place' }, confidence: 0.9 });
      i = to + 1;
      continue;
    }
    const prev = atoms[i - 1];
    // "the cool dock" beside a Cold Dock: a modifier the name lacks makes another place.
    if (best.alias.partial && best.alias.atoms.length === 1 && !best.alias.group && best.alias.refs.every((r) => r.type === 'location') && prev && !taken.has(i - 1) && prev.token === atoms[i]!.token - 1
      && (ADJECTIVES.has(prev.text) || MODIFIERS.has(prev.text) || PLACE_MODIFIERS.has(prev.text)) && !best.alias.refs.some((r) => atomsOfName(r.name).includes(prev.text))) {
      mentions.push({ start: prev.start, end: atoms[to]!.end, atoms: [i - 1, i], refs: [], unknown: { text: `${prev.text} ${atoms[i]!.text}`, like: 'place' }, confidence: 0.8 });
      taken.add(i - 1); taken.add(i);
      continue;
    }
    if ((best.alias.ambiguous || best.alias.group) && prev && !taken.has(i - 1) && prev.token === atoms[i]!.token - 1 && /^[a-z]{3,}$/.test(prev.text) && (!isKnownWord(prev.text) || ADJECTIVES.has(prev.text) || MODIFIERS.has(prev.text) && prev.text !== 'top') && !index.words.has(prev.text) && !PLURAL_DETS.has(prev.text)) {
      // "east warehouse" beside a North and a South Warehouse: a place of that sort the store lacks.
      mentions.push({ start: prev.start, end: atoms[to]!.end, atoms: [i - 1, ...Array.from({ length: to - i + 1 }, (_, k) => i + k)], refs: [], unknown: { text: `${prev.text} ${atoms.slice(i, to + 1).map((a) => a.text).join(' ')}`, like: 'place' }, confidence: 0.8 });
      for (let k = i - 1; k <= to; k++) taken.add(k);
      i = to;
      continue;
    }
    if (best.alias.ambiguous && !pluralAt(atoms, i, best.alias)) {
      const text = atoms.slice(i, to + 1).map((a) => a.text).join(' ');
      push(i, to, { refs: [], ambiguous: { text, candidates: best.alias.refs.map((r) => r.name) }, confidence: 0.9 });
      i = to;
      continue;
    }
    push(i, to, { refs: best.alias.refs, ...(best.alias.group ? { group: best.alias.group } : {}), ...(best.alias.partial ? { partial: true } : {}), confidence: Math.min(1, best.score / 10) });
    i = continueList(atoms, to, best.alias, index, taken, push, quantity);
  }
  wordOfPlace(atoms, index, taken, push);
  // 3. Tokens shaped like a node or sensor name ("pi-node-9", "rpi7", "sht31"), or naming a place head.
  for (const t of tokens) {
    const ids = atoms.map((a, k) => (a.token === t.index ? k : -1)).filter((k) => k >= 0);
    if (ids.length < 2 || ids.some((k) => taken.has(k))) continue;
    if (!/[a-z]/.test(t.text) || isNotAName(t.text)) continue;
    const parts = ids.map((k) => atoms[k]!.text);
    const like = parts.some((p) => SENSOR_HEADS.has(p)) ? 'sensor' : parts.some((p) => NODE_HEADS.has(p) || index.heads.get(p)?.some((r) => r.type === 'node')) ? 'node'
      : parts.some((p) => PLACE_NOUNS.has(p) || index.heads.get(p)?.some((r) => r.type === 'location')) ? 'place' : 'node';
    if (!/\d/.test(t.text) && !/[-_.]/.test(t.text)) continue;
    if (!/\d/.test(t.text) && parts.every((p) => isKnownWord(p) || GENERIC_PLACE.has(p))) continue;
    push(ids[0]!, ids.at(-1)!, { refs: [], unknown: { text: t.text, like }, confidence: 0.8 });
  }
  // 2. Heads with an id that named nothing: "warehouse d", "node 12", "room 3", "sensor 7".
  for (let i = 0; i + 1 < atoms.length; i++) {
    if (taken.has(i) || taken.has(i + 1)) continue;
    const head = atoms[i]!.text;
    const like = headKind(head, index);
    if (!like || !isIdAtom(atoms[i + 1]) || atoms[i + 1]!.token - atoms[i]!.token > 1 || quantity(i + 1)) continue;
    if (articleAt(atoms, i + 1, taken)) continue;
    push(i, i + 1, { refs: [], unknown: { text: `${head} ${atoms[i + 1]!.text}`, like }, confidence: 0.9 });
  }
  placePhrases(atoms, index, taken, push);
  // 4. Place nouns the store lacks ("the garage", "server room"), and unknown words where a place stands.
  for (let i = 0; i < atoms.length; i++) {
    if (taken.has(i)) continue;
    const w = atoms[i]!.text;
    const prev = atoms[i - 1];
    const afterPrep = prev && !taken.has(i - 1) && (PREPS.has(prev.text) || (DETS.has(prev.text) && atoms[i - 2] && PREPS.has(atoms[i - 2]!.text)));
    // A capital after a comma or an opener that takes an object ("Yo, Gimme the …", "Hey bruno, Fetch me …") is a verb starting a
    // sentence, not a name ("which is warmer, Zorzor or …" and "alert: Zorzor 30 degrees" are names).
    const verbAtStart = !!prev && (atoms[i]!.token - prev.token > 1 || OPENERS.test(prev.text)) && OBJECTS.test(atoms[i + 1]?.text ?? '');
    const proper = /^[A-Z]/.test(tokens[atoms[i]!.token]!.raw) && atoms[i]!.token > 0 && !isKnownWord(w) && !verbAtStart;
    // "getting any cooler" is not a place; "the cooler" is.
    const placeNoun = PLACE_NOUNS.has(w) && !GENERIC_PLACE.has(w) && (!COMPARATIVE_NOUNS.has(w) || (!!prev && (DETS.has(prev.text) || PREPS.has(prev.text))));
    // Verb forms ("storing", "heated") are not names; generic place words are handled below.
    const unknownWord = (/^[a-z]{3,}$/.test(w) || (/^[a-z]{2}$/.test(w) && !!prev && (DETS.has(prev.text) || (PREPS.has(prev.text) && !/[aeiouy]/.test(w))))) && !/(ing|ed)$/.test(w) && !isKnownWord(w) && !index.words.has(w) && !GENERIC_PLACE.has(w) && !kindWord(w);
    // "how cold is morningside": the subject a measure is asked of.
    const subject = !!prev && /^(is|are|was|were)$/.test(prev.text) && atoms[i - 3]?.text === 'how' && !taken.has(i - 2);
    if (!placeNoun && !(unknownWord && (afterPrep || proper || subject || afterConj(atoms, i, mentions)))) continue;
    // "in teh warehouse-b": a slip of "the" before a name the store holds is that article, not a place.
    if (!placeNoun && functionSlip(w) && mentions.some((m) => m.atoms[0] === i + 1 && m.refs.length > 0)) continue;
    // Take the whole noun phrase: unknown modifiers before, a place noun or id after.
    let from = i, to = i;
    while (from > 0 && !taken.has(from - 1) && /^[a-z]{3,}$/.test(atoms[from - 1]!.text) && !isKnownWord(atoms[from - 1]!.text) && atoms[from - 1]!.token === atoms[from]!.token - 1) from--;
    while (to + 1 < atoms.length && !taken.has(to + 1) && !quantity(to + 1) && atoms[to + 1]!.token - atoms[to]!.token <= 1 && (PLACE_NOUNS.has(atoms[to + 1]!.text) || isIdAtom(atoms[to + 1]) && !/^(a|i)$/.test(atoms[to + 1]!.text) || (/^[a-z]{3,}$/.test(atoms[to + 1]!.text) && !isKnownWord(atoms[to + 1]!.text)))) to++;
    const text = atoms.slice(from, to + 1).map((a) => a.text).join(' ');
    push(from, to, { refs: [], unknown: { text, like: NODE_HEADS.has(atoms[to]!.text) ? 'node' : 'place' }, confidence: placeNoun ? 0.9 : 0.6 });
    i = to;
  }
  // Generic place nouns with a modifier right before ("server room", "blue room", "cold room").
  for (let i = 1; i < atoms.length; i++) {
    if (taken.has(i) || !GENERIC_PLACE.has(atoms[i]!.text) || taken.has(i - 1)) continue;
    const mod = atoms[i - 1]!.text;
    // "the cool room", "in the warm area": a kind's plain adjective heading a place noun is a place's name too.
    const adjective = ADJECTIVES.has(mod) && !/^(how|so|too|very|more|less|most|least|is|are|was|were|getting|feel|feels|stay|stays|keep)$/.test(atoms[i - 2]?.text ?? '');
    const modifier = /^[a-z]{3,}$/.test(mod) && (!isKnownWord(mod) || MODIFIERS.has(mod) || adjective) && !index.words.has(mod);
    if (modifier) push(i - 1, i, { refs: [], unknown: { text: `${mod} ${atoms[i]!.text}`, like: 'place' }, confidence: 0.8 });
  }
  return wholeTokens(modifiedNames(mentions, atoms, index), atoms, tokens).sort((a, b) => a.start - b.start);
}


/** Words that open a sentence before its verb ("hey bruno, …", "yo …", "ok so …"). */
const OPENERS = /^(hey|hi|hello|yo|ok|okay|so|bruno|please|pls|plz|and|now|right|well|um|uh|oh)$/;
/** What follows a verb of asking: its object ("… the temp", "… me the humidity", "… all readings"). */
const OBJECTS = /^(the|me|us|my|our|a|an|all|some|every|this|that|these|those|it|them|your|any)$/;
/** Determiners that make a shared word mean every place it names ("both warehouses", "which warehouse"). */
const PLURAL_DETS = new Set(['both', 'all', 'each', 'every', 'either', 'which', 'two', 'three', 'per', 'across', 'between', 'any']);
function pluralAt(atoms: Atom[], i: number, alias: Alias): boolean {
  if (alias.atoms.at(-1)!.endsWith('s') && atoms[i + alias.atoms.length - 1]!.text.endsWith('s')) return true;
  const prev = atoms[i - 1]?.text;
  const prev2 = atoms[i - 2]?.text;
  return (prev !== undefined && PLURAL_DETS.has(prev)) || (prev === 'the' && prev2 !== undefined && PLURAL_DETS.has(prev2));
}

/**
 * A name is one token or more, never part of one: "cellar-pi-2" is an unknown node even though
 * "cellar" names the Wine Cellar — unless what is left of the token is a node or sensor word
 * ("cellar-pi" is the cellar's pi).
 */
function wholeTokens(mentions: Mention[], atoms: Atom[], tokens: Token[]): Mention[] {
  const out = [...mentions];
  for (const t of tokens) {
    const ids = atoms.map((a, k) => (a.token === t.index ? k : -1)).filter((k) => k >= 0);
    if (ids.length < 2) continue;
    const on = out.filter((m) => m.atoms.some((k) => ids.includes(k)));
    if (!on.length || on.some((m) => m.atoms.some((k) => !ids.includes(k)))) continue; // none, or a name across tokens ("pi node-3")
    const covered = new Set(on.flatMap((m) => m.atoms));
    const uncovered = ids.filter((k) => !covered.has(k));
    const unknown = on.some((m) => m.unknown);
    // Two names inside one token are one name the store lacks: "xx8-pi-b" is not node xx8 plus
    // "pi b" of another node, "porch-pi-4b" not the porch plus pi-4 — a near miss, never their numbers;
    // and a left-over id is part of the name ("xx-pi-2a" is not xx-pi-2).
    if (!unknown && on.length === 1 && uncovered.every((k) => isKnownWord(atoms[k]!.text) && !isIdAtom(atoms[k]))) continue; // all known, or "cellar-pi"
    if (unknown && on.length === 1 && !uncovered.length) continue; // already the whole token
    if (on.some((m) => m.ambiguous)) continue;
    for (const m of on) out.splice(out.indexOf(m), 1);
    const like = ids.some((k) => NODE_HEADS.has(atoms[k]!.text)) || on.some((m) => m.refs.some((r) => r.type === 'node') || m.unknown?.like === 'node') ? 'node'
      : on.some((m) => m.refs.some((r) => r.type === 'sensor')) ? 'sensor' : on.every((m) => m.unknown?.like === 'place' || m.refs.some((r) => r.type === 'location')) && !/\d/.test(t.text) ? 'place' : 'node';
    out.push({ start: t.start, end: t.end, atoms: ids, refs: [], unknown: { text: t.text, like }, confidence: 0.8 });
  }
  return out;
}

/**
 * The aliases that can start at an atom: those whose first atom it spells (or whose number it
 * is), and — for a word the parser does not know, which may be a typo or the start of a compound
 * — every alias starting with a word. Scanning all aliases at every atom cost most of the parse.
 */
function candidates(atom: Atom, index: CatalogIndex): Alias[] {
  const exact = index.byFirst.get(atom.text) ?? [];
  const byNumber = atom.num !== undefined && String(atom.num) !== atom.text ? index.byFirst.get(String(atom.num)) ?? [] : [];
  if (!/^[a-z]{2,}$/.test(atom.text) || isKnownWord(atom.text)) return byNumber.length ? [...exact, ...byNumber] : exact;
  return index.wordAliases;
}

/** After a known name: "and b", ", c", "vs 3" with the same head ("warehouse a and b"). */
function continueList(atoms: Atom[], to: number, alias: Alias, index: CatalogIndex, taken: Set<number>, push: (f: number, t: number, m: Omit<Mention, 'start' | 'end' | 'atoms'>) => void, quantity: (k: number) => boolean): number {
  const ref = alias.refs.length === 1 ? alias.refs[0]! : undefined;
  if (!ref || ref.type === 'sensor') return to;
  const head = [...index.heads].find(([, refs]) => refs.some((r) => r.name === ref.name))?.[0];
  if (!head) return to;
  let j = to + 1;
  while (j < atoms.length) {
    while (j < atoms.length && CONJ.has(atoms[j]!.text) && !taken.has(j)) j++;
    const a = atoms[j];
    if (!a || taken.has(j) || !isIdAtom(a) || j === to + 1 && a.token === atoms[to]!.token || quantity(j)) break;
    if (articleAt(atoms, j, taken)) break;
    const match = index.aliases.find((x) => x.atoms.length === 2 && x.atoms[0] === head.split(' ').at(-1) && same(a, x.atoms[1]!, false) && x.refs.length === 1 && x.refs[0]!.type === ref.type);
    if (match) push(j, j, { refs: match.refs, confidence: 0.9 });
    else push(j, j, { refs: [], unknown: { text: `${head} ${a.text}`, like: ref.type === 'node' ? 'node' : 'place' }, confidence: 0.7 });
    to = j;
    j++;
    if (!atoms[j] || !CONJ.has(atoms[j]!.text)) break;
  }
  return to;
}


function headKind(head: string, index: CatalogIndex): UnknownMention['like'] | undefined {
  const known = index.heads.get(head);
  if (known?.length) return known[0]!.type === 'node' ? 'node' : 'place';
  if (NODE_HEADS.has(head)) return 'node';
  if (SENSOR_HEADS.has(head)) return 'sensor';
  if (PLACE_NOUNS.has(head)) return 'place';
  return undefined;
}


/** The scope a question's mentions add up to. */
export function scopeOf(mentions: Mention[]): Scope {
  const scope: Scope = { locations: [], nodes: [], sensors: [], unknown: [] };
  const sensorNames: string[] = [];
  for (const m of mentions) {
    if (m.ambiguous) { (scope.ambiguous ??= []).push(m.ambiguous); continue; }
    if (m.unknown) { if (!scope.unknown.some((u) => u.text === m.unknown!.text)) scope.unknown.push(m.unknown); continue; }
    if (m.group) scope.group = m.group;
    for (const r of m.refs) {
      const list = r.type === 'location' ? scope.locations : r.type === 'node' ? scope.nodes : sensorNames;
      if (!list.includes(r.name)) list.push(r.name);
    }
  }
  scope.sensors = sensorNames.map((sensor) => ({ node: '*', sensor }));
  return scope;
}
