import type { AlertText } from './plan.js';
import { UNIT_WORDS } from './lexicon.js';
import { canonicalUnit, convert } from './units.js';

const ABOVE = '(?:is |goes |gets |rises |climbs |jumps |creeps |spikes |reads |is ever |ever goes )?(?:above|over|exceeds?|exceeding|greater than|more than|higher than|hotter than|warmer than|beyond|past|>=?|tops|topped|(?<=\\b(?:did|does|do|will|ever|not|it|to|never)\\s+(?:[\\w-]+\\s+){0,4})top|crest(?:s|ed)?|breach(?:es|ed)?|exceeded|cross(?:es|ed)?|pass(?:es|ed)?|surpass(?:es|ed)?|breaks|broke)';
const BELOW = '(?:is |goes |gets |drops |falls |dips |sinks |reads |dip |dipped |drop |dropped |fall |fell |sank |sink |go |went |get |got )?(?:below|under|less than|lower than|colder than|cooler than|drier than|beneath|<=?)';
const AT_LEAST = '(?:hits|hit|reaches|reach|gets to|at least|reaches at least|rises to|climbs to|goes up to|touches)';
const AT_MOST = '(?:at most|drops to|falls to|dips to|goes down to)';
const NUM = '(-?\\d+(?:\\.\\d+)?)\\s*(°\\s?[cfk]|(?:degrees?|degs?)\\s*(?:c|f|k|celsius|fahrenheit|kelvin)?\\b|deg\\s*[cf]?\\b|celsius|fahrenheit|kelvin|%|percent|pct|hpa|kpa|inhg|mmhg|mbar|millibars?|mb\\b|pa\\b|[cfk]\\b)?';
const COMPARISONS: [RegExp, AlertText['op']][] = [
  [new RegExp(`\\b${ABOVE}\\s*(?:of\\s*)?${NUM}`), '>'],
  [new RegExp(`\\b${BELOW}\\s*(?:of\\s*)?${NUM}`), '<'],
  [new RegExp(`\\b${AT_LEAST}\\s*${NUM}`), '>='],
  [new RegExp(`\\b${AT_MOST}\\s*${NUM}`), '<='],
];

/** "disk > 30%", "temp>=25": comparison symbols as the words the patterns read. */
const symbolsAsWords = (q: string): string => q.replace(/\s*>=\s*/g, ' at least ').replace(/\s*<=\s*/g, ' at most ').replace(/\s*>\s*/g, ' above ').replace(/\s*<\s*/g, ' below ');

/**
 * The comparison a sentence states with its number: "above 20°C", "drops below 30%", "over 80 F".
 * The value is converted to `storedUnit` when the sentence names a unit of the same quantity.
 * @example
 * readComparison('is warehouse a above 70°f', '°C') // { op: '>', value: 21.1, stated: { value: 70, unit: '°F' } }
 */
export function readComparison(masked: string, storedUnit: string | undefined): { op: NonNullable<AlertText['op']>; value: number; stated: { value: number; unit: string } } | undefined {
  const q = symbolsAsWords(masked.toLowerCase());
  const fahrenheit = /fahrenheit|°\s?f\b/.test(q);
  for (const [re, op] of COMPARISONS) {
    const m = re.exec(q);
    if (!m || !op) continue;
    const value = Number(m[1]);
    const unit = unitWord(m[2], fahrenheit);
    const to = storedUnit ? canonicalUnit(storedUnit) : unit;
    const converted = unit && to ? convert(value, unit, to) : value;
    return { op, value: converted === undefined ? value : Math.round(converted * 100) / 100, stated: { value, unit } };
  }
  return undefined;
}

/** A unit as written next to a number ("°F", "degrees fahrenheit", "%"); '' when none. */
function unitWord(raw: string | undefined, fahrenheitElsewhere: boolean): string {
  if (!raw) return '';
  const w = raw.toLowerCase().replace(/\s+/g, '');
  if (/^(degrees?|degs?)$/.test(w)) return fahrenheitElsewhere ? '°F' : '°C';
  const bare = w.replace(/^degrees?|^degs?/, '');
  return UNIT_WORDS[bare] ?? UNIT_WORDS[w] ?? canonicalUnit(raw);
}

/**
 * Reads an alert request's condition from the text with names blanked out, so a digit of
 * "pi-node-3" never becomes the threshold: the number attached to the comparison ("over 35°C",
 * "drops below 30%", "hits 80 °F") converted to the kind's stored unit; "for 10 minutes" →
 * `for_s`; a channel ("post to Slack", a webhook URL, PagerDuty with a routing key); a severity;
 * offline / unhealthy / anomaly conditions.
 * @example
 * readAlert('alert me if temperature on … goes over 80°f for 10 minutes', '°C', [{ seconds: 600 }])
 * // { op: '>', value: 26.7, stated: { value: 80, unit: '°F' }, for_s: 600, … }
 */
