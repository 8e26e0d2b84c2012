import type { Catalog } from '../../../studio/store/store.js';
import { atomize, tokenize } from './text.js';

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
  const add = (atoms: string[], refs: EntityRef[], partial: boolean, group?: string) => {
    if (atoms.length === 0 || atoms.every((a) => a.length < 2 && !/\d/.test(a))) return;
    aliases.push({ atoms, refs, partial, ...(group ? { group } : {}) });
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
  const byFirst = new Map<string, Alias[]>();
  for (const a of aliases) byFirst.set(a.atoms[0]!, [...(byFirst.get(a.atoms[0]!) ?? []), a]);
  return { catalog, aliases, byFirst, heads, words };
}
