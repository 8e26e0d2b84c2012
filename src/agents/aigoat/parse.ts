import * as chrono from 'chrono-node/en';
import type { Catalog } from '../../studio/store/store.js';
import type { GoalInput, Measure, Op } from '../../studio/goals/goal.js';

/** What a plain-language goal reads as: the input for GoalBook.create, or why it cannot be one. */
export type GoalReading = { ok: true; input: GoalInput } | { ok: false; reason: string };

const DAY = 86_400_000;
const NUM = '(-?\\d+(?:\\.\\d+)?)';
const OPS: [RegExp, Op][] = [
  [/^(?:at most|no more than|<=)$/, '<='], [/^(?:at least|no less than|>=)$/, '>='],
  [/^(?:below|under|less than|lower than|beneath|<)$/, '<'], [/^(?:above|over|more than|higher than|greater than|>)$/, '>'],
];
const OP_WORDS = '(at most|no more than|at least|no less than|below|under|less than|lower than|beneath|above|over|more than|higher than|greater than|<=|>=|<|>)';
const KIND_WORDS: [RegExp, string][] = [
  [/\bcpu\b/, 'cpu'], [/\b(?:memory|mem|ram)\b/, 'memory'], [/\bdisk\b/, 'disk'], [/\bsoc(?: temp(?:erature)?)?\b/, 'soc_temp'],
  [/\btemp(?:erature)?s?\b/, 'temperature'], [/\bhumidity\b/, 'humidity'], [/\bpressure\b/, 'pressure'],
];
const UNIT_KIND: [RegExp, string][] = [[/^(?:°\s*c|° c|degrees?(?: c(?:elsius)?)?|c)$/, 'temperature'], [/^hpa$/, 'pressure'], [/^(?:%\s*rh|rh)$/, 'humidity']];
/** Words that look like names (hyphenated) but are not places or nodes. */
const NOT_NAMES = new Set(['check-in', 'check-ins', 'key-result', 'key-results', 'follow-up', 'day-to-day', 'real-time']);

const norm = (s: string) => s.toLowerCase().replace(/[\s_]+/g, '-');
const startOfUtcDay = (ms: number) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()); };
const startOfUtcWeek = (ms: number) => startOfUtcDay(ms) - ((new Date(ms).getUTCDay() + 6) % 7) * DAY; // Monday
const startOfUtcMonth = (ms: number) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); };
const nextUtcMonth = (ms: number) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); };

/** The period a goal speaks of: "this week", "this month", "today", "for 30 days", "by Friday", "until Dec 15". */
export function readPeriod(text: string, now: number): { start?: number; deadline: number; said: string } | undefined {
  const t = text.toLowerCase();
  if (/\b(?:this|the) week\b/.test(t)) return { start: startOfUtcWeek(now), deadline: startOfUtcWeek(now) + 7 * DAY - 1, said: 'this week' };
  if (/\b(?:this|the) month\b/.test(t)) return { start: startOfUtcMonth(now), deadline: nextUtcMonth(now) - 1, said: 'this month' };
  if (/\btoday\b/.test(t)) return { start: startOfUtcDay(now), deadline: startOfUtcDay(now) + DAY - 1, said: 'today' };
  const lasting = /\bfor (?:the next )?(\d+|a|one|two|three|four) (day|week|month)s?\b/.exec(t);
  if (lasting) {
    const n = /^\d+$/.test(lasting[1]!) ? Number(lasting[1]) : ({ a: 1, one: 1, two: 2, three: 3, four: 4 } as Record<string, number>)[lasting[1]!]!;
    const unit = lasting[2] === 'day' ? DAY : lasting[2] === 'week' ? 7 * DAY : 30 * DAY;
    return { start: now, deadline: now + n * unit, said: lasting[0] };
  }
  const found = chrono.parse(text, { instant: new Date(now), timezone: 'UTC' }, { forwardDate: true })[0];
  if (!found) return undefined;
  const at = found.start.date().getTime();
  // A day without a time of day means the end of that day (UTC): its last millisecond.
  const deadline = found.start.isCertain('hour') ? at : startOfUtcDay(at) + DAY - 1;
  return { deadline, said: found.text };
}

