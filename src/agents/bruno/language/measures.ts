import type { Catalog } from '../../../studio/store/store.js';
import { AMBIENT_WORDS, CHIP_WORDS, CONCEPT_KINDS, CONCEPT_NAME, KIND_WORDS, OTHER_KIND_WORDS, VITAL_WORDS, isKnownWord } from './lexicon.js';
import type { Measure, PressureUnit, TemperatureUnit, Units, Vital } from './plan.js';
import { editDistance, typoBudget, type Atom, type Token } from './text.js';
import { atomsOf } from './catalog-index.js';

export interface MeasureReading {
  measures: Measure[];
  /** Atom indexes that named a measure (not names of places). */
  atoms: Set<number>;
}

const KIND_OF = new Map<string, string>(Object.entries(KIND_WORDS).flatMap(([k, ws]) => ws.map((w) => [w, k] as [string, string])));
const VITAL_OF = new Map<string, Vital>(Object.entries(VITAL_WORDS).flatMap(([v, ws]) => ws.map((w) => [w, v as Vital] as [string, Vital])));
const MULTI_OTHER = Object.keys(OTHER_KIND_WORDS).filter((k) => k.includes(' ')).map((k) => k.split(' '));

const squash = (k: string): string => k.toLowerCase().replace(/[\s_.-]+/g, '');

/** The store's kind for a concept ("light" → its "illuminance"), or an unknown kind named for the user. */
export function conceptMeasure(concept: string, kinds: readonly string[]): Measure {
  if (kinds.includes(concept)) return { type: 'kind', kind: concept };
  const byName = new Map(kinds.map((k) => [squash(k), k]));
  for (const alias of CONCEPT_KINDS[concept] ?? [squash(concept)]) {
    const k = byName.get(alias);
    if (k) return { type: 'kind', kind: k };
  }
  return { type: 'unknown_kind', name: CONCEPT_NAME[concept] ?? concept };
}

/** A word's kind, allowing a typo ("temprature", "humdity"). */
export function kindWord(w: string): string | undefined {
  const exact = KIND_OF.get(w);
  if (exact || w.length < 4 || isKnownWord(w) || !/^[a-z]+$/.test(w)) return exact;
  for (const [word, kind] of KIND_OF) {
    if (word.length < 4 || word[0] !== w[0]) continue;
    if (word.length >= 6 && w.length >= 6 && editDistance(w, word, typoBudget(word)) <= typoBudget(word)) return kind;
    // Two slips in a long word when its letters are all there ("humitidy") or its start is ("temprture").
    if (word.length >= 8 && editDistance(w, word, 2) <= 2 && (sorted(w) === sorted(word) || w.slice(0, 2) === word.slice(0, 2))) return kind;
    // A short word with two letters swapped: "tmep", "hmuid".
    if (w.length === word.length && w.length <= 5 && sorted(w) === sorted(word) && editDistance(w, word, 1) <= 1) return kind;
  }
  return undefined;
}
const sorted = (w: string): string => [...w].sort().join('');

/**
 * What a question measures: sensor kinds (the store's own names and their everyday words: "how
 * warm", "driest"), node vitals (CPU, memory, SoC temperature — "CPU temperature" is the chip, not
 * the room — disk, top process), and kinds the store lacks ("CO2", "noise") kept as unknown.
 * @example
 * readMeasures(atoms, catalog, taken).measures // [{ type: 'vital', vital: 'soc_temp' }]
 */
