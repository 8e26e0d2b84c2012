import { DAY } from '../../core/time.js';

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
export function listJoin(items: string[], last: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}
