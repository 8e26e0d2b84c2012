import { PAYLOAD_FORMATS, isPayloadFormat, type PayloadFormat } from './payloads/formats.js';

/**
 * Which topics to read and how. `topic` is an MQTT filter (`+` one level, `#` the rest); `{1}`,
 * `{2}` … in `sensor` are the segments the wildcards matched, in order.
 */
export interface TopicMapping {
  topic: string;
  format: PayloadFormat;
  /** Sensor name template, default `{1}`. Payloads with several quantities append `-<kind>`. */
  sensor?: string;
  /** Kind (and unit) for single-value payloads whose sensor name does not say it. */
  kind?: string;
  unit?: string;
  /** Overrides the source's location / node (one broker, sensors in several places). */
  location?: string;
  node?: string;
}

/**
 * The four ecosystems out of the box. Order matters: a message takes the first mapping it matches,
 * so Home Assistant's `homeassistant/sensor/…` is read as HA, not by the ESPHome pattern.
 */
export const DEFAULT_TOPICS: readonly TopicMapping[] = [
  { topic: 'zigbee2mqtt/+', format: 'zigbee2mqtt', sensor: '{1}' },
  { topic: 'tele/+/SENSOR', format: 'tasmota', sensor: '{1}' },
  { topic: 'homeassistant/sensor/+/state', format: 'homeassistant', sensor: '{1}' },
  { topic: 'homeassistant/binary_sensor/+/state', format: 'homeassistant', sensor: '{1}' },
  { topic: '+/sensor/+/state', format: 'esphome', sensor: '{1}-{2}' },
  { topic: '+/binary_sensor/+/state', format: 'esphome', sensor: '{1}-{2}' },
];

const OPTION_KEYS = ['sensor', 'kind', 'unit', 'location', 'node'] as const;
type OptionKey = (typeof OPTION_KEYS)[number];
/** The reading schema's limits (core/schemas.ts), checked here so a typo fails at start, not per message. */
const MAX_LENGTH: Readonly<Record<OptionKey, number>> = { sensor: 128, kind: 64, unit: 16, location: 128, node: 128 };

/**
 * Parses the compact form of `MQTT_TOPICS`: mappings separated by `;`, each `topic=format` then
 * optional `,key=value` pairs (sensor, kind, unit, location, node). The older `topic=format=sensor`
 * is read too. Bad entries are skipped and explained in `errors`, the others still apply.
 * @example
 * parseTopics('zigbee2mqtt/+=zigbee2mqtt;tele/+/SENSOR=tasmota')
 * parseTopics('lab/+/t=number,sensor={1}-probe,kind=temperature,unit=°C,location=lab')
 */
export function parseTopics(spec: string): { topics: TopicMapping[]; errors: string[] } {
  const topics: TopicMapping[] = [];
  const errors: string[] = [];
  for (const entry of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const result = parseEntry(entry);
    if (typeof result === 'string') errors.push(`"${entry}": ${result}`);
    else topics.push(result);
  }
  return { topics, errors };
}

/** One `topic=format,key=value…` entry, or why it is not one. */
function parseEntry(entry: string): TopicMapping | string {
  const [head = '', ...pairs] = entry.split(',').map((p) => p.trim());
  const [topic = '', format = '', legacySensor, ...extra] = head.split('=').map((p) => p.trim());
  const filterError = checkFilter(topic);
  if (filterError) return filterError;
  if (!isPayloadFormat(format)) return `format "${format}" is not one of ${PAYLOAD_FORMATS.join(', ')} (expected topic=format,key=value…)`;
  if (extra.length > 0) return `expected topic=format,key=value… (one "=" too many in "${head}")`;
  const mapping: TopicMapping = { topic, format, ...(legacySensor ? { sensor: legacySensor } : {}) };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const value = eq < 0 ? '' : pair.slice(eq + 1).trim();
    if (!(OPTION_KEYS as readonly string[]).includes(key)) return `"${pair}": key is not one of ${OPTION_KEYS.join(', ')}`;
    const k = key as OptionKey;
    if (!value) return `"${pair}": ${k} needs a value`;
    if (value.length > MAX_LENGTH[k]) return `"${pair}": ${k} is longer than ${MAX_LENGTH[k]} characters`;
    mapping[k] = value;
  }
  const wildcards = topic.split('/').filter((l) => l === '+' || l === '#').length;
  const missing = [...(mapping.sensor ?? '{1}').matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])).find((n) => n < 1 || n > wildcards);
  if (missing !== undefined) return `sensor "${mapping.sensor ?? '{1}'}" uses {${missing}} but the topic has ${wildcards} wildcard${wildcards === 1 ? '' : 's'}`;
  return mapping;
}

