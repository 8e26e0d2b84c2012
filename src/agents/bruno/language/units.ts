import type { Units } from './plan.js';

/** Canonical spelling of a unit as stores and questions write it. */
export function canonicalUnit(unit: string): string {
  const u = unit.trim();
  if (/^(°?c|celsius|degc)$/i.test(u)) return '°C';
  if (/^(°?f|fahrenheit|degf)$/i.test(u)) return '°F';
  if (/^(°?k|kelvin)$/i.test(u)) return 'K';
  if (/^hpa$/i.test(u)) return 'hPa';
  if (/^(mbar|mb|millibars?)$/i.test(u)) return 'mbar';
  if (/^kpa$/i.test(u)) return 'kPa';
  if (/^pa$/i.test(u)) return 'Pa';
  if (/^inhg$/i.test(u)) return 'inHg';
  if (/^mmhg$/i.test(u)) return 'mmHg';
  return u;
}

const TO_BASE: Record<string, { base: string; to: (v: number) => number; from: (v: number) => number }> = {
  '°C': { base: '°C', to: (v) => v, from: (v) => v },
  '°F': { base: '°C', to: (v) => ((v - 32) * 5) / 9, from: (v) => (v * 9) / 5 + 32 },
  K: { base: '°C', to: (v) => v - 273.15, from: (v) => v + 273.15 },
  hPa: { base: 'hPa', to: (v) => v, from: (v) => v },
  /** A millibar is a hectopascal: the same number, written as the question asked ("in millibars", "mb"). */
  mbar: { base: 'hPa', to: (v) => v, from: (v) => v },
  Pa: { base: 'hPa', to: (v) => v / 100, from: (v) => v * 100 },
  kPa: { base: 'hPa', to: (v) => v * 10, from: (v) => v / 10 },
  inHg: { base: 'hPa', to: (v) => v / 0.0295299830714, from: (v) => v * 0.0295299830714 },
  mmHg: { base: 'hPa', to: (v) => v / 0.750061683, from: (v) => v * 0.750061683 },
};

/**
 * Converts between units of one quantity (temperatures, pressures); undefined when they differ in
 * kind ("%" to "°C") or one is not known.
 * @example
 * convert(80, '°F', '°C') // 26.67
 */
export function convert(value: number, from: string, to: string): number | undefined {
  const a = TO_BASE[canonicalUnit(from)];
  const b = TO_BASE[canonicalUnit(to)];
  if (canonicalUnit(from) === canonicalUnit(to) || (a && b && a === TO_BASE.hPa && b === TO_BASE.mbar) || (a === TO_BASE.mbar && b === TO_BASE.hPa)) return value;
  if (!a || !b || a.base !== b.base) return undefined;
  return b.from(a.to(value));
}

/** The unit an answer shows for a stored unit, as the question asked. */
export function displayUnit(stored: string, units: Units): string {
  const u = canonicalUnit(stored);
  if (TO_BASE[u]?.base === '°C') return units.temperature;
  if (TO_BASE[u]?.base === 'hPa') return units.pressure;
  return u;
}

/** Rounds to one decimal (what answers show; inHg and kPa get two). */
export const round1 = (v: number): number => Math.round(v * 10) / 10;
/** A converted value keeps the stored one's precision: 0.1 hPa is 0.01 kPa (101.36 kPa, not 101.4), about 0.003 inHg. */
const decimals = (unit: string): number => (unit === 'inHg' || unit === 'kPa' ? 2 : 1);
const SPACED = new Set(['hPa', 'mbar', 'kPa', 'Pa', 'inHg', 'mmHg', 'K']);
const label = (unit: string): string => (unit === '' ? '' : SPACED.has(unit) || /^[a-z]/i.test(unit) ? ` ${unit}` : unit);

/**
 * A value as an answer writes it, in the unit asked for: `22.5°C`, `72.5°F`, `101.3 kPa`.
 * @example
 * formatMeasure(22.46, '°C', { temperature: '°F', pressure: 'hPa' }) // '72.4°F'
 */
export function formatMeasure(value: number, stored: string, units: Units): string {
  const to = displayUnit(stored, units);
  const v = convert(value, stored, to) ?? value;
  return `${fixed(v, decimals(to))}${label(to)}`;
}

/** Rounds half up as `round1` does, so an answer's "90.1" is the 90.1 in its data (toFixed alone may write 90.0). */
const fixed = (v: number, d: number): string => (Math.round(v * 10 ** d) / 10 ** d).toFixed(d);

/** A difference or a rate in the unit asked for (1 °C of difference is 1.8 °F: no offset). */
export function formatDifference(delta: number, stored: string, units: Units): string {
  const to = displayUnit(stored, units);
  const zero = convert(0, stored, to) ?? 0;
  const v = (convert(delta, stored, to) ?? delta) - zero;
  const shown = to === '%' ? `${fixed(v, 1)} points` : `${fixed(v, decimals(to))}${label(to)}`;
  return shown;
}