export function readMeasures(atoms: Atom[], catalog: Catalog, taken: Set<number>, tokens: Token[] = []): MeasureReading {
  const out: Measure[] = [];
  const used = new Set<number>();
  const add = (m: Measure, ...ids: number[]) => {
    ids.forEach((i) => used.add(i));
    if (!out.some((x) => JSON.stringify(x) === JSON.stringify(m))) out.push(m);
  };
  const words = atoms.map((a) => a.text);
  const has = (set: Set<string>) => words.some((w, i) => set.has(w) && !taken.has(i));
  const anyChip = has(CHIP_WORDS) && !has(AMBIENT_WORDS);
  // Which a temperature word means, read from the nearest chip or room word in its clause ("pi 3 cpu temperature
  // and room temperature": the first the chip, the second the room); with none near, the question's as a whole.
  const near = (i: number, set: Set<string>) => {
    for (let d = 1; d <= 4; d++) for (const k of [i - d, i + d]) {
      if (k < 0 || k >= words.length || taken.has(k)) continue;
      if (words.slice(Math.min(i, k), Math.max(i, k)).some((x) => x === 'and' || x === 'vs' || x === 'versus')) continue;
      if (set.has(words[k]!)) return d;
    }
    return Infinity;
  };
  const chipAt = (i: number) => { const c = near(i, CHIP_WORDS), a = near(i, AMBIENT_WORDS); return c === Infinity && a === Infinity ? anyChip : c < a; };
  const catalogKinds = new Map(catalog.kinds.map((k) => [atomsOf(k).join(' '), k]));
  for (let i = 0; i < atoms.length; i++) {
    if (taken.has(i)) continue;
    const w = words[i]!;
    if (kindWord(w) === 'temperature' && chipAt(i)) { add({ type: 'vital', vital: 'soc_temp' }, i); continue; }
    // The store's own kind names first ("co2", "soil moisture", "lux"), in any spelling.
    const two = `${w} ${words[i + 1] ?? ''}`;
    if (catalogKinds.has(two)) { add({ type: 'kind', kind: catalogKinds.get(two)! }, i, i + 1); i++; continue; }
    if (catalogKinds.has(w) || catalogKinds.has(w.replace(/s$/, ''))) { add({ type: 'kind', kind: catalogKinds.get(w) ?? catalogKinds.get(w.replace(/s$/, ''))! }, i); continue; }
    const whole = tokens[atoms[i]!.token]?.text;
    if (whole && whole !== w && whole in OTHER_KIND_WORDS) {
      const ids = atoms.map((a, k) => (a.token === atoms[i]!.token ? k : -1)).filter((k) => k >= 0);
      add(conceptMeasure(OTHER_KIND_WORDS[whole]!, catalog.kinds), ...ids);
      i = ids.at(-1)!;
      continue;
    }
    const glued = `${w}${words[i + 1] ?? ''}`;
    if (/^\d/.test(words[i + 1] ?? '') && glued in OTHER_KIND_WORDS) { add(conceptMeasure(OTHER_KIND_WORDS[glued]!, catalog.kinds), i, i + 1); i++; continue; }
    const multi = MULTI_OTHER.find((parts) => parts.every((p, k) => words[i + k] === p));
    if (multi) { add(conceptMeasure(OTHER_KIND_WORDS[multi.join(' ')]!, catalog.kinds), ...multi.map((_, k) => i + k)); i += multi.length - 1; continue; }
    if ((w === 'top' || w === 'most') && /^(process|processes|cpu)$/.test(words[i + 1] ?? '')) continue;
    const kind = kindWord(w);
    if (kind === 'temperature' && chipAt(i)) { add({ type: 'vital', vital: 'soc_temp' }, i); continue; }
    if (kind === 'humidity' && w === 'moisture' && words[i - 1] === 'soil') continue;
    if (kind) {
      add(conceptMeasure(kind, catalog.kinds), i);
      continue;
    }
    const vital = VITAL_OF.get(w);
    if (vital && !(w === 'load' && words[i + 1] === 'of')) {
      // "CPU temperature" is the chip; "CPU" alone is load.
      // "temperature of the cpu on pi 3", "how hot is pi 3's processor": the cpu word names the chip whose temperature is asked.
      if (vital === 'cpu' && /^(cpu|cpus|processor)$/.test(w) && words.some((x, k) => Math.abs(k - i) <= 4 && !taken.has(k) && kindWord(x) === 'temperature' && chipAt(k))) continue;
      // "memory utilisation", "disk load": the load of that vital, not the CPU's.
      if (vital === 'cpu' && /^(memory|mem|ram|disk|disks|storage|sd)$/.test(words[i - 1] ?? '')) continue;
      if (w === 'space' && !/(disk|free|left|storage|space)/.test(words.join(' ').replace(/\bspace\b/, ''))) { add({ type: 'vital', vital: 'disk' }, i); continue; }
      add({ type: 'vital', vital }, i);
      continue;
    }
    // "gone dark", "went quiet": a node stopped reporting, not a light level.
    if (w === 'dark' && /^(gone|go|goes|went|going)$/.test(words[i - 1] ?? '')) continue;
    if (w in OTHER_KIND_WORDS && !(w === 'co' && words[i + 1] !== '2') && !(w === 'light' && words[i + 1] === 'load')) {
      add(conceptMeasure(OTHER_KIND_WORDS[w]!, catalog.kinds), i);
    }
  }
  // "what's running on pi 3", "which process uses the most CPU": the top process.
  const joined = ` ${words.join(' ')} `;
  // "which node uses the most memory" ranks the nodes by that vital: a machine is the subject, not a process.
  const nodeSubject = / (which|what) (node|nodes|pi|pis|box|boxes|machine|machines|host|hosts|device|devices|raspberry|raspberries|server|servers) (is )?(uses|using) the most /.test(joined);
  if (!nodeSubject && / (what'?s|what is|what) running | top process| using the most | uses the most | eating | hog | hogging |\bprocess(es)? | (what'?s|what is|what|who'?s|who is|which app is|what app is) (using|eating|hogging|consuming|burning|taking|chewing) /.test(joined)) {
    if (!out.some((m) => m.type === 'vital' && m.vital === 'top_process')) add({ type: 'vital', vital: 'top_process' });
  }
  if (/ how full /.test(joined) && !out.length) add({ type: 'vital', vital: 'disk' });
  // "Is pi 3 overheating?", "is it throttling?": the chip, with no temperature word needed.
  if (/ (overheat\w*|throttl\w*|thermal) /.test(joined) && !out.some((m) => m.type === 'vital' && m.vital === 'soc_temp')) add({ type: 'vital', vital: 'soc_temp' });
  // "Which process uses the most CPU": the process list, not the CPU figure.
  if (out.some((m) => m.type === 'vital' && m.vital === 'top_process')) {
    return { measures: out.filter((m) => !(m.type === 'vital' && (m.vital === 'cpu' || m.vital === 'memory'))), atoms: used };
  }
  return { measures: out, atoms: used };
}

/** The units an answer is written in, from what the question asks ("in fahrenheit", "in kPa"). */
export function readUnits(text: string): Units {
  const q = ` ${text.toLowerCase()} `;
  // A lone "F" or "K" beside the question's words ("temp, F", "temperature F") is a unit: names are blanked here.
  const temperature: TemperatureUnit = /fahrenheit|°\s?f\b|\d\s?f\b|\bdeg(ree)?s? f\b|\bin f\b|\bdegf\b|\bimperial\b|(^|[\s,(/])f([\s,)?.!]|$)/.test(q) ? '°F' : /kelvin|\bin k\b|°k\b|(^|[\s,(/])k([\s,)?.!]|$)/.test(q) ? 'K' : '°C';
  const pressure: PressureUnit = /\bkpa\b|kilopascal/.test(q) ? 'kPa' : /\binhg\b|inches of mercury|\binches\b/.test(q) ? 'inHg' : /\bmmhg\b|millimet(er|re)s? of mercury/.test(q) ? 'mmHg' : /\bmillibars?\b|\bmbar\b|\bmb\b/.test(q) ? 'mbar' : 'hPa';
  return { temperature, pressure };
}