/**
 * The compact form of mappings (inverse of {@link parseTopics}), for logs and docs.
 * @example
 * formatTopics(DEFAULT_TOPICS) // 'zigbee2mqtt/+=zigbee2mqtt,sensor={1};tele/+/SENSOR=tasmota,sensor={1};…'
 */
export function formatTopics(topics: readonly TopicMapping[]): string {
  return topics.map((t) => [`${t.topic}=${t.format}`, ...OPTION_KEYS.filter((k) => t[k] !== undefined).map((k) => `${k}=${t[k]}`)].join(',')).join(';');
}

/**
 * Why a topic filter is invalid, or undefined when it is fine (MQTT 3.1.1 §4.7.1): the broker
 * would refuse the whole SUBSCRIBE, so a bad filter must fail at start, alone.
 * @example
 * checkFilter('tele/+/SENSOR') // undefined
 * checkFilter('tele/#/SENSOR') // '"#" must be the whole last level of "tele/#/SENSOR"'
 */
export function checkFilter(filter: string): string | undefined {
  if (!filter) return 'empty topic';
  if (filter.includes('\u0000')) return `topic "${filter}" contains a null character`;
  if (Buffer.byteLength(filter, 'utf8') > 65_535) return 'topic is longer than 65535 bytes';
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return `"#" must be the whole last level of "${filter}"`;
    if (level.includes('+') && level !== '+') return `"+" must be a whole level of "${filter}"`;
  }
  return undefined;
}

/**
 * Matches a topic against a filter; returns the segments the wildcards took (`#` as one joined
 * string, '' when it matched the parent level), or undefined. `$SYS/…` topics never match a
 * leading wildcard, as brokers do (MQTT 3.1.1 §4.7.2).
 * @example
 * matchTopic('tele/+/SENSOR', 'tele/shelf-3/SENSOR') // ['shelf-3']
 * matchTopic('#', '$SYS/broker/uptime')             // undefined
 */
export function matchTopic(filter: string, topic: string): string[] | undefined {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return undefined;
  const captured: string[] = [];
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') { captured.push(t.slice(i).join('/')); return captured; }
    if (i >= t.length) return undefined;
    if (f[i] === '+') captured.push(t[i]!);
    else if (f[i] !== t[i]) return undefined;
  }
  return f.length === t.length ? captured : undefined;
}

/**
 * The filters to subscribe to: duplicates and filters another one covers are left out, because a
 * broker may deliver a message once per matching subscription (Mosquitto 2 does) and it must be
 * read once. Which mapping reads a message is decided by mapping order, not by subscription.
 * @example
 * subscriptionFilters(DEFAULT_TOPICS) // no 'homeassistant/sensor/+/state': '+/sensor/+/state' covers it
 */
export function subscriptionFilters(topics: readonly TopicMapping[]): string[] {
  const unique = [...new Set(topics.map((t) => t.topic))];
  return unique.filter((a) => !unique.some((b) => b !== a && covers(b, a)));
}

/**
 * Whether every topic `inner` matches is also matched by `outer`.
 * @example
 * covers('+/sensor/+/state', 'homeassistant/sensor/+/state') // true
 * covers('#', '$SYS/broker/uptime')                        // false: `#` never delivers $SYS
 */
export function covers(outer: string, inner: string): boolean {
  const o = outer.split('/');
  const n = inner.split('/');
  if (inner.startsWith('$') && (o[0] === '+' || o[0] === '#')) return false;
  for (let i = 0; i < o.length; i++) {
    if (o[i] === '#') return true;
    if (i >= n.length || n[i] === '#') return false;
    if (o[i] !== '+' && (n[i] === '+' || o[i] !== n[i])) return false;
  }
  return o.length === n.length;
}

/**
 * Fills `{1}`, `{2}` … of a template with captured segments (missing ones become '').
 * @example
 * fillTemplate('{1}-{2}', ['esp-dock', 'temperature']) // 'esp-dock-temperature'
 */
export function fillTemplate(template: string, captured: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (_, n: string) => captured[Number(n) - 1] ?? '');
}