export function readAlert(masked: string, original: string, storedUnit: string | undefined, durations: { seconds: number }[]): AlertText {
  const q = symbolsAsWords(masked.toLowerCase());
  const out: AlertText = { channels: [] };
  const fahrenheit = /fahrenheit|°\s?f\b/.test(q);
  for (const [re, op] of COMPARISONS) {
    const m = re.exec(q);
    if (!m) continue;
    const value = Number(m[1]);
    const unit = unitWord(m[2], fahrenheit);
    out.op = op;
    out.stated = { value, unit };
    const to = storedUnit ? canonicalUnit(storedUnit) : unit;
    const converted = unit && to ? convert(value, unit, to) : value;
    out.value = converted === undefined ? value : Math.round(converted * 10) / 10;
    break;
  }
  // "critical alert: 30 degrees celsius for 5 minutes": a number with its unit and no comparison word is the limit
  // it must not pass — above it, unless the words say low ("freezing", "drops", "cold room under …").
  if (!out.op) {
    const m = new RegExp(`(?<![\\w.-])${NUM.slice(0, -1)}`).exec(q);
    if (m && m[2]) {
      const unit = unitWord(m[2], fahrenheit);
      const value = Number(m[1]);
      const to = storedUnit ? canonicalUnit(storedUnit) : unit;
      const converted = unit && to ? convert(value, unit, to) : value;
      out.op = /\b(cold|colder|freez\w*|frost\w*|low|lower|drops?|falls?|dips?|min(imum)?|below|under|less|dry|drier)\b/.test(q) ? '<' : '>';
      out.stated = { value, unit };
      out.value = converted === undefined ? value : Math.round(converted * 10) / 10;
    }
  }
  if (GONE_QUIET.test(q)) {
    out.condition = /\bno data|silent|quiet|dark|stops? (reporting|sending|talking|checking in|phoning home)\b/.test(q) ? 'silent' : 'offline';
  } else if (/\b(unhealthy|health|overloaded|critical state)\b/.test(q) && !out.op) out.condition = 'unhealthy';
  else if (/\banomal\w*|\bspikes?\b/.test(q) && !out.op) out.condition = 'anomaly';
  else if (out.op) out.condition = 'threshold';
  if (durations[0]) {
    if (out.condition === 'silent' || out.condition === 'offline') out.silent_s = durations[0].seconds;
    else out.for_s = durations[0].seconds;
  }
  if (/\b(critical|urgent|page me|sev ?1|p1)\b/.test(q)) out.severity = 'critical';
  else if (/\bwarning\b/.test(q)) out.severity = 'warning';
  const urls = [...original.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0].replace(/[.,;)]+$/, ''));
  const slackUrl = urls.find((u) => /hooks\.slack\.com/.test(u));
  if (/\bslack\b/.test(q) || slackUrl) out.channels.push({ type: 'slack', ...(slackUrl ?? (/\bslack\b/.test(q) ? urls[0] : undefined) ? { url: slackUrl ?? urls[0]! } : {}) });
  const hook = urls.find((u) => u !== slackUrl && !(/\bslack\b/.test(q) && !slackUrl && u === urls[0]));
  if (hook || /\bwebhook\b/.test(q) && !/\bslack\b/.test(q)) out.channels.push({ type: 'webhook', ...(hook ? { url: hook } : {}) });
  const key = /routing[ _-]?key\s*[:=]?\s*([a-z0-9]{8,})/i.exec(original)?.[1];
  if (/\bpager ?duty\b/.test(q)) out.channels.push({ type: 'pagerduty', ...(key ? { routing_key: key } : {}) });
  const name = /\b(?:named|called|name it|rename (?:it |alert \S+ |the alert )?to)\s+["']?([^"'?!.]+?)["']?\s*(?:$|[?!.]|\band\b)/i.exec(original)?.[1];
  if (name) out.name = name.trim();
  const id = /\b(?:alert|rule|#)\s*#?([0-9a-f]{8})\b/i.exec(original)?.[1] ?? /\b([0-9a-f]{8})\b/i.exec(original)?.[1];
  if (id) out.ruleId = id.toLowerCase();
  return out;
}

/** A node or sensor that stops reporting, in any of its words: "goes offline", "goes quiet", "goes dark", "stops talking", "drops off". */
const GONE_QUIET = /\b(offline|goes down|is down|stops? (reporting|sending|talking|responding|checking in|phoning home)|(goes|go|went|falls?|fell) (silent|quiet|dark|missing|mute)|no data|silent|unreachable|disconnects?|drops? off|falls? off)\b/;

/** A new threshold in an update ("change alert X to 30", "set the threshold to 80 °F"). */
export function readNewThreshold(masked: string, storedUnit: string | undefined): { value: number; stated: { value: number; unit: string } } | undefined {
  const q = masked.toLowerCase();
  const m = new RegExp(`\\b(?:to|at|threshold(?: of)?|limit(?: of)?)\\s+${NUM}`).exec(q);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = unitWord(m[2], /fahrenheit|°\s?f\b/.test(q));
  const to = storedUnit ? canonicalUnit(storedUnit) : unit;
  const converted = unit && to ? convert(value, unit, to) : value;
  return { value: converted === undefined ? value : Math.round(converted * 10) / 10, stated: { value, unit } };
}
