import type { Catalog } from '../../studio/store/store.js';

/** What a question is about, resolved against names the store knows. */
export interface Entities {
  nodes: string[];
  locations: string[];
  kinds: string[];
  /** The words the question used for the place, e.g. "warehouse" for all warehouse-* locations. */
  placeLabel?: string;
}

const KIND_WORDS: Record<string, RegExp> = {
  temperature: /\b(temp(erature)?s?|hot(test)?|cold(est)?|warm(est)?|heat|°[cf]|celsius|fahrenheit)\b/,
  humidity: /\b(humid(ity)?|dry|dri(est)?|moist(ure)?|rh)\b/,
  pressure: /\b(pressure|barometric|hpa|baro)\b/,
  motion: /\b(motion|movement)\b/,
};
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6,
};

const words = (s: string): string[] => s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/**
 * Resolves loosely written names ("warehouse b", "pi 3", "node three", "the warehouse") to the
 * nodes, locations and kinds the store knows. Never invents a name the catalog lacks.
 * @example
 * resolveEntities('temperature in warehouse b', catalog) // { locations: ['warehouse-b'], kinds: ['temperature'], nodes: [] }
 */
export function resolveEntities(question: string, catalog: Catalog): Entities {
  const q = question.toLowerCase();
  const qWords = words(q).map((w) => String(NUMBER_WORDS[w] ?? w));
  const joined = ` ${qWords.join(' ')} `;
  const squashed = qWords.join('');

  const nodes = catalog.nodes.filter((n) => mentionsNode(n, joined, squashed));
  const exact = catalog.locations.filter((l) => {
    const parts = words(l);
    return joined.includes(` ${parts.join(' ')} `) || (parts.length > 1 && squashed.includes(parts.join('')) && parts.join('').length > 6);
  });
  let locations = exact;
  let placeLabel: string | undefined;
  if (exact.length === 0) {
    // A shared first word names a group: "the warehouse" → warehouse-a, warehouse-b, …
    const groups = new Map<string, string[]>();
    for (const l of catalog.locations) {
      const head = words(l)[0];
      if (head && head.length > 2) groups.set(head, [...(groups.get(head) ?? []), l]);
    }
    for (const [head, members] of groups) {
      if (new RegExp(`\\b${head}s?\\b`).test(q)) {
        locations = [...locations, ...members];
        placeLabel = head;
      }
    }
  }
  const kinds = Object.keys(KIND_WORDS).filter((k) => KIND_WORDS[k]!.test(q) && catalog.kinds.includes(k));
  for (const k of catalog.kinds) if (!kinds.includes(k) && new RegExp(`\\b${k}s?\\b`).test(q)) kinds.push(k);
  return { nodes, locations, kinds, ...(placeLabel ? { placeLabel } : {}) };
}

/** "pi-node-3" is mentioned by "pi-node-3", "pi node 3", "pi 3", "node 3", "node three", "pinode3". */
function mentionsNode(node: string, joined: string, squashed: string): boolean {
  const parts = words(node);
  if (joined.includes(` ${parts.join(' ')} `) || squashed.includes(parts.join(''))) return true;
  const num = /(\d+)$/.exec(node)?.[1];
  if (!num) return false;
  const prefixes = parts.slice(0, -1);
  return prefixes.some((p) => joined.includes(` ${p} ${num} `) || joined.includes(` ${p}${num} `));
}
