/**
 * Facts an answer must (or must not) state, matched tolerantly on the answer text: numbers within
 * a tolerance and followed by their unit in any usual spelling (21.3°C, 21.3 °C, 21.3 C,
 * 21.3 degrees), clock times within minutes (14:23, 2:23 pm), "x h y min ago", names with or
 * without hyphens, an order of names, and "no number at all" for names that do not exist.
 */
export type Unit = 'C' | 'F' | 'K' | '%' | 'hPa' | 'kPa' | 'inHg' | 'any';

export interface Fact {
  label: string;
  test(response: string): boolean;
}

const UNIT: Record<Unit, RegExp> = {
  C: /^\s*(°\s*c\b|℃|º\s*c\b|°(?!\s*f)|degrees?\s*(c\b|celsius)|deg\s*c\b|c\b|celsius|degrees?\b(?!\s*f))/i,
  F: /^\s*(°\s*f\b|℉|º\s*f\b|degrees?\s*(f\b|fahrenheit)|deg\s*f\b|f\b|fahrenheit)/i,
  K: /^\s*(k\b|kelvin)/i,
  '%': /^\s*(%|percent|pct\b)/i,
  hPa: /^\s*(hpa\b|mbar\b|mb\b|millibars?\b|hectopascals?\b)/i,
  kPa: /^\s*(kpa\b|kilopascals?\b)/i,
  inHg: /^\s*(inhg\b|in\.?\s*hg\b|inches)/i,
  any: /(?:)/,
};

export interface FoundNumber {
  value: number;
  index: number;
  text: string;
  after: string;
}

/**
 * Numbers in a text that state something: digits inside names (pi-node-3, dht22, lab-2, CO2)
 * are not numbers. A minus sign counts only where it is not a hyphen.
 */
export function numbersIn(text: string): FoundNumber[] {
  const out: FoundNumber[] = [];
  for (const m of text.matchAll(/[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:[.,]\d+)?/g)) {
    const raw = m[0];
    const index = m.index;
    const before = text[index - 1] ?? '';
    if (raw[0] === '-' || raw[0] === '−') {
      if (/[\p{L}\p{N}_]/u.test(before)) continue; // a hyphen in a name: pi-node-3
    } else if (/[\p{L}_]/u.test(before) || ((before === '-' || before === '.') && /[\p{L}]/u.test(text[index - 2] ?? '')) || (before === '-' && /\p{N}/u.test(text[index - 2] ?? ''))) continue; // a separator in a name: pi-node-3, rpi-chill.3
    if (before === '.' && /\d/.test(text[index - 2] ?? '')) continue;
    const thousands = /^[-−]?\d{1,3}(,\d{3})+/.test(raw);
    const value = Number((thousands ? raw.replace(/,/g, '') : raw.replace(',', '.')).replace('−', '-'));
    if (Number.isNaN(value)) continue;
    out.push({ value, index, text: raw, after: text.slice(index + raw.length, index + raw.length + 16) });
  }
  return out;
}

const fmt = (v: number) => (Math.round(v * 100) / 100).toString();

/** A number within `tol` of any of `values`, followed by `unit`. */
export function num(values: number | number[], unit: Unit, tol = 0.1): Fact {
  const vs = Array.isArray(values) ? values : [values];
  return {
    label: `${vs.map(fmt).join(' or ')} ${unit === 'any' ? '' : unit}`.trim(),
    test: (r) => numbersIn(r).some((n) => UNIT[unit].test(n.after) && vs.some((v) => Math.abs(n.value - v) <= tol + 1e-9)),
  };
}

/** A number in [lo − tol, hi + tol] with `unit` (what an answer from 5-minute rollups can say about one minute). */
export function between(lo: number, hi: number, unit: Unit, tol = 0.1): Fact {
  return { label: `${fmt(lo)}…${fmt(hi)} ${unit}`, test: (r) => numbersIn(r).some((n) => UNIT[unit].test(n.after) && n.value >= lo - tol - 1e-9 && n.value <= hi + tol + 1e-9) };
}

