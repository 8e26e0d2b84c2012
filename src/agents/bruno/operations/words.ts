import type { Vital } from '../language/plan.js';

/** How answers say "higher" and "highest" for a kind or vital ("warmer", "driest"). */
export function comparative(what: string, higher: boolean): string {
  if (what === 'temperature' || what === 'soc_temp') return higher ? 'warmer' : 'colder';
  if (what === 'humidity') return higher ? 'more humid' : 'drier';
  if (what === 'cpu') return higher ? 'busier' : 'less busy';
  return higher ? 'higher' : 'lower';
}
export function superlative(what: string, highest: boolean): string {
  if (what === 'temperature' || what === 'soc_temp') return highest ? 'warmest' : 'coldest';
  if (what === 'humidity') return highest ? 'most humid' : 'driest';
  if (what === 'cpu') return highest ? 'busiest' : 'least busy';
  return highest ? 'highest' : 'lowest';
}
export const vitalUnit = (v: Vital): string => (v === 'soc_temp' ? '°C' : '%');
