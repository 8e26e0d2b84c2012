import { DAY, HOUR, MINUTE } from '../../../core/time.js';
import type { TimeSpec } from './plan.js';
import { NUMBER_WORDS } from './text.js';

/**
 * A day and a clock on it, read together: "tuesday from 9 to 11", "wed 9-11", "on the 17th from
 * nine to eleven", "from 2 to 4pm on monday" (a window on that day), "last night at 11", "yesterday
 * evening at 8", "at 11 last night", "this morning at 7" (a point in that part of that day), "tue at
 * 3pm". chrono reads a day and a range apart (and not "tues", "the 17th", "9h"), which made a whole
 * day, the wrong day or one point of such questions.
 */

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WD = String.raw`(?:sun(?:day)?|mon(?:day)?|tue(?:s|sday)?|wed(?:s|nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?)`;
const MON = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const ORD = String.raw`(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?`;
/** A day of the month said alone: "the 17th", "17th", "the 17" (never a bare number, which is an hour). */
const ORD_DAY = String.raw`(?:the\s+${ORD}|(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))`;
/** A day: a weekday, yesterday / today, "the 17th", "nov 17", "17 november", "2026-11-17", "11/17". */
const DAY_EXPR = String.raw`(?:(?:on|last|this|past|previous)\s+)?(?:the\s+day\s+before\s+yesterday|yesterday|today|${WD}|${ORD_DAY}(?:\s+of\s+${MON})?|${MON}\.?\s+(?:the\s+)?${ORD}|${ORD}\s+(?:of\s+)?${MON}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2})`;
const WORD_HOURS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve';
/** A clock time: "9", "9am", "9:30", "21:00", "9 o'clock", "9h", "nine", "noon", "midnight". */
const CLOCK = String.raw`(?:noon|midday|midnight|(?:[01]?\d|2[0-3])(?::[0-5]\d)?(?:\s*(?:am|pm|a\.m\.?|p\.m\.?|h\b|o'?clock))?|(?:${WORD_HOURS})(?:\s+o'?clock)?)`;
const SEP = String.raw`\s*(?:to|till|until|til|through|thru|-|–|and)\s*`;
const NOT_QUANTITY = String.raw`(?!\s*(?:%|°|percent|degrees?|deg\b|c\b|f\b|k\b|hpa|kpa|hours?|hrs?\b|minutes?|mins?\b|days?|weeks?|readings?|sensors?|nodes?))`;
const RANGE = String.raw`(?:(?:from|between)\s+)?(${CLOCK})${SEP}(${CLOCK})\b${NOT_QUANTITY}`;
const DAY_RANGE = new RegExp(String.raw`\b(${DAY_EXPR})\b\s*,?\s*${RANGE}`, 'i');
const RANGE_DAY = new RegExp(String.raw`\b${RANGE}\s*,?\s*(?:on\s+)?\b(${DAY_EXPR})\b`, 'i');
const PART = String.raw`(last night|tonight|overnight|(?:yesterday|this|today|${WD})\s+(?:morning|afternoon|evening|night))`;
const PART_AT = new RegExp(String.raw`\b${PART}\s*,?\s*(?:at|around|about|near|by|~)\s+(?:about\s+|around\s+)?(${CLOCK})\b${NOT_QUANTITY}`, 'i');
const AT_PART = new RegExp(String.raw`\b(?:at|around|about|by|~)\s+(${CLOCK})\s*,?\s*${PART}\b`, 'i');
const DAY_AT = new RegExp(String.raw`\b(${DAY_EXPR})\b\s*,?\s*(?:at|around|about|@)\s+(${CLOCK})\b${NOT_QUANTITY}`, 'i');
/** "since sunday", "since tues", "since the 17th": from that day's midnight until now. */
const SINCE_DAY = new RegExp(String.raw`\bsince\s+(${DAY_EXPR})\b(?!\s*,?\s*(?:at|around|about|from|between|\d))`, 'i');
const PARTS: Record<string, [number, number]> = { morning: [6, 12], afternoon: [12, 18], evening: [18, 22], night: [22, 30] };

