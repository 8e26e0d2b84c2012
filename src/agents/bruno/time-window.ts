import { DAY, HOUR, MINUTE } from '../../core/time.js';

export interface TimeWindow {
  from: number;
  to: number;
  /** How the window reads in an answer: "the last 24 hours", "yesterday". */
  label: string;
  /** True when the question named the window, false when a default was used. */
  explicit: boolean;
}

const UNIT_MS: Record<string, number> = {
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: MINUTE, min: MINUTE, mins: MINUTE, minute: MINUTE, minutes: MINUTE,
  h: HOUR, hr: HOUR, hrs: HOUR, hour: HOUR, hours: HOUR,
  d: DAY, day: DAY, days: DAY, w: 7 * DAY, week: 7 * DAY, weeks: 7 * DAY,
};
const WORD_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  twelve: 12, fifteen: 15, twenty: 20, thirty: 30, 'forty-eight': 48, 'twenty-four': 24,
};

const startOfDay = (ms: number): number => { const d = new Date(ms); d.setHours(0, 0, 0, 0); return d.getTime(); };
const plural = (n: number, unit: string): string => (n === 1 ? unit : `${n} ${unit}s`);

/**
 * Finds the time window a question speaks of ("last 24 hours", "past hour", "yesterday", "today",
 * "since 2pm", "30d", "this week"); `fallbackMs` back from `now` when it names none.
 * Day boundaries are the server's local time.
 * @example
 * parseTimeWindow('temperature in the last 3 hours', now) // { from: now - 3h, to: now, label: 'the last 3 hours' }
 */
export function parseTimeWindow(text: string, now: number, fallbackMs = DAY): TimeWindow {
  const q = text.toLowerCase();
  const rel = /\b(?:last|past|previous|over the last|in the last)\s+(\d+(?:\.\d+)?|[a-z-]+)?\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\b/.exec(q);
  if (rel) {
    const n = rel[1] === undefined ? 1 : Number.isFinite(Number(rel[1])) ? Number(rel[1]) : WORD_NUMBERS[rel[1]];
    const unit = rel[2]!.replace(/s$/, '');
    if (n !== undefined && n > 0) {
      const ms = n * UNIT_MS[rel[2]!]!;
      return { from: now - ms, to: now, label: `the last ${plural(n, unit === 'min' ? 'minute' : unit === 'hr' ? 'hour' : unit)}`, explicit: true };
    }
  }
  const compact = /\b(\d+)\s?(m|h|d|w)\b/.exec(q);
  if (compact) {
    const n = Number(compact[1]);
    const unit = { m: 'minute', h: 'hour', d: 'day', w: 'week' }[compact[2] as 'm' | 'h' | 'd' | 'w'];
    return { from: now - n * UNIT_MS[compact[2]!]!, to: now, label: `the last ${plural(n, unit)}`, explicit: true };
  }
  if (/\byesterday\b/.test(q)) {
    const today = startOfDay(now);
    return { from: startOfDay(today - HOUR), to: today, label: 'yesterday', explicit: true };
  }
  if (/\b(today|this morning|so far)\b/.test(q)) return { from: startOfDay(now), to: now, label: 'today', explicit: true };
  if (/\bthis week\b/.test(q)) {
    const d = new Date(startOfDay(now));
    const back = (d.getDay() + 6) % 7; // weeks start on Monday
    return { from: d.getTime() - back * DAY, to: now, label: 'this week', explicit: true };
  }
  const since = /\bsince\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/.exec(q);
  if (since) {
    let hour = Number(since[1]);
    if (since[3] === 'pm' && hour < 12) hour += 12;
    if (since[3] === 'am' && hour === 12) hour = 0;
    const d = new Date(now);
    d.setHours(hour, Number(since[2] ?? 0), 0, 0);
    let from = d.getTime();
    if (from > now) from -= DAY;
    return { from, to: now, label: `since ${String(hour).padStart(2, '0')}:${since[2] ?? '00'}`, explicit: true };
  }
  const hours = fallbackMs / HOUR;
  return { from: now - fallbackMs, to: now, label: `the last ${plural(hours, 'hour')}`, explicit: false };
}

/**
 * The window as a phrase that follows a clause: "in the last 24 hours", "yesterday", "since 14:00".
 * @example
 * when({ label: 'the last hour', … }) // 'in the last hour'
 */
export function when(window: Pick<TimeWindow, 'label'>): string {
  return window.label.startsWith('the ') ? `in ${window.label}` : window.label;
}
