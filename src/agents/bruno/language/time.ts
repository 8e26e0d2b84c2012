import * as chrono from 'chrono-node/en';
import type { ParsedComponents } from 'chrono-node';
import { DAY, HOUR, MINUTE } from '../../../core/time.js';
import type { TimeSpec } from './plan.js';
import { NUMBER_WORDS } from './text.js';
import { dayClock } from './day-clock.js';

/** What the question says about time, and which characters said it (names are not looked for there). */
export interface TimeReading {
  spec?: TimeSpec;
  /** "right now", "currently", "latest": the question insists on the present. */
  now: boolean;
  /** "for 10 minutes": how long, seconds (alert durations; a window only when nothing else is). */
  durations: { seconds: number; start: number; end: number }[];
  spans: [number, number][];
}

const UNIT: Record<string, number> = { s: 1000, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY, mo: 30 * DAY };
const unitOf = (word: string): string => (/^mo/.test(word) ? 'mo' : /^(m|min)/.test(word) ? 'm' : word[0]!);
const UNIT_NAME: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month' };
const amount = (text: string | undefined): number | undefined => {
  if (text === undefined || text === '') return 1;
  if (/^\d/.test(text)) return Number(text);
  if (text === 'a' || text === 'an') return 1;
  if (text === 'couple' || text === 'few') return text === 'few' ? 3 : 2;
  return NUMBER_WORDS[text];
};
const UNITS = '(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|h|d|w|m)';
const DURATION = new RegExp(`\\b(?:for|lasting|sustained for|longer than)\\s+(?:at least\\s+|more than\\s+|over\\s+|longer than\\s+|a period of\\s+)?(\\d+(?:\\.\\d+)?|an?|[a-z]+)\\s*${UNITS}\\b`, 'g');
const RELATIVE = new RegExp(`\\b(?:(?:in|over|during|within|for|from|of)\\s+)?(?:the\\s+)?(?:last|past|previous|recent|trailing)\\s+(?:(\\d+(?:\\.\\d+)?|an?|couple of|few|[a-z]+)\\s*)?${UNITS}\\b`);
const COMPACT = /(?<![\d.])\b(\d+(?:\.\d+)?)\s?(h|d|w|m)\b(?!\s*(?:ago))/;
/** "midnight last night", "last midnight", "midnight just gone": the start of today. */
const MIDNIGHT = /\b(?:at\s+)?(?:midnight\s+(?:last night|just gone|gone)|last midnight|last night at midnight)\b/;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY = '(sun(?:day)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?)';
const PART = '(morning|afternoon|evening|night)';
const WEEKDAY_PART = new RegExp(`\\b(?:(?:on|last|past|previous|this)\\s+)?${WEEKDAY}(?:'s)?\\s+${PART}\\b|\\b${PART}\\s+(?:of\\s+|on\\s+)?(?:(?:last|past|previous|this)\\s+)?${WEEKDAY}\\b`);
/** Fractions of hours and days written out, as digits the rules below read ("the past half hour" → "the past 30 minutes"). */
function spellFractions(text: string): string {
  const to = (words: string, digits: string) => digits.padEnd(words.length, ' ');
  return text
    .replace(/\b(?:an? |one )?hour and a half\b/g, (m) => to(m, '90 minutes'))
    .replace(/\b(?:a |one )?day and a half\b/g, (m) => to(m, '36 hours'))
    .replace(/\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) and a half (hours?|hrs?|days?)\b/g, (m, n: string, u: string) => to(m, `${/^\d/.test(n) ? n : NUMBER_WORDS[n]}.5 ${u.startsWith('d') ? 'days' : 'hours'}`))
    .replace(/\b(?:a )?half(?: an?| of an?)?[ -]hour\b/g, (m) => to(m, '30 minutes'))
    .replace(/\b(?:a )?quarter(?: of an?| an?)?[ -]hour\b/g, (m) => to(m, '15 minutes'))
    .replace(/\bthree quarters of an hour\b/g, (m) => to(m, '45 minutes'))
    .replace(/\bhalf a day\b/g, (m) => to(m, '12 hours'));
}