interface Clock { h: number; m: number; ap?: 'am' | 'pm' }
function readClock(s: string): Clock | undefined {
  const t = s.toLowerCase().replace(/\s+o'?clock$/, '').trim();
  if (t === 'noon' || t === 'midday') return { h: 12, m: 0, ap: 'pm' };
  if (t === 'midnight') return { h: 0, m: 0, ap: 'am' };
  if (t in NUMBER_WORDS) return { h: NUMBER_WORDS[t]!, m: 0 };
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?|h)?$/.exec(t);
  if (!m) return undefined;
  const ap = m[3]?.startsWith('a') ? 'am' : m[3]?.startsWith('p') ? 'pm' : undefined;
  const h = Number(m[1]);
  // "21:00", "09:00", "9h": a 24-hour clock.
  const fixed = h > 12 || m[1]!.startsWith('0') || m[3] === 'h' || (m[2] !== undefined && h === 0);
  return { h, m: Number(m[2] ?? 0), ...(ap ? { ap } : fixed ? { ap: h >= 12 ? 'pm' : 'am' } : {}) };
}
const hour24 = (c: Clock): number => (c.ap === 'pm' ? (c.h % 12) + 12 : c.ap === 'am' ? c.h % 12 : c.h);

const startOfDay = (ms: number): number => { const d = new Date(ms); d.setHours(0, 0, 0, 0); return d.getTime(); };
/** The latest day the expression names that has begun. */
function readDay(expr: string, now: number): number | undefined {
  const e = expr.toLowerCase().replace(/^(on|last|this|past|previous)\s+/, '').trim();
  const today = startOfDay(now);
  if (e === 'today') return today;
  if (e === 'yesterday') return today - DAY;
  if (e.startsWith('the day before')) return today - 2 * DAY;
  const wd = WEEKDAYS.findIndex((d) => new RegExp(`^${WD}$`).test(e) && d.startsWith(e.slice(0, 3)));
  if (wd >= 0) return today - ((new Date(today).getDay() - wd + 7) % 7) * DAY;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(e);
  if (iso) return new Date(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])).getTime();
  const monthOf = (w: string) => MONTHS.findIndex((m) => m.startsWith(w.replace(/\.$/, '').slice(0, 3)));
  let month: number | undefined, date: number | undefined;
  const slash = /^(\d{1,2})\/(\d{1,2})$/.exec(e);
  if (slash) { month = Number(slash[1]) - 1; date = Number(slash[2]); }
  const named = /([a-z]+)\.?\s+(?:the\s+)?(\d{1,2})|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)/.exec(e.replace(/^the\s+/, ''));
  if (!slash && named) { month = monthOf((named[1] ?? named[4])!); date = Number(named[2] ?? named[3]); }
  if (!slash && !named) { const d = /(\d{1,2})/.exec(e); if (d) date = Number(d[1]); }
  if (date === undefined || date < 1 || date > 31 || (month !== undefined && month < 0)) return undefined;
  const ref = new Date(today);
  // "the 17th" is this month's if it has begun, else last month's; "nov 17" this year's, else last year's.
  let day = new Date(ref.getFullYear(), month ?? ref.getMonth(), date).getTime();
  if (day > today) day = month === undefined ? new Date(ref.getFullYear(), ref.getMonth() - 1, date).getTime() : new Date(ref.getFullYear() - 1, month, date).getTime();
  return day;
}

const pad = (n: number) => String(n).padStart(2, '0');
const hm = (ms: number) => { const d = new Date(ms); return `${pad(d.getHours())}:${pad(d.getMinutes())}`; };
function dayLabel(ms: number, now: number): string {
  const diff = Math.round((startOfDay(now) - startOfDay(ms)) / DAY);
  if (diff === 0) return 'today';
  if (diff === 1) return 'yesterday';
  const d = new Date(ms);
  return `${d.toLocaleString('en-US', { month: 'short' })} ${d.getDate()}`;
}

/** Hours of a range as a clock is read aloud when no meridiem says: "9 to 11" 09-11, "2 to 4" 14-16, "9 to 5" 09-17, "10pm to 2am" across midnight. */
function rangeHours(a: Clock, b: Clock, text: string): [number, number] {
  if (a.ap === undefined && b.ap !== undefined) a = { ...a, ap: b.ap === 'pm' && a.h > b.h % 12 && b.h !== 12 ? 'am' : b.ap };
  if (b.ap === undefined && a.ap !== undefined) b = { ...b, ap: a.ap === 'am' && b.h < a.h ? 'pm' : a.ap };
  let from = hour24(a), to = hour24(b);
  if (a.ap === undefined && b.ap === undefined) {
    const morning = /\b(morning|am)\b/i.test(text), afternoon = /\b(afternoon|evening|pm|tonight)\b/i.test(text);
    if (afternoon && from < 12) { from += 12; if (to < 12) to += 12; } else if (!morning && from >= 1 && from <= 7 && to <= 7) { from += 12; to += 12; } else if (to <= from && to + 12 > from && to < 12) to += 12;
  }
  return [from, to <= from ? to + 24 : to];
}