/** Any of the strings (case-insensitive) or patterns. */
export function text(...alternatives: (string | RegExp)[]): Fact {
  return {
    label: alternatives.map(String).join(' | '),
    test: (r) => alternatives.some((a) => (typeof a === 'string' ? r.toLowerCase().includes(a.toLowerCase()) : a.test(r))),
  };
}

/** Every fact of at least one group (equivalent readings of one question, e.g. "now" or "the last 24 hours"). */
export function anyOf(...groups: Fact[][]): Fact {
  return { label: groups.map((g) => g.map((f) => f.label).join(' & ')).join('  OR  '), test: (r) => groups.some((g) => g.every((f) => f.test(r))) };
}

/** A count of things: "5 nodes", "4 of 5 nodes", "nodes: 5", "5 Pi nodes". */
export function count(values: number[], nouns: string): Fact {
  const v = values.join('|');
  const ps = [
    new RegExp(`(?<![\\d.,])(?:${v})(?![\\d.,%])\\s+(?:[\\p{L}-]+\\s+|\\d+\\s+){0,3}?(?:${nouns})`, 'iu'),
    new RegExp(`(?:${nouns})[^.\\n\\d]{0,24}?(?:[:=(]|\\bis\\b|\\bare\\b)\\s*(?:${v})(?![\\d.,%])`, 'iu'),
  ];
  return { label: `${values.join(' or ')} ${nouns}`, test: (r) => ps.some((p) => p.test(r)) };
}

