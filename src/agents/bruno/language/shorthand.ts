/**
 * Shorthand people type, written out before the question is read: informal day abbreviations
 * ("yday", "yest", "tdy"), "rn" / "atm" for now, and bare hour ranges ("2 to 4 yesterday",
 * "between 14 and 16") as clock times the time parser reads.
 */

/** Informal spellings of days and of "now", whole words only. */
const DAY_SHORTHAND: [RegExp, string][] = [
  [/\b(?:yday|y'day|yda|ydy|yest|ystd|ystdy|ysterday|yesterdy|yesturday|yestarday|yesteday|yestday|yesterda)\b/gi, 'yesterday'],
  [/\b(?:tdy|2day|tday|todya|toady)\b/gi, 'today'],
  [/\b(?:rn|atm|rite now)\b/gi, 'right now'],
  [/\b(?:tonite|2nite|tnite)\b/gi, 'tonight'],
  [/\b(?:ystrday morning)\b/gi, 'yesterday morning'],
  [/\b(?:lst|lsat)\b/gi, 'last'],
  [/\b(?:wk)\b/gi, 'week'],
  // Slips of the words every question has ("in teh boilerhouse", "waht is", "whre is"): never names.
  [/\b(?:teh|hte|tje|yhe|tthe|thhe|rhe|tge|thw)\b/gi, 'the'],
  [/\b(?:waht|wht|whta|hwat)\b/gi, 'what'],
  [/\b(?:whre|wher|wehre|hwere)\b/gi, 'where'],
  // Text-speak "r" / "u" for are / you, only where a question word or the start puts them (never "warehouse r").
  [/(^\s*|\b(?:how|what|where|which|who|why|when|so|and)\s+)r(?=\s)/gi, '$1are'],
  [/(^\s*|\b(?:are|r|can|could|do|did|will|would)\s+)u(?=\s)/gi, '$1you'],
];
/** Dropped g's ("lookin", "doin'", "goin"): the verb as the cues read it. */
const G_DROPPED = /\b(look|do|go|runn|feel|gett|trend|ris|fall|climb|dropp|report|hold|work|heat|cool|warm|read|show|hang|creep|act|behav)in['’]?(?![a-z])/gi;
/** Everyday words for a temperature or a humidity that the lexicon's kind words do not carry. */
const SLANG: [RegExp, string][] = [
  [/\b(?:toasty|toastie|balmy|roasting|sweltering|scorching)\b/gi, 'hot'],
  [/\b(?:toastier|balmier)\b/gi, 'hotter'],
  [/\b(?:toastiest|balmiest)\b/gi, 'hottest'],
  [/\b(?:nippy|frigid|icy)\b/gi, 'cold'],
  [/\b(?:nippier|icier)\b/gi, 'colder'],
  [/\b(?:nippiest|iciest)\b/gi, 'coldest'],
  [/\b(?:sticky|clammy|steamy)\b/gi, 'humid'],
  [/\b(?:stickier|clammier|steamier)\b/gi, 'more humid'],
  [/\b(?:parched)\b/gi, 'dry'],
  // "is pi-node-3 in good shape / decent condition": its health, never a place named "decent condition".
  [/\bin (?:good|bad|decent|ok|okay|fine|great|poor|rough|good working|working) (?:shape|health|condition|nick|form|order)\b/gi, 'healthy'],
];

/** Words for a node (or a node's name shape: "pi 3", "node-5"). */
const MACHINE_WORD = /\b(?:pis?|nodes?|box(?:es)?|machines?|devices?|hosts?|gateways?|rpis?|raspis?|raspberr(?:y|ies)|servers?)\b|\b(?:pi|node)[- ]?\d/i;
/** A time anchor near a bare hour range: a day, a weekday or a part of the day. */
const DAY_WORDS = /\b(yesterday|today|tonight|this morning|this afternoon|this evening|last night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|on the \d{1,2}(st|nd|rd|th)?)\b/i;
/** Words after a number that make it a quantity, not an hour. */
const NOT_HOUR = String.raw`(?!\s*(?:%|°|percent|degrees?|deg|c\b|f\b|k\b|hpa|kpa|h\b|hrs?\b|hours?|m\b|mins?\b|minutes?|days?|weeks?|s\b|secs?|seconds?|am\b|pm\b|a\.m|p\.m|:|\.\d))`;
const RANGE = new RegExp(String.raw`\b(from|between)?\s*\b([01]?\d|2[0-4])${NOT_HOUR}\s*(to|till|until|-|and)\s*([01]?\d|2[0-4])\b${NOT_HOUR}`, 'gi');

/**
 * Rewrites shorthand into the words the rest of the parser reads.
 * @example
 * expandShorthand('max temp yday 2 to 4') // 'max temp yesterday from 2pm to 4pm'
 */
export function expandShorthand(text: string): string {
  // "good morning, …": a greeting, never the time window asked about.
  let out = text.replace(/^\s*(?:(?:hi|hey|hello)[,!]?\s+)?good (?:morning|afternoon|evening|day|night)\b[\s,!.:;-]*/i, '');
  for (const [re, word] of DAY_SHORTHAND) out = out.replace(re, word);
  out = out.replace(G_DROPPED, (_, stem: string) => `${stem}ing`);
  // "which pi is cooking", "is pi-node-5 baking": a machine said to be hot runs hot — its chip, not the room.
  // Said of a room it is just hot ("is the office cooking").
  // "which pi is cooking" asks which one is hottest: the chips ranked.
  out = out.replace(/\b(?:cooking|baking|roasting|frying|sizzling|burning up|melting|toasty|on fire)\b/gi, !MACHINE_WORD.test(out) ? 'hot' : /\b(?:which|what)\b/i.test(out) ? 'hottest' : 'running hot');
  for (const [re, word] of SLANG) out = out.replace(re, word);
  // "temperature-wise", "disk wise": the measure the question is about, not a name ("otherwise", "clockwise" stay).
  out = out.replace(/\b([a-z]{2,})(?:-|\s)?wise\b/gi, (all, w: string) => (/^(other|like|clock|counterclock|anticlock|length|street|pen)$/i.test(w) ? all : w));
  // "between 8 and 10am": the range's first hour takes the meridiem written after the second.
  out = out.replace(/\b(between|from)\s+(\d{1,2})(:\d{2})?\s+(and|to|until|till|-)\s+(\d{1,2})(:\d{2})?\s*(am|pm)\b/gi, (_, lead: string, h0: string, m0: string | undefined, join: string, h1: string, m1: string | undefined, ap: string) =>
    `${lead} ${h0}${m0 ?? ''}${Number(h0) > Number(h1) && ap.toLowerCase() === 'pm' ? 'am' : ap} ${join} ${h1}${m1 ?? ''}${ap}`);
  // A bare hour range only where a day is named or "from"/"between" leads it, never in an alert's threshold range.
  if (/\b(alert|notify|warn|page|let me know)\b/i.test(out)) return out;
  const afternoon = /\b(afternoon|evening|tonight|pm)\b/i.test(out);
  const morning = /\b(morning|am|night|overnight)\b/i.test(out);
  out = out.replace(RANGE, (m, lead: string | undefined, a: string, _sep: string, b: string, offset: number, whole: string) => {
    const before = whole.slice(Math.max(0, offset - 12), offset);
    if (/\b(top|bottom|last|past|next|over|above|below|under|than|pi|node)\s*$/i.test(before)) return m;
    if (!lead && !DAY_WORDS.test(whole)) return m;
    let from = Number(a), to = Number(b);
    // A 24-hour clock when either hour says so ("0 to 6", "14 to 16"); else as a clock is read aloud:
    // two hours 1 to 7 are the afternoon's unless the morning is named ("2 to 4" is 14:00-16:00, "9 to 5" 09:00-17:00).
    if (from <= 12 && to <= 12 && from > 0 && to > 0 && !morning) {
      if (afternoon) { if (from < 12) from += 12; if (to < 12) to += 12; } else if (from <= 7 && to <= 7) { from += 12; to += 12; } else if (to < from) to += 12;
    }
    if (from >= to || to > 24) return m;
    const clock = (h: number) => (h === 24 ? '11:59pm' : `${h % 12 || 12}${h < 12 ? 'am' : 'pm'}`);
    return `${m.startsWith(' ') ? ' ' : ''}from ${clock(from)} to ${clock(to)}`;
  });
  return out;
}
