import { PAYLOAD_FORMATS, type PayloadFormat } from './payloads/formats.js';

/** Which topics to read and how: MQTT wildcards `+`/`#`; `{1}`, `{2}` … are the segments `+` matched. */
export interface TopicMapping {
  topic: string;
  format: PayloadFormat;
  /** Sensor name template, default `{1}` (the first wildcard segment). */
  sensor?: string;
  location?: string;
}

/** The four ecosystems users run, out of the box. */
export const DEFAULT_TOPICS: TopicMapping[] = [
  { topic: 'zigbee2mqtt/+', format: 'zigbee2mqtt' },
  { topic: 'tele/+/SENSOR', format: 'tasmota' },
  { topic: 'homeassistant/sensor/+/state', format: 'number' },
  { topic: '+/sensor/+/state', format: 'number', sensor: '{1}-{2}' },
];

/**
 * Parses the compact form used in `MQTT_TOPICS`: `topic=format[=sensorTemplate]` separated by `;`.
 * @example
 * parseTopics('zigbee2mqtt/+=zigbee2mqtt;sensors/+/temp=number={1}-temperature')
 */
export function parseTopics(spec: string): { topics: TopicMapping[]; errors: string[] } {
  const topics: TopicMapping[] = [];
  const errors: string[] = [];
  for (const part of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [topic, format, sensor] = part.split('=');
    if (!topic || !format || !(PAYLOAD_FORMATS as readonly string[]).includes(format)) {
      errors.push(`"${part}": expected topic=format[=sensor] with format one of ${PAYLOAD_FORMATS.join(', ')}`);
      continue;
    }
    topics.push({ topic, format: format as PayloadFormat, ...(sensor ? { sensor } : {}) });
  }
  return { topics, errors };
}

/**
 * Matches a topic against a filter; returns the segments the wildcards took, or undefined.
 * @example
 * matchTopic('tele/+/SENSOR', 'tele/shelf-3/SENSOR') // ['shelf-3']
 */
export function matchTopic(filter: string, topic: string): string[] | undefined {
  const f = filter.split('/');
  const t = topic.split('/');
  const captured: string[] = [];
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') { captured.push(t.slice(i).join('/')); return captured; }
    if (i >= t.length) return undefined;
    if (f[i] === '+') captured.push(t[i]!);
    else if (f[i] !== t[i]) return undefined;
  }
  return f.length === t.length ? captured : undefined;
}

/** Fills `{1}`, `{2}` … of a template with captured segments. */
export function fillTemplate(template: string, captured: string[]): string {
  return template.replace(/\{(\d+)\}/g, (_, n: string) => captured[Number(n) - 1] ?? '');
}