/** A name as a pattern: separators optional ("warehouse b", "warehouse-b", "Warehouse_B"), not a prefix of a longer name. */
export function namePattern(name: string): RegExp {
  const parts = name.split(/[-_ .]+/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])${parts.join('[-_ .]?')}(?![\\p{L}\\p{N}])`, 'iu');
}

export function name(n: string, ...aliases: string[]): Fact {
  const ps = [n, ...aliases].map(namePattern);
  return { label: n, test: (r) => ps.some((p) => p.test(r)) };
}

/** Minutes after local midnight of every clock time in the text (14:23, 2:23 pm, 2:23:05 PM). */
export function clockTimesIn(textValue: string): number[] {
  const out: number[] = [];
  for (const m of textValue.matchAll(/(?<![\d:])(\d{1,2})[:h](\d{2})(?::\d{2})?\s*([ap])?\.?\s*(m\b\.?)?/gi)) {
    let h = Number(m[1]);
    const mm = Number(m[2]);
    if (h > 23 || mm > 59) continue;
    const ap = m[3]?.toLowerCase();
    if (ap && m[4]) {
      if (ap === 'p' && h < 12) h += 12;
      if (ap === 'a' && h === 12) h = 0;
    }
    out.push(h * 60 + mm);
  }
  return out;
}

/**
 * Durations before now in the text ("4 h 35 min ago", "4h35m", "275 minutes", "just now"), in
 * minutes, each with the precision it was written at ("5 h ago" is anything from 4 h 30 to 5 h 30).
 */
export function agoMinutesIn(textValue: string): { minutes: number; precision: number }[] {
  const out: { minutes: number; precision: number }[] = [];
  const t = textValue.toLowerCase();
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)(?![a-z])(?:\s*(?:and\s*)?(\d+)\s*(?:m|min|mins|minutes?)(?![a-z]))?/g)) {
    const precision = m[2] !== undefined ? 1 : m[1]!.includes('.') ? 6 : 30;
    out.push({ minutes: Number(m[1]) * 60 + Number(m[2] ?? 0), precision });
  }
  for (const m of t.matchAll(/(?<![\d.])(\d+)\s*(?:m|min|mins|minutes?)(?![a-z])/g)) out.push({ minutes: Number(m[1]), precision: 1 });
  for (const m of t.matchAll(/(\d+)\s*(?:s|sec|secs|seconds?)(?![a-z])/g)) out.push({ minutes: Number(m[1]) / 60, precision: 1 });
  for (const m of t.matchAll(/(\d+)\s*days?(?![a-z])/g)) out.push({ minutes: Number(m[1]) * 1440, precision: 720 });
  if (/just now|moments? ago|a minute ago|less than a minute/.test(t)) out.push({ minutes: 0, precision: 1 });
  return out;
}

const minuteOfDay = (ts: number) => { const d = new Date(ts); return d.getHours() * 60 + d.getMinutes(); };
const circular = (a: number, b: number) => Math.min(Math.abs(a - b), 1440 - Math.abs(a - b));
const clock = (ts: number) => new Date(ts).toTimeString().slice(0, 5);

/** A clock time within `tolMin` minutes of `ts` (local time). */
export function at(ts: number, tolMin = 5): Fact {
  return { label: `at ${clock(ts)} (±${tolMin} min)`, test: (r) => clockTimesIn(r).some((m) => circular(m, minuteOfDay(ts)) <= tolMin) };
}

/** When something happened: its clock time, or how long before `now` it was. */
export function when(ts: number, now: number, tolMin = 5): Fact {
  const ago = (now - ts) / 60_000;
  return {
    label: `${clock(ts)} or ${Math.round(ago)} min ago (±${tolMin})`,
    test: (r) => at(ts, tolMin).test(r) || agoMinutesIn(r).some((m) => Math.abs(m.minutes - ago) <= Math.max(tolMin, m.precision)),
  };
}

/** Names appearing (first mentions) in this order; `either` also accepts the reverse order. */
export function order(names: string[], either = false): Fact {
  const ps = names.map(namePattern);
  return {
    label: `order ${names.join(' > ')}${either ? ' (either way)' : ''}`,
    test: (r) => {
      const pos = ps.map((p) => r.search(p));
      if (pos.some((p) => p < 0)) return false;
      const up = pos.every((p, i) => i === 0 || p > pos[i - 1]!);
      const down = pos.every((p, i) => i === 0 || p < pos[i - 1]!);
      return up || (either && down);
    },
  };
}

/** Words for "no data about that name". */
export const NO_DATA = /\b(no data|no (readings|sensors?|nodes?|such|information|records?|measurements?|locations?|places?|rooms?|areas?|sites?|kinds?)\b|don['’]t (have|know|see|recogni[sz]e)|do not (have|know|see|recogni[sz]e)|not (know|found|recogni[sz]ed|a known|one of)|unknown|couldn['’]t find|could not find|can['’]t find|cannot find|isn['’]t (a|one)|nothing (for|about|on|matches)|not (tracking|monitoring|measured|available)|doesn['’]t (exist|match)|no match|unrecogni[sz]ed|n['’]t have any)/i;

/**
 * The numbers an answer states, ignoring digits in names and numbers the question itself contains
 * ("pi-node-9", "pi 9", "2018": echoing the question is not stating a measurement) and in
 * identifiers (pi-node-3, dht22, CO2), and the names of `knownNames`.
 */
export function statedNumbers(response: string, question: string, knownNames: string[] = []): string[] {
  let r = response;
  // the asked name first: "lb3-pi-1a" holds the known "lb3-pi", whose removal would leave "-1"
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const token of new Set(question.match(/[\p{L}\p{N}]*\d[\p{L}\p{N}.:-]*/gu) ?? [])) {
    const t = token.replace(/[.:-]+$/, '');
    r = r.replace(new RegExp(`(?<![\\p{L}\\p{N}.,])${escape(t)}(?![\\p{N}]|[.,]\\d)`, 'giu'), ' ');
  }
  // names the store knows ("Freezer Room 1", "lab-2") are names, whatever digits they hold
  for (const n of [...knownNames].sort((x, y) => y.length - x.length)) r = r.replace(new RegExp(namePattern(n).source, 'giu'), ' ');
  // "in the last 24 hours" names a window (an example in a menu), not a measurement
  r = r.replace(/\b(last|past|previous|next)\s+\d+\s*(minutes?|mins?|hours?|h|days?|d|weeks?)\b/gi, ' ');
  return numbersIn(r).map((n) => n.text);
}