/** "Monday evening", "on tue morning", "the afternoon of last Wednesday": that day part on the weekday's latest occurrence (already begun). */
function weekdayPart(rest: string, now: number): { spec: TimeSpec; match: { index: number; length: number } } | undefined {
  const m = WEEKDAY_PART.exec(rest);
  if (!m) return undefined;
  const dayWord = (m[1] ?? m[4])!;
  const part = (m[2] ?? m[3])!;
  const wd = WEEKDAYS.findIndex((d) => d.startsWith(dayWord.slice(0, 3)));
  const [h0, h1] = DAYPART[part]!;
  let day = startOfDay(now) - ((new Date(startOfDay(now)).getDay() - wd + 7) % 7) * DAY;
  if (day + h0 * HOUR > now) day -= 7 * DAY;
  const from = day + h0 * HOUR;
  const name = WEEKDAYS[wd]!.replace(/^./, (c) => c.toUpperCase());
  return { spec: { type: 'window', from, to: Math.min(now, day + h1 * HOUR), label: `${name} ${part}`, explicit: true }, match: { index: m.index, length: m[0].length } };
}
const NOW = /\b(right now|now|currently|at the moment|at present|presently|as of now|at this moment|latest|current|live|these days)\b/;
const DAYPART: Record<string, [number, number]> = { morning: [6, 12], afternoon: [12, 18], evening: [18, 22], night: [22, 30], tonight: [18, 30], overnight: [22, 30] };
const TIMEISH = /\d{1,2}(:\d{2})?\s*(am|pm|o'?clock)|\d{1,2}:\d{2}|yesterday|today|tonight|now|ago|noon|midnight|morning|afternoon|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d{4}-\d{2}-\d{2}|\bweek\b|\bmonth\b/;

const ID_AFTER_WORD = /\b([a-z]+)[\s_-]+(\d{1,4})\b(?!\s*(?:am|pm|a\.m|p\.m|:|o'?clock|h\b|hours?|hrs?|minutes?|mins?|days?|weeks?))/g;
const TIME_WORDS = /^(at|since|from|to|until|till|between|and|by|around|before|after|about|last|past|next|for|in|over|of|the|than|or|on|approximately|roughly|circa|yesterday|today|tonight|noon|midnight|morning|afternoon|evening|night|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)$/;

export const startOfDay = (ms: number): number => { const d = new Date(ms); d.setHours(0, 0, 0, 0); return d.getTime(); };
const hm = (ms: number): string => { const d = new Date(ms); return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`; };
/** "today", "yesterday" or "Nov 20" for the day of `ms`. */
export function dayLabel(ms: number, now: number): string {
  const diff = Math.round((startOfDay(now) - startOfDay(ms)) / DAY);
  if (diff === 0) return 'today';
  if (diff === 1) return 'yesterday';
  const d = new Date(ms);
  return `${d.toLocaleString('en-US', { month: 'short' })} ${d.getDate()}`;
}
const pointLabel = (ms: number, now: number): string => `${hm(ms)} ${dayLabel(ms, now)}`;
const plural = (n: number, unit: string): string => (n === 1 ? unit : `${n} ${unit}s`);

/**
 * Reads the time a question speaks of: a window ("the last 3 hours", "yesterday", "since 2pm
 * yesterday", "between 14:00 and 16:00", "this morning"), a point ("at 14:23 yesterday", "3 hours
 * ago") or the present ("right now"). Dates and clock times go through chrono-node with the
 * studio's clock as reference; a time of day later than now means the last one that passed.
 * @example
 * parseTime('humidity since 2pm yesterday', now).spec // { type: 'window', from: yesterday 14:00, to: now, … }
 */
export function parseTime(text: string, now: number): TimeReading {
  const spans: [number, number][] = [];
  let rest = text.toLowerCase();
  const blank = (start: number, end: number) => {
    spans.push([start, end]);
    rest = rest.slice(0, start) + ' '.repeat(end - start) + rest.slice(end);
  };
  // "9 this morning", "3 yesterday afternoon": a clock time chrono reads only written as one.
  rest = rest.replace(/\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s+(this|yesterday|today)\s+(morning|afternoon|evening)\b/g, (m, h: string, mm: string | undefined, ap: string | undefined, day: string, part: string) => {
    let hour = Number(h);
    if ((ap === 'pm' || (!ap && part !== 'morning')) && hour < 12) hour += 12;
    const out = `${String(hour).padStart(2, '0')}:${mm ?? '00'} ${day === 'yesterday' ? 'yesterday' : 'today'}`;
    return out.padEnd(m.length, ' ');
  });
  // "half past four in the afternoon", "7:45 in the evening", "quarter to nine": clock times chrono reads only as digits.
  // Not "01:00 to 02:00" nor "10 to 12": digits before "to" are a range's start, not minutes to an hour.
  rest = rest.replace(/(?<![:\d])\b(half|quarter|\d{1,2}|twenty|ten|five) (past|after|to|before) (\d{1,2}|[a-z]+)\b(?!:)/g, (m, part: string, rel: string, hour: string) => {
    if (/^\d/.test(part) && (rel === 'to' || rel === 'before')) return m;
    const h = /^\d/.test(hour) ? Number(hour) : NUMBER_WORDS[hour];
    const minutes = part === 'half' ? 30 : part === 'quarter' ? 15 : /^\d/.test(part) ? Number(part) : NUMBER_WORDS[part];
    if (h === undefined || minutes === undefined || h > 23 || minutes > 59) return m;
    const total = (rel === 'to' || rel === 'before' ? h * 60 - minutes : h * 60 + minutes + 24 * 60) % (24 * 60);
    return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`.padEnd(m.length, ' ');
  });
  rest = rest.replace(/\b(\d{1,2})(?::(\d{2}))?(\s*(?:o'?clock)?)\s+in\s+the\s+(morning|afternoon|evening|night)\b/g, (m, h: string, mm: string | undefined, _oc: string, part: string) => {
    let hour = Number(h);
    if (hour > 12) return m;
    if (part === 'morning') hour = hour === 12 ? 0 : hour;
    else if (part === 'night' && hour < 5) hour = hour === 12 ? 0 : hour;
    else if (hour < 12) hour += 12;
    return `${String(hour).padStart(2, '0')}:${mm ?? '00'}`.padEnd(m.length, ' ');
  });
  rest = spellFractions(rest);
  const durations: TimeReading['durations'] = [];
  for (const m of rest.matchAll(/\bfor\s+(?:at least\s+|more than\s+|over\s+)?(half an? hour|an? hour and a half|a quarter of an hour)\b/g)) {
    durations.push({ seconds: m[1]!.startsWith('half') ? 1800 : m[1]!.startsWith('a quarter') ? 900 : 5400, start: m.index, end: m.index + m[0].length });
  }
  for (const m of rest.matchAll(DURATION)) {
    const n = amount(m[1]);
    if (n === undefined) continue;
    durations.push({ seconds: Math.round((n * UNIT[unitOf(m[2]!)]!) / 1000), start: m.index, end: m.index + m[0].length });
  }
  durations.forEach((d) => blank(d.start, d.end));
  const nowMatch = NOW.exec(rest);
  if (nowMatch) blank(nowMatch.index, nowMatch.index + nowMatch[0].length);
  const found = (spec: TimeSpec, m?: { index: number; length: number }): TimeReading => {
    if (m) blank(m.index, m.index + m.length);
    return { spec, now: !!nowMatch, durations, spans };
  };
  // "tuesday from 9 to 11", "last night at 11": a day and a clock read together, before either alone.
  const onDay = dayClock(rest, now);
  if (onDay) return found(onDay.spec, onDay);
  const rel = RELATIVE.exec(rest);
  if (rel) {
    const n = amount(rel[1]?.replace(/ of$/, ''));
    if (n !== undefined && n > 0) {
      const u = unitOf(rel[2]!);
      return found({ type: 'window', from: now - n * UNIT[u]!, to: now, label: `the last ${plural(n, UNIT_NAME[u]!)}`, explicit: true }, { index: rel.index, length: rel[0].length });
    }
  }
  // "weekly average", "daily max": the last week or day.
  const every = /\b(daily|weekly|monthly)\b(?=\s+(average|avg|mean|max\w*|min\w*|high|low|stats|statistics|summary|range|peak))/.exec(rest);
  if (every) {
    const [ms, label] = every[1] === 'daily' ? [DAY, 'the last 24 hours'] : every[1] === 'weekly' ? [7 * DAY, 'the last 7 days'] : [30 * DAY, 'the last 30 days'];
    return found({ type: 'window', from: now - ms, to: now, label, explicit: true }, { index: every.index, length: every[0].length });
  }
  // "last weekend": Saturday 00:00 to Monday 00:00 of the weekend before this one; "this weekend", "over the weekend": the latest one, ongoing or not.
  const weekend = /\b(last|past|previous|this|over the|on the|during the|at the)\s+weekend\b/.exec(rest);
  if (weekend) {
    const day = new Date(startOfDay(now)).getDay();
    const inWeekend = day === 6 || day === 0;
    const back = (day + 1) % 7; // days since the latest Saturday
    let sat = startOfDay(now) - back * DAY;
    if (/^(last|past|previous)$/.test(weekend[1]!) && inWeekend) sat -= 7 * DAY;
    const label = inWeekend && !/^(last|past|previous)$/.test(weekend[1]!) ? 'this weekend' : 'last weekend';
    return found({ type: 'window', from: sat, to: Math.min(now, sat + 2 * DAY), label, explicit: true }, { index: weekend.index, length: weekend[0].length });
  }
  const midnight = MIDNIGHT.exec(rest);
  if (midnight) {
    const at = startOfDay(now);
    return found({ type: 'point', at, label: `at ${pointLabel(at, now)}` }, { index: midnight.index, length: midnight[0].length });
  }
  const dayPart = weekdayPart(rest, now);
  if (dayPart) return found(dayPart.spec, dayPart.match);
  const compact = COMPACT.exec(rest);
  if (compact && !/\d\s?m\b/.test(compact[0])) {
    const n = Number(compact[1]);
    const u = compact[2]!;
    return found({ type: 'window', from: now - n * UNIT[u]!, to: now, label: `the last ${plural(n, UNIT_NAME[u]!)}`, explicit: true }, { index: compact.index, length: compact[0].length });
  }
  const part = /\b(?:(yesterday|today|this|last)\s+)?(morning|afternoon|evening|night|tonight|overnight)\b/.exec(rest);
  if (part && !/\d/.test(rest.slice(Math.max(0, part.index - 12), part.index))) {
    const [h0, h1] = DAYPART[part[2]!]!;
    let day = part[1] === 'yesterday' || (part[1] === 'last' && part[2] === 'night') || part[2] === 'overnight' ? startOfDay(now) - DAY : startOfDay(now);
    if (!part[1] && day + h0 * HOUR > now) day -= DAY;
    const from = day + h0 * HOUR;
    const to = Math.min(now, day + h1 * HOUR);
    const label = part[2] === 'overnight' ? 'overnight' : `${part[1] === 'last' ? 'last' : part[1] === 'yesterday' ? 'yesterday' : 'this'} ${part[2]}`.replace('this tonight', 'tonight');
    return found({ type: 'window', from, to, label, explicit: true }, { index: part.index, length: part[0].length });
  }
  if (/\bthis week\b/.test(rest)) {
    const back = (new Date(startOfDay(now)).getDay() + 6) % 7;
    return found({ type: 'window', from: startOfDay(now) - back * DAY, to: now, label: 'this week', explicit: true }, /\bthis week\b/.exec(rest)!);
  }
  if (/\bthis month\b/.test(rest)) {
    const d = new Date(startOfDay(now)); d.setDate(1);
    return found({ type: 'window', from: d.getTime(), to: now, label: 'this month', explicit: true }, /\bthis month\b/.exec(rest)!);
  }
  const chronoSpec = fromChrono(rest, now, blank);
  return { ...(chronoSpec ? { spec: chronoSpec } : nowMatch ? { spec: { type: 'now', explicit: true } } : {}), now: !!nowMatch, durations, spans };
}

/** Dates and clock times through chrono-node: ranges, "since …", points and whole days. */
function fromChrono(rest: string, now: number, blank: (s: number, e: number) => void): TimeSpec | undefined {
  const ref = new Date(now);
  // A number right after a name's head is an id, not an hour: "room 12 today", "node 3 yesterday".
  const ids = rest.replace(ID_AFTER_WORD, (m, word: string, num: string) => (TIME_WORDS.test(word) ? m : `${word}${m.slice(word.length, m.length - num.length)}${' '.repeat(num.length)}`));
  // chrono runs every parser of its locale over the text: skip it when nothing in the text reads as a time.
  if (!TIMEISH.test(ids)) return undefined;
  const results = chrono.parse(ids, ref, { forwardDate: false }).filter((r) => TIMEISH.test(r.text));
  if (!results.length) return undefined;
  const onDay = dayThenClock(rest, results, now, blank);
  if (onDay) return onDay;
  const r = results[0]!;
  const before = rest.slice(Math.max(0, r.index - 12), r.index);
  const hasHour = (c: ParsedComponents) => c.isCertain('hour');
  const at = (c: ParsedComponents) => {
    let ms = c.date().getTime();
    if (ms > now && !c.isCertain('day')) ms -= DAY;
    return ms;
  };
  const second = results[1];
  const joined = second && /^\s*(and|to|until|till|-)\s*$/.test(rest.slice(r.index + r.text.length, second.index));
  results.slice(0, joined ? 2 : 1).forEach((x) => blank(x.index, x.index + x.text.length));
  const sinceM = /\b(since|from|after)\s+$/.exec(before);
  if (sinceM) blank(r.index - sinceM[0].length, r.index);
  if (r.end || joined) {
    const endC = r.end ?? second!.start;
    let from = r.start.date().getTime();
    let to = endC.date().getTime();
    if (!r.end && !r.start.isCertain('day') && endC.isCertain('day')) from = startOfDay(to) + (from - startOfDay(from));
    if (to > now && !endC.isCertain('day')) { from -= DAY; to -= DAY; }
    if (!hasHour(endC)) to = startOfDay(to) + DAY;
    if (from > to) [from, to] = [to, from];
    return { type: 'window', from, to: Math.min(to, now), label: `between ${hasHour(r.start) ? hm(from) : dayLabel(from, now)} and ${hasHour(endC) ? pointLabel(to, now) : dayLabel(to - 1, now)}`, explicit: true };
  }
  if (sinceM) {
    let from = hasHour(r.start) ? at(r.start) : startOfDay(r.start.date().getTime());
    // "since sunday" asked on a Thursday is last Sunday: chrono takes the nearest one, which may be to come.
    while (from > now && r.start.isCertain('weekday') && !r.start.isCertain('day')) from -= 7 * DAY;
    return { type: 'window', from, to: now, label: `since ${hasHour(r.start) ? pointLabel(from, now) : dayLabel(from, now)}`, explicit: true };
  }
  if (hasHour(r.start)) {
    const ms = at(r.start);
    return { type: 'point', at: Math.min(ms, now), label: `at ${pointLabel(Math.min(ms, now), now)}` };
  }
  let day = startOfDay(r.start.date().getTime());
  // "on Wednesday" asked on a Tuesday is last Wednesday: data lies in the past, never the next one
  if (day > now && r.start.isCertain('weekday') && !r.start.isCertain('day')) day -= 7 * DAY;
  if (/\blast week\b/.test(r.text)) return { type: 'window', from: now - 7 * DAY, to: now, label: 'the last 7 days', explicit: true };
  return { type: 'window', from: day, to: Math.min(day + DAY, now), label: dayLabel(day, now), explicit: true };
}

type ChronoResult = ReturnType<typeof chrono.parse>[number];
const clockOf = (c: ParsedComponents): number => (c.get('hour') ?? 0) * HOUR + (c.get('minute') ?? 0) * MINUTE;

/**
 * "yesterday between 2pm and 4pm", "on Tuesday from 9 to 11", "Monday 14:00-16:00": a day and then
 * a clock range (or a time) on it. chrono reads the day and the range apart, and the day alone
 * would be the whole 24 hours.
 */
function dayThenClock(rest: string, results: ChronoResult[], now: number, blank: (s: number, e: number) => void): TimeSpec | undefined {
  const [d, t, t2] = results;
  if (!d || !t || d.end || d.start.isCertain('hour') || !t.start.isCertain('hour') || t.start.isCertain('day') || t.start.isCertain('weekday')) return undefined;
  if (!/^\s*,?\s*(between|from|during|at|around|,)?\s*$/.test(rest.slice(d.index + d.text.length, t.index))) return undefined;
  const joined = !t.end && t2?.start.isCertain('hour') && /^\s*(and|to|until|till|-)\s*$/.test(rest.slice(t.index + t.text.length, t2.index));
  const endC = t.end ?? (joined ? t2!.start : undefined);
  let day = startOfDay(d.start.date().getTime());
  if (day > now && d.start.isCertain('weekday') && !d.start.isCertain('day')) day -= 7 * DAY;
  [d, t, ...(joined ? [t2!] : [])].forEach((x) => blank(x.index, x.index + x.text.length));
  const lead = /\b(between|from)\s+$/.exec(rest.slice(0, t.index));
  if (lead) blank(t.index - lead[0].length, t.index);
  const from = day + clockOf(t.start);
  if (!endC) return { type: 'point', at: Math.min(from, now), label: `at ${pointLabel(Math.min(from, now), now)}` };
  let to = day + clockOf(endC);
  if (to <= from) to += DAY; // "from 10pm to 2am": into the next day
  if (from >= now) return undefined;
  return { type: 'window', from, to: Math.min(to, now), label: `between ${hm(from)} and ${hm(to)} ${dayLabel(from, now)}`, explicit: true };
}