/** The known node or place a text names (exact, case and space/hyphen insensitive), or an unknown name it seems to give. */
export function readScope(text: string, catalog: Pick<Catalog, 'nodes' | 'locations'>): { node?: string; location?: string; unknown?: string } {
  const t = ` ${norm(text.replace(/[.,;:!?()"]/g, ' ').replace(/\s+/g, ' ').trim())} `.replace(/-/g, ' ');
  const hit = (name: string) => t.includes(` ${norm(name).replace(/-/g, ' ')} `);
  const node = [...catalog.nodes].sort((a, b) => b.length - a.length).find(hit);
  const location = [...catalog.locations].sort((a, b) => b.length - a.length).find(hit);
  // A hyphenated name the store lacks (warehouse-z, pi-node-9) is unknown even beside a known one.
  const known = new Set([...catalog.nodes, ...catalog.locations].map(norm));
  const words = text.toLowerCase().split(/[\s,;:!?()"]+/).map((w) => w.replace(/[.]+$/, ''));
  const hyphenated = words.find((w) => /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(w) && !NOT_NAMES.has(w) && !known.has(w));
  if (hyphenated) return { unknown: hyphenated };
  if (node || location) return { ...(node ? { node } : {}), ...(node ? {} : location ? { location } : {}) };
  const placed = /\b(?:in|at) (?:the )?([a-z][a-z0-9]*(?:[ -][a-z0-9]+)?)\b/i.exec(text);
  const noun = placed?.[1]?.toLowerCase().split(' ')[0];
  if (noun && !/^(?:least|most|all|any|every|my|our|this|the|a|an|\d+)$/.test(noun) && !readPeriod(placed![0], 0)) return { unknown: placed![1]!.toLowerCase().replace(/ (?:for|by|until|this|of|under|below|above|over)$/, '') };
  const kept = /\bkeep (?:the )?([a-z][\w-]*)\b/i.exec(text)?.[1]?.toLowerCase();
  if (kept && !KIND_WORDS.some(([re]) => re.test(kept)) && !/^(?:it|them|all|every|things)$/.test(kept)) return { unknown: kept };
  return {};
}

/** The measure a text describes ("below 25 °C 99 % of the time", "average CPU under 60 %", "no critical anomalies", "all nodes reporting 99.9 %"). */
function readMeasure(text: string, scope: { node?: string; location?: string }, catalog: Pick<Catalog, 'kinds'>): Measure | { error: string } | undefined {
  const t = text.toLowerCase().replace(/(\d),(\d)/g, '$1.$2');
  const share = new RegExp(`${NUM}\\s*%\\s*(?:of (?:the )?(?:time|month|week|day|period)|uptime)`).exec(t);
  const target = share ? Number(share[1]) : undefined;
  if (/\bno (?:(critical|warning|serious) )?anomal(?:y|ies)\b/.test(t)) {
    const sev = /\bno (critical|warning|serious)?\s*anomal/.exec(t)?.[1];
    return { type: 'anomaly_free', scope, min_severity: sev === 'warning' ? 'warning' : 'critical' };
  }
  if (/\b(?:nodes?|everything|sensors?)\b.*\b(?:report(?:ing|s)?|online|up|seen)\b/.test(t) && !/\baverage\b/.test(t)) {
    const pct = target ?? Number(new RegExp(`${NUM}\\s*%`).exec(t)?.[1] ?? Number.NaN);
    if (!Number.isFinite(pct)) return { error: 'how much of the time should they report? e.g. "all nodes reporting 99.9 % of the month"' };
    return { type: 'reporting', scope, target_pct: pct };
  }
  const cond = new RegExp(`\\b${OP_WORDS}\\s*${NUM}\\s*(°\\s*[cf]|degrees?(?: c(?:elsius)?)?|%\\s*rh|%|hpa|rh)?`).exec(t);
  if (!cond) return undefined;
  const op = OPS.find(([re]) => re.test(cond[1]!))![1];
  const threshold = Number(cond[2]);
  const unit = (cond[3] ?? '').replace(/\s+/g, ' ').trim();
  if (/^°\s*f$/.test(unit)) return { error: 'give the threshold in °C (the studio stores temperatures in °C)' };
  let kind = KIND_WORDS.find(([re]) => re.test(t))?.[1] ?? catalog.kinds.find((k) => new RegExp(`\\b${k}\\b`).test(t));
  kind ??= UNIT_KIND.find(([re]) => re.test(unit))?.[1];
  if (!kind && unit === '%') kind = 'humidity';
  if (!kind) {
    // The word before the condition names the measure ("co2 below 800"): an unknown one is refused by name.
    const named = new RegExp(`\\b([a-z][\\w-]*)\\s+(?:is\\s+|stays?\\s+)?${OP_WORDS}\\s*${NUM}`).exec(t)?.[1];
    const place = [scope.node, scope.location].filter(Boolean).map((n) => n!.toLowerCase());
    if (named && !/^(?:keep|it|them|average|mean|avg|stay|stays|is|be|all|every|everything)$/.test(named) && !place.includes(named) && !/^(?:the|at|in)$/.test(named)) {
      return { error: `no data of kind "${named}": the studio has ${catalog.kinds.join(', ') || 'no readings yet'}, and cpu, memory, disk, soc_temp from node health` };
    }
    return { error: 'which measure? name it (temperature, humidity, pressure, cpu, memory, disk) or give a unit (°C, hPa, %)' };
  }
  if (/\b(?:average|mean|avg)\b/.test(t)) return { type: 'average', scope, kind, op, threshold };
  if (target === undefined) return { error: `how much of the time? e.g. "keep it ${cond[0].trim()} 99 % of the time this week" (or say "average" for a mean)` };
  return { type: 'time_share', scope, kind, op, threshold, target_pct: target };
}

/**
 * Reads a goal from plain language. Measured goals name a place or node the store knows (an unknown
 * one is refused by name); anything else with a deadline is a tracked goal ("ship the dashboard by
 * Dec 15, owner ana, key results: goals panel; screenshots").
 * @example
 * readGoal('keep warehouse-b below 25 °C 99 % of the time this week', catalog, now)
 */
export function readGoal(text: string, catalog: Catalog, now: number): GoalReading {
  const body = text.replace(/^\s*(?:please\s+)?(?:set|add|create|make|new|track)\s+(?:me\s+)?(?:a\s+|an\s+|the\s+)?(?:new\s+)?goal\s*(?:[:\-–—]|to\b|that\b|of\b)?\s*/i, '').trim();
  if (!body) return { ok: false, reason: 'what is the goal? e.g. "set a goal: keep warehouse-b below 25 °C 99 % of the time this week"' };
  const [main, krText] = body.split(/\bkey results?\s*:\s*/i) as [string, string | undefined];
  const owner = /\b(?:owner|owned by|for owner)\s*:?\s*([a-z][\w.-]{0,60})/i.exec(main)?.[1]?.replace(/[.-]+$/, '');
  const clean = main.replace(/[,;]?\s*\b(?:owner|owned by|for owner)\s*:?\s*[a-z][\w.-]{0,60}/i, '').trim();
  const period = readPeriod(clean, now);
  if (!period) return { ok: false, reason: 'by when? say e.g. "this week", "this month", "for 30 days" or "by Friday"' };
  const scope = readScope(clean, catalog);
  const where = { ...(scope.node ? { node: scope.node } : {}), ...(scope.location ? { location: scope.location } : {}) };
  const measure = readMeasure(clean, where, catalog);
  // A measured goal on a name the store lacks is refused by that name (never set on other data).
  if (measure && scope.unknown) return { ok: false, reason: `no data for "${scope.unknown}": the studio knows the places ${catalog.locations.join(', ') || 'none yet'} and the nodes ${catalog.nodes.join(', ') || 'none yet'}; no goal was set` };
  if (measure && 'error' in measure) return { ok: false, reason: `${measure.error}; no goal was set` };
  const title = clean.replace(/[\s.,;:!]+$/, '').trim().slice(0, 200);
  const key_results = (krText ?? '').split(/[;\n]|,\s*(?=[a-z])/i).map((k) => k.trim().replace(/[.!]+$/, '')).filter(Boolean).slice(0, 20).map((k) => {
    const n = /^(\d+(?:\.\d+)?)\s+(.+)$/.exec(k);
    return n ? { title: k, target: Number(n[1]) } : { title: k };
  });
  return {
    ok: true,
    input: {
      title, deadline: period.deadline, ...(period.start !== undefined ? { start: period.start } : {}), ...(owner ? { owner } : {}),
      ...(measure ? { measure } : {}), key_results, source_text: text.slice(0, 1000),
    },
  };
}
