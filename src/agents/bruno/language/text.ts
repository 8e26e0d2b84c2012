/**
 * Splits a question into tokens (what a user typed between spaces and punctuation: "pi-node-3",
 * "28.5", "14:23", "°f") and atoms (a token's parts: pi, node, 3), each with its place in the
 * text, so names can be matched however they are written ("pi node 3", "pinode3", "Pi-Node-3").
 */

export interface Token {
  text: string;
  /** As typed (case kept), for telling proper nouns. */
  raw: string;
  start: number;
  end: number;
  index: number;
}

export interface Atom {
  text: string;
  start: number;
  end: number;
  /** The token this atom is part of. */
  token: number;
  /** Its value when it is a number (digits or a number word). */
  num?: number;
}

export const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, ninety: 90, hundred: 100,
};
export const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};

const TOKEN = /https?:\/\/[^\s"'<>]+|[a-z0-9]+(?:[-_.:'’][a-z0-9]+)*|°\s?[cfk]\b|[%<>=]+|[^\s\w]/giu;

/** Unit names as people type them, slang and slips included, to the word the parser reads. */
const UNIT_SPELLINGS: [string, number][] = [['fahrenheit', 3], ['celsius', 2], ['centigrade', 2], ['kelvin', 1]];
function unitSpelling(word: string): string {
  const w = word.toLowerCase();
  if (/^degs?$/.test(w)) return 'degrees';
  if (!/^[a-z]{5,}$/.test(w)) return word;
  for (const [unit, budget] of UNIT_SPELLINGS) if (w !== unit && w[0] === unit[0] && editDistance(w, unit, budget) <= budget) return unit;
  return word;
}

/** Unifies the characters and unit words people type for the same thing ("degs", "farenheit", "celcius"). */
export function normalise(question: string): string {
  return question
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/º/g, '°')
    .replace(/℃/g, '°C')
    .replace(/℉/g, '°F')
    .replace(/[–—]/g, '-')
    .replace(/\b(?:degs?|[fck][a-z]{4,})\b/gi, unitSpelling);
}

export function tokenize(question: string): Token[] {
  const out: Token[] = [];
  for (const m of question.matchAll(TOKEN)) {
    const raw = m[0].replace(/['’]s$/i, '').replace(/\.$/, '');
    if (!raw) continue;
    out.push({ text: raw.toLowerCase().replace(/°\s/, '°'), raw, start: m.index, end: m.index + raw.length, index: out.length });
  }
  return out;
}

/** Splits tokens into atoms: on - _ . and between letters and digits ("rpi4" → rpi, 4); numbers stay whole. */
export function atomize(tokens: Token[]): Atom[] {
  const atoms: Atom[] = [];
  for (const t of tokens) {
    if (/^https?:/.test(t.text)) continue;
    if (/^-?\d+(\.\d+)?$/.test(t.text) || /^\d{1,2}:\d{2}$/.test(t.text)) {
      atoms.push({ text: t.text, start: t.start, end: t.end, token: t.index, ...(t.text.includes(':') ? {} : { num: Number(t.text) }) });
      continue;
    }
    for (const m of t.text.matchAll(/[a-z]+|\d+/g)) {
      const text = m[0];
      const num = /^\d+$/.test(text) ? Number(text) : NUMBER_WORDS[text];
      atoms.push({ text, start: t.start + m.index, end: t.start + m.index + text.length, token: t.index, ...(num !== undefined ? { num } : {}) });
    }
  }
  return atoms;
}

/** Damerau–Levenshtein distance (optimal string alignment), stopping early past `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/** How many typos a word of this length may carry and still count as that word. */
export const typoBudget = (word: string): number => (word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0);
