import type { Catalog } from '../../../studio/store/store.js';
import { ORDINAL_WORDS, atomize, tokenize } from './text.js';
import { GENERIC_PLACE, NODE_HEADS, SENSOR_HEADS, isKnownWord } from './lexicon.js';

/** Something in the store a mention can name. */
export interface EntityRef {
  type: 'location' | 'node' | 'sensor';
  name: string;
}

/** One way of writing a name, as atoms ("pi", "3" for pi-node-3), and what it names. */
export interface Alias {
  atoms: string[];
  refs: EntityRef[];
  /** A shared head naming several locations ("warehouse" for warehouse-a, -b, -c). */
  group?: string;
  /** The alias is shorter than the full name (a head and an id): a weaker reading. */
  partial: boolean;
  /**
   * A word several locations share that is not a head with ids ("warehouse" of North Warehouse and
   * South Warehouse): "the warehouse" does not say which one, "both warehouses" means them all.
   */
  ambiguous?: boolean;
}

/** The store's names, taken apart for matching, with the heads ids hang off ("warehouse" + "b"). */
export interface CatalogIndex {
  catalog: Catalog;
  aliases: Alias[];
  /** Atom → aliases starting with it (exact), for the scan. */
  byFirst: Map<string, Alias[]>;
  /** Head atoms of names that end in an id: "warehouse" → [warehouse-a, …], "pi" → [pi-node-1, …]. */
  heads: Map<string, EntityRef[]>;
  /** Every letter atom of any name, for fuzzy matching. */
  words: Set<string>;
  /** Each node's location (from its series), for "the pi in the garage". */
  nodeLocation: Map<string, string>;
  /** Aliases starting with a word (what a typo or a compound's start may match). */
  wordAliases: Alias[];
  /** Each word of a location name of several words, everyday words too ("cold" of cold-room), and the locations that have it. */
  locationWords: Map<string, string[]>;
}

const isId = (a: string): boolean => /^\d+$/.test(a) || /^[a-z]$/.test(a);
export const atomsOf = (name: string): string[] => atomize(tokenize(name.toLowerCase())).map((a) => (a.num !== undefined && /^\d+$/.test(a.text) ? String(a.num) : a.text));

/** Ways to write parts that run together: [pi, node, 3] also as [pinode, 3] and [pinode3]. */
function variants(parts: string[]): string[][] {
  const out: string[][] = [parts];
  if (parts.length > 1 && parts.length <= 4) {
    out.push([parts.join('')]);
    for (let i = 1; i < parts.length; i++) out.push([parts.slice(0, i).join(''), ...parts.slice(i)], [...parts.slice(0, i), parts.slice(i).join('')]);
  }
  const seen = new Set<string>();
  return out.filter((v) => !seen.has(v.join(' ')) && seen.add(v.join(' ')));
}

/**
 * Indexes the catalog: each location, node and sensor name under its full spelling and its
 * shorter forms (a head and an id: "pi 3", "node 3"; a shared head as a group: "warehouse").
 * @example
 * indexCatalog(await store.catalog()).heads.get('warehouse') // the warehouse-* locations
 */
export function indexCatalog(catalog: Catalog): CatalogIndex {
  const aliases: Alias[] = [];
  const heads = new Map<string, EntityRef[]>();
  const words = new Set<string>();
  const add = (atoms: string[], refs: EntityRef[], partial: boolean, group?: string): Alias | undefined => {
    if (atoms.length === 0 || atoms.every((a) => a.length < 2 && !/\d/.test(a))) return undefined;
    // One spelling names one thing: a full name wins over a shorter form of another.
    if (partial && aliases.some((x) => x.atoms.join(' ') === atoms.join(' '))) return undefined;
    const alias: Alias = { atoms, refs, partial, ...(group ? { group } : {}) };
    aliases.push(alias);
    return alias;
  };
  const named = [
    ...catalog.locations.map((name): EntityRef => ({ type: 'location', name })),
    ...catalog.nodes.map((name): EntityRef => ({ type: 'node', name })),
    ...[...new Set(catalog.series.map((s) => s.sensor))].map((name): EntityRef => ({ type: 'sensor', name })),
  ];
  for (const ref of named) {
    const parts = atomsOf(ref.name);
    parts.filter((p) => /[a-z]/.test(p)).forEach((p) => words.add(p));
    for (const v of variants(parts)) add(v, [ref], false);
    const id = parts.at(-1);
    if (ref.type !== 'sensor' && parts.length > 1 && id && isId(id)) {
      const head = parts.slice(0, -1);
      for (const h of new Set([head.join(' '), ...head.filter((p) => p.length > 1 && /^[a-z]+$/.test(p))])) {
        heads.set(h, [...(heads.get(h) ?? []), ref]);
        if (h.includes(' ')) continue;
        add([h, id], [ref], true);
      }
    }
  }
  // Kind names are words the store knows, never unknown places ("lux", "soil moisture").
  for (const k of catalog.kinds) atomsOf(k).filter((p) => /[a-z]/.test(p)).forEach((p) => words.add(p));
  // A head shared by several locations names them all ("the warehouse", "all warehouses").
  for (const [head, refs] of heads) {
    const locs = refs.filter((r) => r.type === 'location');
    if (locs.length >= 2 && !head.includes(' ')) {
      add([head], locs, true, head);
      add([`${head}s`], locs, true, head);
    }
  }
  // Sensor models ("dht22") name every sensor whose name starts with them.
  const models = new Map<string, EntityRef[]>();
  for (const s of named.filter((r) => r.type === 'sensor')) {
    const parts = atomsOf(s.name);
    const cut = parts.findIndex((p) => /^\d+$/.test(p));
    if (cut > 0) {
      const key = parts.slice(0, cut + 1).join(' ');
      models.set(key, [...(models.get(key) ?? []), s]);
    }
  }
  for (const [key, refs] of models) for (const v of variants(key.split(' '))) add(v, refs, true);
  const nodeLocation = new Map<string, string>();
  for (const s of catalog.series) if (s.location && !nodeLocation.has(s.node)) nodeLocation.set(s.node, s.location);
  partialAliases(catalog, nodeLocation, heads, add);
  const byFirst = new Map<string, Alias[]>();
  for (const a of aliases) byFirst.set(a.atoms[0]!, [...(byFirst.get(a.atoms[0]!) ?? []), a]);
  const locationWords = new Map<string, string[]>();
  for (const name of catalog.locations) {
    const parts = atomsOf(name).filter((p) => /^[a-z]{3,}$/.test(p));
    if (parts.length < 2) continue;
    // An ordinal tells siblings apart and never names a place alone ("the second" is not the Second Floor Lab).
    for (const p of new Set(parts)) if (!TOO_GENERIC.has(p) && ORDINAL_WORDS[p] === undefined) locationWords.set(p, [...(locationWords.get(p) ?? []), name]);
  }
  return { catalog, aliases, byFirst, heads, words, nodeLocation, wordAliases: aliases.filter((a) => /^[a-z]+$/.test(a.atoms[0]!)), locationWords };
}

