import { DAY } from '../../core/time.js';

const UNIT_LABEL: Record<string, string> = { C: '°C', '°C': '°C', F: '°F', '%': '%', hPa: ' hPa', Pa: ' Pa' };

/**
 * A value as an answer writes it: one decimal, with its unit.
 * @example
 * formatValue(22.46, 'C') // '22.5°C'
 */
export function formatValue(value: number, unit: string, fahrenheit = false): string {
  if (fahrenheit && (unit === '°C' || unit === 'C')) return `${round1(value * 9 / 5 + 32).toFixed(1)}°F`;
  return `${round1(value).toFixed(1)}${UNIT_LABEL[unit] ?? (unit ? ` ${unit}` : '')}`;
}

/**
 * A temperature difference in the unit asked for (a difference of 1 °C is 1.8 °F, no offset).
 * @example
 * formatDelta(2, '°C', true) // '3.6°F'
 */
export function formatDelta(value: number, unit: string, fahrenheit = false): string {
  if (fahrenheit && (unit === '°C' || unit === 'C')) return `${round1(value * 9 / 5).toFixed(1)}°F`;
  return formatValue(value, unit);
}

/** Rounds to one decimal (what answers show, and what `data` carries beside the exact value). */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * A time as an answer writes it: `14:23` today, `Nov 22 14:23` otherwise, in the server's zone.
 * @example
 * formatTime(Date.parse('2026-11-23T14:23:00'), Date.parse('2026-11-23T15:00:00')) // '14:23'
 */
export function formatTime(ms: number, now: number): string {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (Math.abs(now - ms) < DAY && new Date(now).getDate() === d.getDate()) return hm;
  return `${d.toLocaleString('en-US', { month: 'short' })} ${d.getDate()} ${hm}`;
}

/** "3 minutes ago", "2 hours ago". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

/** Joins names for prose: "a, b and c". */
export function listJoin(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