/** The clock's hour within a part of the day: "last night at 11" is 23:00, "at 2" that night 02:00 the next day, "evening at 8" 20:00. */
function hourInPart(c: Clock, part: [number, number]): number {
  if (c.ap) { const h = hour24(c); return h < part[0] - 6 ? h + 24 : h; }
  const candidates = [c.h, c.h + 12, c.h + 24].filter((h) => h < 36);
  return candidates.find((h) => h >= part[0] && h < part[1]) ?? candidates.reduce((best, h) => (Math.abs(h - part[0]) < Math.abs(best - part[0]) ? h : best));
}

/** The part of which day a phrase names: "last night" (yesterday's night), "this morning", "tuesday evening", bare "yesterday" (the whole day). */
function partOf(phrase: string, now: number): { day: number; part?: [number, number] } | undefined {
  const p = phrase.toLowerCase().replace(/\s+/g, ' ');
  const today = startOfDay(now);
  if (p === 'last night' || p === 'overnight') return { day: today - DAY, part: PARTS.night! };
  if (p === 'tonight') return { day: today, part: [18, 30] };
  if (p === 'yesterday') return { day: today - DAY };
  const [d, w] = p.split(' ') as [string, string];
  const day = d === 'yesterday' ? today - DAY : d === 'this' || d === 'today' ? today : readDay(d, now);
  return day === undefined ? undefined : { day, part: PARTS[w]! };
}

export interface DayClock { spec: TimeSpec; index: number; length: number }

/**
 * The day-and-clock reading of `rest` (lower case), if the question has one.
 * @example
 * dayClock('temperature on tues from 9 to 11', now) // { spec: { type: 'window', from: Tuesday 09:00, to: Tuesday 11:00, … } }
 */
export function dayClock(rest: string, now: number): DayClock | undefined {
  const found = (m: RegExpExecArray, spec: TimeSpec | undefined) => (spec ? { spec, index: m.index, length: m[0].length } : undefined);
  const window = (m: RegExpExecArray, dayExpr: string, a: string, b: string) => {
    let day = readDay(dayExpr, now);
    const ca = readClock(a), cb = readClock(b);
    if (day === undefined || !ca || !cb) return undefined;
    const [h0, h1] = rangeHours(ca, cb, rest);
    let from = day + h0 * HOUR + ca.m * MINUTE;
    // A weekday whose hours have not come yet today is last week's ("thursday from 2 to 4" asked Thursday morning).
    if (from >= now && /^(?:on\s+|last\s+|past\s+|previous\s+)?[a-z]{3,}$/.test(dayExpr.trim()) && !/today/.test(dayExpr)) { day -= 7 * DAY; from -= 7 * DAY; }
    const to = day + h1 * HOUR + cb.m * MINUTE;
    return found(m, { type: 'window', from, to: Math.min(to, now), label: `between ${hm(from)} and ${hm(to)} ${dayLabel(from, now)}`, explicit: true });
  };
  const point = (m: RegExpExecArray, at: number) => found(m, { type: 'point', at: Math.min(at, now), label: `at ${hm(at)} ${dayLabel(at, now)}` });
  let m = DAY_RANGE.exec(rest);
  if (m) { const r = window(m, m[1]!, m[2]!, m[3]!); if (r) return r; }
  m = RANGE_DAY.exec(rest);
  if (m) { const r = window(m, m[3]!, m[1]!, m[2]!); if (r) return r; }
  for (const [re, pi, ci] of [[PART_AT, 1, 2], [AT_PART, 2, 1]] as const) {
    m = re.exec(rest);
    const p = m && partOf(m[pi]!, now), c = m && readClock(m[ci]!);
    if (!m || !p || !c) continue;
    const h = p.part ? hourInPart(c, p.part) : hour24(c);
    return point(m, p.day + h * HOUR + c.m * MINUTE);
  }
  m = SINCE_DAY.exec(rest);
  if (m) {
    const day = readDay(m[1]!, now);
    if (day !== undefined && day <= now) return found(m, { type: 'window', from: day, to: now, label: `since ${dayLabel(day, now)}`, explicit: true });
  }
  m = DAY_AT.exec(rest);
  if (m) {
    const day = readDay(m[1]!, now), c = readClock(m[2]!);
    if (day !== undefined && c) {
      let h = hour24(c);
      if (!c.ap && h < 8) h += 12; // "tuesday at 3" is the afternoon
      return point(m, day + h * HOUR + c.m * MINUTE);
    }
  }
  return undefined;
}