/** Words too general to name one place by themselves ("room" of "Chiller Room 2"). */
const TOO_GENERIC = new Set(['location', 'locations', 'place', 'places', 'site', 'sites', 'room', 'rooms', 'area', 'areas', 'zone', 'zones', 'spot', 'spots', 'building', 'buildings', 'floor', 'floors', 'facility', 'premises', 'everywhere', 'anywhere', 'house', 'home']);
const nameWord = (w: string): boolean => /^[a-z]{3,}$/.test(w) && !TOO_GENERIC.has(w) && !NODE_HEADS.has(w) && !SENSOR_HEADS.has(w) && (!isKnownWord(w) || GENERIC_PLACE.has(w));

/**
 * Shorter forms of multi-word names, as people say them: "the chiller room" (Chiller Room 2),
 * "the cellar" (Wine Cellar, whose node is cellar-pi-1: one place), "loading bay" — each only
 * when it names one place. A word several locations share without being a head with ids
 * ("warehouse" of North and South Warehouse) becomes an ambiguous group: which one is asked.
 */
function partialAliases(catalog: Catalog, nodeLocation: Map<string, string>, heads: Map<string, EntityRef[]>, add: (atoms: string[], refs: EntityRef[], partial: boolean, group?: string) => Alias | undefined): void {
  const placeOf = (ref: EntityRef) => (ref.type === 'location' ? ref.name : nodeLocation.get(ref.name) ?? `node:${ref.name}`);
  /** Word → the places whose location name has it, and the places whose node name has it. */
  const inLocation = new Map<string, Set<string>>();
  const inNode = new Map<string, { places: Set<string>; nodes: Set<string> }>();
  const runOwners = new Map<string, Set<string>>();
  for (const name of catalog.locations) {
    const parts = atomsOf(name);
    for (const p of parts) if (nameWord(p)) inLocation.set(p, new Set([...(inLocation.get(p) ?? []), name]));
    // Runs of two or more letter words inside a longer name ("chiller room" of "chiller room 2").
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 2; j <= parts.length; j++) {
        const run = parts.slice(i, j);
        if (run.length === parts.length || !run.every((p) => /^[a-z]+$/.test(p))) continue;
        const key = run.join(' ');
        runOwners.set(key, new Set([...(runOwners.get(key) ?? []), name]));
      }
    }
  }
  for (const node of catalog.nodes) {
    for (const p of atomsOf(node)) {
      if (!nameWord(p)) continue;
      const e = inNode.get(p) ?? { places: new Set<string>(), nodes: new Set<string>() };
      e.places.add(placeOf({ type: 'node', name: node }));
      e.nodes.add(node);
      inNode.set(p, e);
    }
  }
  for (const [run, where] of runOwners) if (where.size === 1) add(run.split(' '), [{ type: 'location', name: [...where][0]! }], true);
  for (const [word, locs] of inLocation) {
    // A head with ids ("warehouse" of warehouse-a, -b) is a group of its own.
    if ((heads.get(word)?.filter((r) => r.type === 'location').length ?? 0) >= 2) continue;
    const nodes = inNode.get(word);
    const places = new Set([...locs, ...(nodes?.places ?? [])]);
    if (places.size === 1) add([word], [{ type: 'location', name: [...locs][0]! }], true);
    else if (places.size === locs.size) {
      const refs = [...locs].map((name): EntityRef => ({ type: 'location', name }));
      for (const x of [add([word], refs, true, word), add([`${word}s`], refs, true, word)]) if (x) x.ambiguous = true;
    }
  }
  // A word only a node's name has ("chill" of RPI-CHILL.2) names that node.
  for (const [word, e] of inNode) if (!inLocation.has(word) && e.nodes.size === 1 && !heads.has(word)) add([word], [{ type: 'node', name: [...e.nodes][0]! }], true);
}
